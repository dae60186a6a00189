package dev.vigil.core.cost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.log.StructuredLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 9, Medium 6: one bad delivery never wipes a period, and an absurd amount is a bad row, not Infinity. */
class BadDeliveryTest {

    static final String MANIFEST = """
            {"assemblyId":"%s","account":"123","columns":[{"category":"identity","name":"LineItemId"},
             {"category":"lineItem","name":"UnblendedCost"},{"category":"lineItem","name":"UsageStartDate"}],
             "charset":"UTF-8","compression":"GZIP","contentType":"text/csv","reportId":"x","reportName":"cur",
             "billingPeriod":{"start":"20240901T000000.000Z","end":"20241001T000000.000Z"},"bucket":"b",
             "reportKeys":["p/cur/20240901-20241001/%s/cur-00001.csv.gz"],"additionalArtifactKeys":[]}
            """;

    static ExportManifest manifest(String assembly) {
        return ExportManifest.parse(MANIFEST.formatted(assembly, assembly), "b",
                "p/cur/20240901-20241001/cur-Manifest.json");
    }

    static CostAggregate read(String csv) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.UNBLENDED));
        new ExportReader(null).readCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "cur.csv",
                agg, null, CsvExportReader.Progress.NONE);
        return agg.result();
    }

    static String goodCsv() {
        return BillingFixtures.legacyCsv(BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), 20, 9));
    }

    /** The same header with every cost replaced by text: every row is bad. */
    static String corrupted(String csv) {
        String[] lines = csv.split("\n");
        StringBuilder b = new StringBuilder(lines[0]).append('\n');
        int cost = List.of(BillingFixtures.LEGACY_HEADER).indexOf("lineItem/UnblendedCost");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            f[cost] = "garbled";
            b.append(String.join(",", f)).append('\n');
        }
        return b.toString();
    }

    final InMemoryCostStore store = new InMemoryCostStore();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final CostPipeline pipeline = new CostPipeline(store, (e, a, c) -> java.util.Set.of(), null,
            CostSettings.defaults(), new StructuredLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "t"),
            () -> Instant.parse("2024-09-25T00:00:00Z"));

    double stored() {
        return store.load("b/p/cur", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)).stream()
                .filter(f -> f.grain() == CostFact.Grain.DETAIL).mapToDouble(CostFact::cost).sum();
    }

    @Test
    void aNewerDeliveryWithNoGoodRows_keepsThePreviousGeneration_andIsReported() throws IOException {
        String csv = goodCsv();
        assertThat(pipeline.ingest(manifest("a1"), 1, read(csv)).outcome()).isEqualTo(CostStore.Outcome.REPLACED);
        double before = stored();
        assertThat(before).isGreaterThan(100);

        CostAggregate bad = read(corrupted(csv));
        assertThat(bad.rows()).isZero();
        CostPipeline.Ingest i = pipeline.ingest(manifest("a2"), 2, bad);
        assertThat(i.outcome()).isEqualTo(CostStore.Outcome.REFUSED);
        assertThat(stored()).isEqualTo(before);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("bad billing delivery refused")
                .contains("cost is not a number");

        // an empty newer delivery (header only) is refused the same way
        assertThat(pipeline.ingest(manifest("a3"), 3, read(csv.substring(0, csv.indexOf('\n') + 1))).outcome())
                .isEqualTo(CostStore.Outcome.REFUSED);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aDeliveryWithMostlyBadRows_isRefused_butAFewBadRowsAreNot() throws IOException {
        String csv = goodCsv();
        String[] lines = csv.split("\n");
        int cut = lines.length * 2 / 3;
        String mostlyBad = String.join("\n", List.of(lines).subList(0, lines.length - cut)) + "\n"
                + corrupted(lines[0] + "\n" + String.join("\n", List.of(lines).subList(lines.length - cut,
                        lines.length)) + "\n").substring(lines[0].length() + 1);
        assertThat(pipeline.ingest(manifest("a1"), 1, read(mostlyBad)).outcome())
                .isEqualTo(CostStore.Outcome.REFUSED);
        String fewBad = csv + corrupted(lines[0] + "\n" + lines[1] + "\n").substring(lines[0].length() + 1);
        CostPipeline.Ingest ok = pipeline.ingest(manifest("a2"), 2, read(fewBad));
        assertThat(ok.outcome()).isEqualTo(CostStore.Outcome.REPLACED);
        assertThat(ok.badRows()).isEqualTo(1);
    }

    @Test
    void anAmountOf1e308_isABadRow_andNoDayBecomesInfinity() throws IOException {
        String csv = goodCsv();
        String[] lines = csv.split("\n");
        int cost = List.of(BillingFixtures.LEGACY_HEADER).indexOf("lineItem/UnblendedCost");
        StringBuilder b = new StringBuilder(csv);
        for (int i = 1; i <= 3; i++) {
            String[] f = lines[i].split(",", -1);
            f[cost] = i == 3 ? "-1e308" : "1e308";
            b.append(String.join(",", f)).append('\n');
        }
        CostAggregate a = read(b.toString());
        assertThat(a.badRows().count()).isEqualTo(3);
        assertThat(a.badRows().byReason()).containsEntry("cost out of range", 3L);
        assertThat(a.facts()).allSatisfy(f -> assertThat(Double.isFinite(f.cost())).isTrue());
    }
}
