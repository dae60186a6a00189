package dev.vigil.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.BillingFixtures.Item;
import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.ExportFormat;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.cost.read.ExportSchema;
import dev.vigil.core.cost.read.NotABillingExportException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Parquet exports (written here, by the test) read back through the decoder: the same sums as their line items. */
class ParquetExportDecoderTest {

    @TempDir
    Path dir;

    final ExportReader reader = new ExportReader(new ParquetExportDecoder());

    CostAggregate read(Path file, CostMetric metric, ExportFormat expected) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(metric));
        reader.readFile(file, agg, expected, CsvExportReader.Progress.NONE);
        return agg.result();
    }

    static double sum(CostAggregate a, CostFact.Grain g, Predicate<CostFact> p) {
        return a.facts().stream().filter(f -> f.grain() == g && p.test(f)).mapToDouble(CostFact::cost).sum();
    }

    enum Codec {
        SNAPPY, GZIP, UNCOMPRESSED
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void aCur2ParquetExportAddsUpToItsLineItems(Codec codec) throws IOException {
        List<Item> items = BillingFixtures.sampleItems(LocalDate.of(2024, 8, 30), 6, 11);
        Path file = dir.resolve("cur2-00001.snappy.parquet");
        ParquetFixtures.writeCur2(file, items, CompressionCodecName.valueOf(codec.name()));

        CostAggregate u = read(file, CostMetric.UNBLENDED, ExportFormat.CUR_2);
        CostAggregate a = read(file, CostMetric.AMORTIZED, null);

        assertThat(u.formats()).containsExactly("CUR 2.0 (parquet)");
        assertThat(u.rows()).isEqualTo(items.size());
        assertThat(u.badRows().count()).isZero();
        assertThat(sum(u, CostFact.Grain.DETAIL, f -> true)).isCloseTo(BillingFixtures.sum(items, i -> true, false),
                offset(1e-6));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> true)).isCloseTo(BillingFixtures.sum(items, i -> true, true),
                offset(1e-6));
        assertThat(sum(u, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.TAX)).isEqualTo(7.25);
        assertThat(sum(u, CostFact.Grain.TAG, f -> f.a().equals("team") && f.b().equals("web")))
                .isCloseTo(BillingFixtures.sum(items, i -> "web".equals(i.tags().get("team")), false), offset(1e-6));
        assertThat(u.hourly()).isTrue();
        assertThat(u.firstDay()).isEqualTo(LocalDate.of(2024, 8, 30));
    }

    @Test
    void aFocusParquetExportWithDecimalCostsAndMapTagsAddsUp() throws IOException {
        List<Item> items = BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), 4, 3);
        Path file = dir.resolve("focus-00001.parquet");
        ParquetFixtures.writeFocus(file, items, CompressionCodecName.SNAPPY);

        CostAggregate u = read(file, CostMetric.UNBLENDED, ExportFormat.FOCUS);
        CostAggregate a = read(file, CostMetric.AMORTIZED, null);

        assertThat(u.formats()).containsExactly("FOCUS 1.2 (parquet)");
        assertThat(u.rows()).isEqualTo(items.size());
        assertThat(sum(u, CostFact.Grain.DETAIL, f -> true)).isCloseTo(BillingFixtures.sum(items, i -> true, false),
                offset(1e-6));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> true)).isCloseTo(BillingFixtures.sum(items, i -> true, true),
                offset(1e-6));
        assertThat(sum(u, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.FEE))
                .isCloseTo(BillingFixtures.sum(items, i -> i.type().equals("RIFee"), false), offset(1e-6));
        assertThat(sum(u, CostFact.Grain.TAG, f -> f.a().equals("env")))
                .isCloseTo(BillingFixtures.sum(items, i -> i.tags().containsKey("env"), false), offset(1e-6));
    }

    @Test
    void theSameItemsGiveTheSameFactsFromCsvGzAndFromParquet() throws IOException {
        List<Item> items = BillingFixtures.sampleItems(LocalDate.of(2024, 8, 28), 5, 5);
        Path parquet = dir.resolve("x.parquet");
        ParquetFixtures.writeCur2(parquet, items, CompressionCodecName.SNAPPY);
        Path csv = dir.resolve("x.csv.gz");
        java.nio.file.Files.write(csv, BillingFixtures.gzip(BillingFixtures.cur2Csv(items)));

        CostAggregate p = read(parquet, CostMetric.AMORTIZED, null);
        CostAggregate c = read(csv, CostMetric.AMORTIZED, null);
        assertThat(sorted(p)).hasSameSizeAs(sorted(c));
        List<String> ps = sorted(p);
        List<String> cs = sorted(c);
        for (int i = 0; i < ps.size(); i++) {
            assertThat(ps.get(i)).isEqualTo(cs.get(i));
        }
    }

    private static List<String> sorted(CostAggregate a) {
        return a.facts().stream().map(f -> f.grain() + "|" + f.epochDay() + "|" + f.category() + "|" + f.account() + "|"
                + f.service() + "|" + f.a() + "|" + f.b() + "|" + String.format("%.6f", f.cost())).sorted().toList();
    }

    @Test
    void aParquetFileThatIsNotABillingExportIsRefused() throws IOException {
        Path file = dir.resolve("other.parquet");
        org.apache.parquet.schema.MessageType t = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message m { optional double value; optional binary name (STRING); }");
        try (var w = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                new org.apache.parquet.io.LocalOutputFile(file)).withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withType(t).build()) {
            w.write(new org.apache.parquet.example.data.simple.SimpleGroupFactory(t).newGroup().append("value", 1.0)
                    .append("name", "x"));
        }
        assertThatThrownBy(() -> read(file, CostMetric.AMORTIZED, null)).isInstanceOf(NotABillingExportException.class)
                .hasMessageContaining("is not a billing export");
    }

    @Test
    void schemaDetectionSeesFocusVersionFromColumns() throws IOException {
        Path file = dir.resolve("f.parquet");
        ParquetFixtures.writeFocus(file, BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), 1, 1),
                CompressionCodecName.UNCOMPRESSED);
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults());
        ExportSchema s = reader.readFile(file, agg, null, CsvExportReader.Progress.NONE);
        assertThat(s.version()).isEqualTo("1.2");
    }
}
