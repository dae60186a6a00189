package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostReportCommandTest {

    @TempDir
    Path out;

    static Path demo() {
        String root = System.getProperty("vigil.projectRoot");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("events/billing/billing-demo");
    }

    static int vigil(ByteArrayOutputStream o, ByteArrayOutputStream e, String... args) {
        return Vigil.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
    }

    @Test
    void costReportWritesTheFourFiles_andMarkingExpectedSuppressesAnAnomaly() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = vigil(o, e, "cost-report", "--input", demo().toString(), "--out", out.toString(), "--no-progress");
        assertThat(rc).isZero();
        for (String f : new String[] {"anomalies.json", "anomalies.csv", "daily_costs.csv", "report.html"}) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(o.toString(StandardCharsets.UTF_8)).contains("anomalies: 3, new spend: 1, marked expected: 0");

        o.reset();
        rc = vigil(o, e, "cost-report", "--input", demo().toString(), "--out", out.toString(), "--no-progress",
                "--mark-expected", "cost:2024-09-18:service:111111111111:AmazonEC2");
        assertThat(rc).isZero();
        assertThat(o.toString(StandardCharsets.UTF_8)).contains("anomalies: 2, new spend: 1, marked expected: 1");
        assertThat(Files.readString(out.resolve("feedback.json"))).contains("cost:2024-09-18");
        // the mark is remembered: the next run without the flag still suppresses it
        o.reset();
        vigil(o, e, "cost-report", "--input", demo().toString(), "--out", out.toString(), "--no-progress");
        assertThat(o.toString(StandardCharsets.UTF_8)).contains("marked expected: 1");
    }

    @Test
    void aFileThatIsNotABillingExportIsAClearErrorWithExitCode2() throws Exception {
        Path notBilling = out.resolve("metrics.csv");
        Files.writeString(notBilling, "timestamp,value\n2024-01-01,1\n");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = vigil(o, e, "cost-report", "--input", notBilling.toString(), "--out", out.resolve("o").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(e.toString(StandardCharsets.UTF_8)).contains("is not a billing export").doesNotContain("\tat ");
    }
}
