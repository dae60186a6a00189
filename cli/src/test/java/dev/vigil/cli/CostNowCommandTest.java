package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.cost.now.ProvisionalAnomaly;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import dev.vigil.core.cost.now.ProvisionalJson;
import dev.vigil.core.json.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostNowCommandTest {

    static final double P4D_LIST = 32.7726;   // events/cost-now/prices, on-demand Linux us-east-1

    @TempDir
    Path dir;

    static Path prices() {
        String root = System.getProperty("vigil.projectRoot");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("events/cost-now/prices");
    }

    private String vigil(int expectRc, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Vigil.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        assertThat(rc).as(e.toString(StandardCharsets.UTF_8)).isEqualTo(expectRc);
        return o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
    }

    private List<ProvisionalAnomaly> provisional(Path out) throws Exception {
        return ProvisionalJson.read(Files.readString(out.resolve("provisional.json")));
    }

    private static ProvisionalAnomaly by(List<ProvisionalAnomaly> as, String service) {
        return as.stream().filter(a -> a.service().equals(service)).findFirst().orElseThrow();
    }

    @Test
    void theScenario_detectsWithinTheHour_thenTheNextDaysExportConfirmsAndRetracts() throws Exception {
        CostNowScenario.write(dir);
        Path out = dir.resolve("out");

        // 10:30 on the 16th: CloudTrail only
        String first = vigil(0, "cost-now", "--input", dir.resolve("cloudtrail.ndjson").toString(), "--out",
                out.toString(), "--prices", prices().toString(), "--as-of", "2026-11-16T10:30:00Z");
        List<ProvisionalAnomaly> open = provisional(out);
        assertThat(open).singleElement().satisfies(a -> {   // Redshift (11:00) and the test (14:00) are not yet
            assertThat(a.service()).isEqualTo("AmazonEC2");
            assertThat(a.detectedAt()).isEqualTo(Instant.parse("2026-11-16T10:05:00Z"));
            assertThat(a.estimatedHourlyCost()).isCloseTo(8 * P4D_LIST, within(8 * P4D_LIST * 0.15));
            assertThat(a.status()).isEqualTo(Status.OPEN);
            assertThat(a.cause().principal()).isEqualTo(CostNowScenario.ALICE);
            assertThat(a.cause().eventName()).isEqualTo("RunInstances");
        });
        assertThat(first).contains("1 posted");

        // the end of the 16th: the Redshift cluster too; the one-hour test instance raised nothing
        vigil(0, "cost-now", "--input", dir.resolve("cloudtrail.ndjson").toString(), "--out", out.toString(),
                "--prices", prices().toString(), "--as-of", "2026-11-16T23:59:00Z");
        List<ProvisionalAnomaly> day = provisional(out);
        assertThat(day).extracting(ProvisionalAnomaly::service).containsExactly("AmazonEC2", "AmazonRedshift");
        assertThat(day).noneMatch(a -> CostNowScenario.BOB.equals(a.cause().principal()));

        // 08:00 on the 17th, with the export delivered at 06:10
        String second = vigil(0, "cost-now", "--input", dir.resolve("cloudtrail.ndjson").toString(),
                dir.resolve("export").toString(), "--out", out.toString(), "--prices", prices().toString(),
                "--as-of", "2026-11-17T08:00:00Z");
        List<ProvisionalAnomaly> rec = provisional(out);
        ProvisionalAnomaly ec2 = by(rec, "AmazonEC2");
        assertThat(ec2.status()).isEqualTo(Status.CONFIRMED);
        assertThat(ec2.detectedAt()).isEqualTo(Instant.parse("2026-11-16T10:05:00Z"));
        assertThat(ec2.exportAt()).isEqualTo(CostNowScenario.EXPORT_AT);
        assertThat(ec2.leadTimeHours()).isCloseTo(20 + 5 / 60.0, within(1e-6));
        assertThat(ec2.exportImpact()).isCloseTo(ec2.estimatedImpactOnDate(), within(ec2.estimatedImpactOnDate() * 0.05));
        ProvisionalAnomaly rs = by(rec, "AmazonRedshift");
        assertThat(rs.status()).isEqualTo(Status.RETRACTED);
        assertThat(second).contains("precision 0.50");
        Map<String, Object> score = JsonTree.object(Files.readString(out.resolve("provisional-score.json")));
        assertThat(score).containsEntry("confirmed", 1L).containsEntry("retracted", 1L).containsEntry("precision", 0.5);
        assertThat((Double) score.get("medianLeadTimeHours")).isCloseTo(20 + 5 / 60.0, within(1e-6));

        assertThat(Files.readString(out.resolve("provisional.html"))).contains("Precision 0.50")
                .contains("20.1 h").contains("retracted").contains("confirmed");
        // the retracted estimate's Slack message was updated in place (same ts as its post)
        List<String> slack = Files.readAllLines(out.resolve("slack.ndjson"));
        Map<String, Object> post = slack.stream().map(JsonTree::object)
                .filter(m -> m.get("op").equals("post") && m.get("text").toString().contains("AmazonRedshift"))
                .findFirst().orElseThrow();
        assertThat(post.get("text").toString()).contains("This is an estimate");
        assertThat(slack.stream().map(JsonTree::object).filter(m -> m.get("op").equals("update")
                && m.get("ts").equals(post.get("ts")) && m.get("text").toString().startsWith("Retracted"))).hasSize(1);
        assertThat(post.get("ts")).isEqualTo(rs.slackTs());
    }

    @Test
    void theContractFields_areInProvisionalJson() throws Exception {
        CostNowScenario.write(dir);
        Path out = dir.resolve("out");
        vigil(0, "cost-now", "--input", dir.resolve("cloudtrail.ndjson").toString(), "--out", out.toString(),
                "--prices", prices().toString(), "--as-of", "2026-11-16T12:00:00Z");
        @SuppressWarnings("unchecked")
        List<Object> arr = (List<Object>) JsonTree.parse(Files.readString(out.resolve("provisional.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) arr.get(0);
        assertThat(a).containsKeys("id", "provisional", "source", "detectedAt", "date", "account", "region", "service",
                "key", "estimatedHourlyCost", "estimatedDailyImpact", "status", "cause");
        assertThat(a.get("provisional")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> cause = (Map<String, Object>) a.get("cause");
        assertThat(cause).containsKeys("eventName", "principal", "resource", "stack");
    }

    @Test
    void missingFlagsAndInputsAreClearErrorsWithExitCode2() {
        assertThat(vigil(2, "cost-now", "--out", dir.toString())).contains("--input PATH is required");
        assertThat(vigil(2, "cost-now", "--input", dir.resolve("nope").toString(), "--out", dir.toString()))
                .contains("no such file");
        assertThat(vigil(2, "cost-now", "--input", dir.toString(), "--out", dir.resolve("o").toString(), "--as-of",
                "tomorrow")).contains("--as-of");
    }
}
