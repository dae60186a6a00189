package dev.vigil.it.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Vigil;
import dev.vigil.core.json.JsonTree;
import dev.vigil.it.support.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil canary} on the bundled samples (events/canary), as DESIGN.md's contract says. */
class CanaryCliIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run vigil(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Vigil.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String sample(String name) {
        return Template.projectRoot().resolve("events/canary/" + name).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metric(Map<String, Object> verdict, String name) {
        return ((List<Map<String, Object>>) verdict.get("metrics")).stream()
                .filter(m -> name.equals(m.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void anErrorRegression_exitsFourAndWritesAFailingVerdictWithTheErrorRateHigh(@TempDir Path out) throws Exception {
        Run r = vigil("canary", "--input", sample("metric-stream-canary-error-regression.ndjson"), "--function",
                "checkout-api", "--alias", "live", "--baseline", "41", "--canary", "42", "--out", out.toString(),
                "--config", Template.projectRoot().resolve("config/vigil.yaml").toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        assertThat(r.out()).contains("FAIL").contains("ErrorRate").contains("<- regression");
        assertThat(r.out().lines().count()).isLessThan(25);   // one screen
        Map<String, Object> v = JsonTree.object(Files.readString(out.resolve("verdict.json")));
        assertThat(v.get("result")).isEqualTo("fail");
        assertThat(((Number) v.get("score")).doubleValue()).isBetween(0.0, 100.0);
        Map<String, Object> e = metric(v, "ErrorRate");
        assertThat(e).containsKeys("name", "group", "classification", "baseline", "canary", "pValue", "effectSize",
                "reason");
        assertThat(e.get("classification")).isEqualTo("High");
        assertThat(Files.readString(out.resolve("report.html"))).contains("FAIL").contains("ErrorRate");
    }

    @Test
    void aHealthyCanary_exitsZeroWithAPassingVerdict(@TempDir Path out) throws Exception {
        Run r = vigil("canary", "--input", sample("metric-stream-canary-healthy.ndjson"), "--function",
                "checkout-api", "--baseline", "41", "--canary", "42", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(JsonTree.object(Files.readString(out.resolve("verdict.json"))).get("result")).isEqualTo("pass");
    }

    @Test
    void aP99Regression_failsOnTheP99Duration(@TempDir Path out) throws Exception {
        Run r = vigil("canary", "--input", sample("metric-stream-canary-latency-p99.ndjson"), "--function",
                "checkout-api", "--baseline", "41", "--canary", "42", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(4);
        Map<String, Object> v = JsonTree.object(Files.readString(out.resolve("verdict.json")));
        assertThat(metric(v, "Duration p99").get("classification")).isEqualTo("High");
    }

    @Test
    void versionsTheInputDoesNotHave_areMarginalNeverAPass(@TempDir Path out) throws Exception {
        Run r = vigil("canary", "--input", sample("metric-stream-canary-healthy.ndjson"), "--function",
                "checkout-api", "--baseline", "41", "--canary", "43", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("too little canary traffic");
    }

    @Test
    void aMissingFlagOrAFileWithNoDatapoints_failsWithExitTwoAndSaysWhy(@TempDir Path dir) throws Exception {
        Run r = vigil("canary", "--input", sample("metric-stream-canary-healthy.ndjson"), "--baseline", "41",
                "--canary", "42", "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--function is required");
        Path junk = dir.resolve("junk.ndjson");
        Files.writeString(junk, "not json\n{\"half\":\n");
        Run j = vigil("canary", "--input", junk.toString(), "--function", "f", "--baseline", "1", "--canary", "2",
                "--out", dir.toString());
        assertThat(j.exit()).isEqualTo(2);
        assertThat(j.err()).contains("no Metric Streams datapoints");
    }
}
