package dev.vigil.core.cost.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.BillingFixtures.Item;
import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.ExportFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The parsers on the real samples (events/billing) and on generated exports of each dialect. */
class ExportParsingTest {

    final ExportReader reader = new ExportReader(null);

    CostAggregate read(String name, byte[] bytes, CostMetric metric) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(metric));
        reader.readCsv(new ByteArrayInputStream(bytes), name, agg, null, CsvExportReader.Progress.NONE);
        return agg.result();
    }

    static double sum(CostAggregate a, CostFact.Grain grain, Predicate<CostFact> p) {
        return a.facts().stream().filter(f -> f.grain() == grain && p.test(f)).mapToDouble(CostFact::cost).sum();
    }

    @Test
    void theRealLegacyCurSampleIsReadWhole() throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.UNBLENDED));
        ExportSchema s = reader.readFile(TestData.billing("cur-legacy-sample/sample-anonymous-aws-export-dataset.csv.gz"),
                agg, null, CsvExportReader.Progress.NONE);
        CostAggregate a = agg.result();

        assertThat(s.format()).isEqualTo(ExportFormat.CUR_LEGACY);
        assertThat(a.rows()).isEqualTo(1281);
        assertThat(a.badRows().count()).isZero();
        assertThat(a.hourly()).isTrue();
        assertThat(a.firstDay()).isEqualTo(LocalDate.of(2023, 11, 1));
        assertThat(a.lastDay()).isEqualTo(LocalDate.of(2023, 11, 14));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> true)).isCloseTo(1.6823086974, offset(1e-9));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.TAX)).isCloseTo(0.08, offset(1e-9));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.USAGE
                && f.service().equals("AmazonS3"))).isCloseTo(1.3705653565, offset(1e-9));
        assertThat(a.currencies()).containsExactly("USD");
        // hourly export: hourly facts add up to the same total
        assertThat(sum(a, CostFact.Grain.HOURLY, f -> true)).isCloseTo(1.6823086974, offset(1e-9));
    }

    @Test
    void theRealFocusSampleIsReadWithItsRealWorldDeviations() throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.UNBLENDED));
        ExportSchema s = reader.readFile(TestData.billing("focus-sample-data/focus_sample.csv.gz"), agg, null,
                CsvExportReader.Progress.NONE);
        CostAggregate a = agg.result();

        assertThat(s.format()).isEqualTo(ExportFormat.FOCUS);
        assertThat(s.version()).isEqualTo("1.0");
        assertThat(a.rows()).isEqualTo(1000);                       // space-separated timestamps all parsed
        assertThat(a.badRows().count()).isZero();
        // "Usage-Based" and "Usage-based" both count as usage; the One-Time credit is not usage
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.USAGE))
                .isCloseTo(22.86192672899, offset(1e-8));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.CREDIT))
                .isCloseTo(-2.6137, offset(1e-9));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.ADJUSTMENT))
                .isCloseTo(0.272, offset(1e-9));
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> true)).isCloseTo(20.52022672899, offset(1e-8));
        // NULL regions are "global", never the string NULL
        assertThat(a.facts()).noneMatch(f -> f.a().equals("NULL") || f.account().equals("NULL"));
        // JSON tags: keys from the objects
        assertThat(a.facts().stream().filter(f -> f.grain() == CostFact.Grain.TAG).map(CostFact::a)
                .collect(Collectors.toSet())).contains("application", "environment", "business_unit");
    }

    @Test
    void theFocusSampleAmortisedUsesEffectiveCost() throws IOException {
        CostAggregate a = read("focus.csv.gz", java.nio.file.Files.readAllBytes(
                TestData.billing("focus-sample-data/focus_sample.csv.gz")), CostMetric.AMORTIZED);
        assertThat(sum(a, CostFact.Grain.DETAIL, f -> true)).isCloseTo(14.97651418586, offset(1e-8));
    }

    @Test
    void theFocusSpecExampleOfACommitmentPurchaseIsAFee() throws IOException {
        byte[] csv = java.nio.file.Files.readAllBytes(
                TestData.billing("focus-spec-examples/commitment_discount_purchase_scenario_2.csv"));
        CostAggregate unblended = read("purchase.csv", csv, CostMetric.UNBLENDED);
        CostAggregate amortised = read("purchase.csv", csv, CostMetric.AMORTIZED);
        assertThat(unblended.rows()).isEqualTo(3);
        assertThat(sum(unblended, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.FEE)).isEqualTo(3.0);
        assertThat(sum(amortised, CostFact.Grain.DETAIL, f -> true)).isZero();
    }

    enum Dialect {
        LEGACY, CUR2, FOCUS
    }

    static String write(Dialect d, List<Item> items) {
        return switch (d) {
            case LEGACY -> BillingFixtures.legacyCsv(items);
            case CUR2 -> BillingFixtures.cur2Csv(items);
            case FOCUS -> BillingFixtures.focusCsv(items);
        };
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void generatedCsvGzExportsOfEachDialectAddUpToTheirLineItems(Dialect d) throws IOException {
        List<Item> items = BillingFixtures.sampleItems(LocalDate.of(2024, 8, 30), 5, 7);
        byte[] gz = BillingFixtures.gzip(write(d, items));
        CostAggregate unblended = read("export.csv.gz", gz, CostMetric.UNBLENDED);
        CostAggregate amortised = read("export.csv.gz", gz, CostMetric.AMORTIZED);

        assertThat(unblended.badRows().count()).isZero();
        assertThat(unblended.rows()).isEqualTo(items.size());
        assertThat(unblended.formats().get(0)).startsWith(switch (d) {
            case LEGACY -> "legacy CUR";
            case CUR2 -> "CUR 2.0";
            case FOCUS -> "FOCUS 1.1";
        });
        assertThat(sum(unblended, CostFact.Grain.DETAIL, f -> true))
                .isCloseTo(BillingFixtures.sum(items, i -> true, false), offset(1e-6));
        assertThat(sum(amortised, CostFact.Grain.DETAIL, f -> true))
                .isCloseTo(BillingFixtures.sum(items, i -> true, true), offset(1e-6));
        assertThat(sum(amortised, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.USAGE
                && f.service().equals("AmazonEC2") && f.account().equals("222222222222")))
                .isCloseTo(BillingFixtures.sum(items, i -> (i.type().equals("Usage")
                        || i.type().equals("SavingsPlanCoveredUsage")) && i.service().equals("AmazonEC2")
                        && i.account().equals("222222222222"), true), offset(1e-6));
        assertThat(sum(unblended, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.FEE))
                .isCloseTo(BillingFixtures.sum(items, i -> i.type().equals("RIFee"), false), offset(1e-6));
        assertThat(sum(unblended, CostFact.Grain.DETAIL, f -> f.category() == ChargeCategory.TAX)).isEqualTo(7.25);
        // tags, whatever their encoding (legacy columns, CUR 2.0 map, FOCUS JSON), come out as the same keys
        assertThat(sum(unblended, CostFact.Grain.TAG, f -> f.a().equals("team") && f.b().equals("data")))
                .isCloseTo(BillingFixtures.sum(items, i -> "data".equals(i.tags().get("team")), false), offset(1e-6));
        assertThat(sum(unblended, CostFact.Grain.RESOURCE, f -> f.a().equals("i-1"))).isEqualTo(10.0);
    }

    @Test
    void malformedRowsAreCountedWithTheirLineNumbers_andTheRestIsKept() throws IOException {
        List<Item> items = BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), 1, 1);
        String[] lines = BillingFixtures.cur2Csv(items).split("\n", -1);
        int n = lines.length;   // header + items + "" after the last newline
        lines[3] = lines[3] + ",extra";                                       // line 4: one field too many
        lines[5] = lines[5].replaceFirst(",\\d+\\.\\d+,USD,", ",12.x,USD,");  // line 6: a cost that is no number
        lines[7] = lines[7].replaceFirst("2024-09-01T\\d\\d:00:00Z", "yesterday"); // line 8: a date that is none
        String csv = String.join("\n", lines);
        CostAggregate a = read("bad.csv", csv.getBytes(StandardCharsets.UTF_8), CostMetric.UNBLENDED);

        assertThat(a.badRows().count()).isEqualTo(3);
        assertThat(a.badRows().samples()).extracting(BadRows.Sample::line).containsExactly(4L, 6L, 8L);
        assertThat(a.badRows().byReason()).containsOnlyKeys("19 fields where the header has 18", "cost is not a number",
                "usage start is not a timestamp");
        assertThat(a.rows()).isEqualTo(n - 2 - 3);
    }

    @Test
    void aFileThatIsNotABillingExportGetsAClearError() {
        byte[] csv = "timestamp,value\n2024-01-01,3\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read("metrics.csv", csv, CostMetric.AMORTIZED))
                .isInstanceOf(NotABillingExportException.class)
                .hasMessageContaining("metrics.csv is not a billing export")
                .hasMessageContaining("first columns: timestamp,value");
    }

    @Test
    void aManifestOfLegacyCurNamesItsFilesPeriodAndDialect() {
        String json = """
                {"assemblyId":"a1b2","account":"123","columns":[{"category":"identity","name":"LineItemId"},
                 {"category":"lineItem","name":"UnblendedCost"},{"category":"lineItem","name":"UsageStartDate"}],
                 "charset":"UTF-8","compression":"GZIP","contentType":"text/csv","reportId":"x","reportName":"cur",
                 "billingPeriod":{"start":"20231101T000000.000Z","end":"20231201T000000.000Z"},"bucket":"b",
                 "reportKeys":["p/cur/20231101-20231201/a1b2/cur-00001.csv.gz"],"additionalArtifactKeys":[]}
                """;
        ExportManifest m = ExportManifest.parse(json, "b", "p/cur/20231101-20231201/cur-Manifest.json");
        assertThat(m.period()).isEqualTo("2023-11");
        assertThat(m.assemblyId()).isEqualTo("a1b2");
        assertThat(m.exportId()).isEqualTo("b/p/cur");
        assertThat(m.dataKeys()).containsExactly("p/cur/20231101-20231201/a1b2/cur-00001.csv.gz");
        assertThat(m.schema().format()).isEqualTo(ExportFormat.CUR_LEGACY);
    }

    @Test
    void aDataExportsManifestNamesItsFilesPeriodAndDialect() {
        String json = """
                {"version":"1","executionId":"e-9","exportArn":"arn:aws:bcm-data-exports:us-east-1:1:export/x",
                 "dataFiles":["s3://b/pre/focus1/data/BILLING_PERIOD=2024-09/focus1-00001.snappy.parquet"],
                 "columns":[{"name":"BilledCost","type":"decimal"},{"name":"ChargePeriodStart","type":"timestamp"},
                            {"name":"ServiceSubcategory","type":"string"}]}
                """;
        ExportManifest m = ExportManifest.parse(json, "b",
                "pre/focus1/metadata/BILLING_PERIOD=2024-09/focus1-Manifest.json");
        assertThat(m.period()).isEqualTo("2024-09");
        assertThat(m.assemblyId()).isEqualTo("e-9");
        assertThat(m.exportId()).isEqualTo("b/pre/focus1");
        assertThat(m.dataKeys()).containsExactly("pre/focus1/data/BILLING_PERIOD=2024-09/focus1-00001.snappy.parquet");
        assertThat(m.schema().format()).isEqualTo(ExportFormat.FOCUS);
        assertThat(m.schema().version()).isEqualTo("1.1");
    }

    @Test
    void aJsonFileThatIsNotAManifestIsRefused() {
        assertThatThrownBy(() -> ExportManifest.parse("{\"hello\":1}", "b", "x/Manifest.json"))
                .isInstanceOf(NotABillingExportException.class).hasMessageContaining("neither reportKeys");
    }

    @Test
    void cur2IsToldApartFromLegacyCurInSnakeCase() {
        assertThat(ExportSchema.detect(List.of("line_item_unblended_cost", "line_item_usage_start_date",
                "resource_tags"), "x").format()).isEqualTo(ExportFormat.CUR_2);
        ExportSchema legacyParquet = ExportSchema.detect(List.of("line_item_unblended_cost",
                "line_item_usage_start_date", "resource_tags_user_team"), "x");
        assertThat(legacyParquet.format()).isEqualTo(ExportFormat.CUR_LEGACY);
        assertThat(legacyParquet.tagKeys()).containsExactly("team");
        assertThat(Map.of("k", ExportSchema.detect(List.of("BilledCost", "ChargePeriodStart", "InvoiceId"), "x")
                .version())).containsEntry("k", "1.2");
    }
}
