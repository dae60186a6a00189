package dev.vigil.core.cost.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.ExpectedMark;
import dev.vigil.core.cost.read.BadRows;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {

    static final LocalDate START = LocalDate.of(2024, 7, 1);

    /** 80 days of EC2 in two accounts, a spike on day 70 in one account, RI fees on the 1st. */
    static List<CostFact> facts() {
        List<CostFact> f = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            long d = START.plusDays(i).toEpochDay();
            double wobble = 1 + 0.02 * Math.sin(i * 1.3);
            f.add(new CostFact(CostFact.Grain.DETAIL, d, ChargeCategory.USAGE, "111", "AmazonEC2", "us-east-1",
                    "BoxUsage:m5.large", 800 * wobble + (i == 70 ? 900 : 0)));
            f.add(new CostFact(CostFact.Grain.DETAIL, d, ChargeCategory.USAGE, "222", "AmazonEC2", "eu-west-1",
                    "BoxUsage:m5.large", 300 * wobble));
            f.add(new CostFact(CostFact.Grain.RESOURCE, d, ChargeCategory.USAGE, "111", "AmazonEC2",
                    i == 70 ? "i-0spike" : "i-0steady", "", i == 70 ? 900 : 800 * wobble));
            if (START.plusDays(i).getDayOfMonth() == 1) {
                f.add(new CostFact(CostFact.Grain.DETAIL, d, ChargeCategory.FEE, "111", "AmazonEC2", "us-east-1",
                        "HeavyUsage", 5000));
            }
        }
        return f;
    }

    static CostReport report(List<ExpectedMark> marks) {
        BadRows bad = new BadRows();
        bad.add("x.csv", 12, "cost is not a number");
        CostReport.Input in = new CostReport.Input(1234, bad, List.of("CUR 2.0"), Set.of("USD"), false, 0, 0,
                List.of("x.csv"));
        return CostReport.build("b/exports/demo <&>", facts(), in, CostMetric.AMORTIZED, DetectionConfig.defaults(),
                marks, LocalDate.of(2024, 12, 1), Instant.parse("2024-12-01T08:00:00Z"));
    }

    @Test
    void anomaliesJsonHoldsTheContractFields() throws IOException {
        CostReport r = report(List.of());
        assertThat(r.detection().alerting()).hasSize(1);
        String json = AnomaliesJson.array(r.detection().anomalies(), "USD");
        Set<String> fields = new HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                fields.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        assertThat(fields).contains("date", "dimension", "key", "account", "actualCost", "expectedCost", "impact",
                "impactPercent", "score", "severity", "contributors");
        assertThat(json).contains("\"date\" : \"2024-09-09\"").contains("\"account\" : \"111\"")
                .contains("\"dimension\" : \"resource\"").contains("\"key\" : \"i-0spike\"");
    }

    @Test
    void theHtmlReportIsSelfContained_andShowsWhatAnAnalystNeeds() {
        String html = HtmlReport.render(report(List.of()));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("class=\"band\"")
                .contains("Month-end forecast").contains("Contributors, one level down").contains("i-0spike")
                .contains("x.csv:12")                       // bad rows, with their line numbers
                .contains("b/exports/demo &lt;&amp;&gt;");  // escaped
        // no external asset: no script, no stylesheet link, no image or font URL
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=")
                .doesNotContain("url(");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theCsvFilesAreRfc4180WithOneHeader() throws IOException {
        CostReport r = report(List.of());
        StringWriter a = new StringWriter();
        CostCsv.anomalies(r.detection().anomalies(), a);
        assertThat(a.toString().split("\n")[0]).startsWith("id,date,kind,dimension,key,account,actual_cost");
        assertThat(a.toString().split("\n")).hasSize(2);
        StringWriter d = new StringWriter();
        CostCsv.dailyCosts(r.facts(), d);
        String[] lines = d.toString().split("\n");
        assertThat(lines[0]).isEqualTo("date,account,service,region,usage_type,charge_category,cost");
        assertThat(lines).hasSize(1 + 80 * 2 + 3);
        assertThat(d.toString()).contains("2024-08-01,111,AmazonEC2,us-east-1,HeavyUsage,fee,5000.000000");
    }

    @Test
    void theSlackDigestHasAMarkExpectedButtonPerAnomaly_andStaysInsideBlockKitLimits() {
        CostReport r = report(List.of());
        SlackDigest.Message m = SlackDigest.build(r, "weekly", 90, "s3://bucket/reports/x/report.html");
        assertThat(m.text()).contains("1 cost anomaly");
        assertThat(m.blocksJson()).startsWith("[").contains("\"type\":\"header\"")
                .contains("\"action_id\":\"" + SlackDigest.MARK_EXPECTED_ACTION + "\"")
                .contains("\"value\":\"" + r.detection().alerting().get(0).id() + "\"")
                .contains("s3://bucket/reports/x/report.html");
        assertThat(m.blocksJson().split("\"type\":\"section\"").length - 1).isLessThanOrEqualTo(50);
    }

    @Test
    void aMarkExpectedClickIsReadFromTheSlackPayload_andSuppressesTheAnomaly() {
        CostReport r = report(List.of());
        CostAnomaly a = r.detection().alerting().get(0);
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"username\":\"ana\"},"
                + "\"response_url\":\"https://hooks.slack.example/x\",\"actions\":[{\"action_id\":\""
                + SlackDigest.MARK_EXPECTED_ACTION + "\",\"block_id\":\"b\",\"value\":\"" + a.id() + "\"}]}";
        SlackDigest.MarkExpected click = SlackDigest.parseMarkExpected(payload);
        assertThat(click.anomalyId()).isEqualTo(a.id());
        assertThat(click.userId()).isEqualTo("U1");

        CostReport after = report(List.of(ExpectedMark.of(click.anomalyId(), Double.NaN, click.userId(), "slack")));
        assertThat(after.detection().alerting()).isEmpty();
        assertThat(after.detection().anomalies()).singleElement().satisfies(x -> assertThat(x.suppressed()).isTrue());
    }

    @Test
    void otherSlackActionsAreNotMarks() {
        assertThat(SlackDigest.parseMarkExpected("{\"actions\":[{\"action_id\":\"approve\",\"value\":\"x\"}]}")).isNull();
        assertThat(SlackDigest.parseMarkExpected("not json")).isNull();
    }

    @Test
    void theForecastOfAnOpenMonthHasAnIntervalAroundIt() {
        // as of 2024-09-16, September is half done
        List<CostFact> f = facts();
        CostReport r = CostReport.build("x", f, new CostReport.Input(1, new BadRows(), List.of(), Set.of(), false, 0, 0,
                List.of()), CostMetric.AMORTIZED, DetectionConfig.defaults(), List.of(), LocalDate.of(2024, 9, 16),
                Instant.now());
        var t = r.forecast().total();
        assertThat(r.forecast().month().toString()).isEqualTo("2024-09");
        // the data runs to 09-18: days from asOf on are not complete yet, so the month is known through 09-15
        assertThat(t.daysRemaining()).isEqualTo(15);
        assertThat(t.low()).isLessThan(t.forecast());
        assertThat(t.high()).isGreaterThan(t.forecast());
        // ~1100 a day for the 16 remaining days on top of month to date
        assertThat(t.forecast() - t.monthToDate()).isBetween(15 * 1000.0, 15 * 1200.0);
        assertThat(r.incompleteFrom()).isEqualTo(LocalDate.of(2024, 9, 16));
    }

    @Test
    void theLiveExportsLastDayIsIncomplete_aClosedOnesIsNot() {
        assertThat(CostReport.lastCompleteDay(LocalDate.of(2024, 9, 30), LocalDate.of(2024, 10, 1)))
                .isEqualTo(LocalDate.of(2024, 9, 29));
        assertThat(CostReport.lastCompleteDay(LocalDate.of(2024, 9, 30), LocalDate.of(2024, 11, 20)))
                .isEqualTo(LocalDate.of(2024, 9, 30));
        assertThat(CostReport.lastCompleteDay(LocalDate.of(2024, 10, 1), LocalDate.of(2024, 10, 1)))
                .isEqualTo(LocalDate.of(2024, 9, 30));
    }

    @Test
    void reportFilesAreTheFourOfTheContract() {
        Map<String, byte[]> files = ReportFiles.render(report(List.of()));
        assertThat(files.keySet()).containsExactly("anomalies.json", "anomalies.csv", "daily_costs.csv", "report.html");
        assertThat(new String(files.get("report.html"), StandardCharsets.UTF_8)).contains("</html>");
    }
}
