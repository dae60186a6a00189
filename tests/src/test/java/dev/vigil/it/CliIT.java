package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Vigil;
import dev.vigil.it.support.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `vigil` commands a newcomer runs first, on the bundled samples. */
class CliIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run vigil(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String before = System.getProperty("vigil.home");
        System.setProperty("vigil.home", Template.projectRoot().toString());
        try {
            int code = Vigil.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            if (before == null) {
                System.clearProperty("vigil.home");
            } else {
                System.setProperty("vigil.home", before);
            }
        }
    }

    @Test
    void demo_runsTheBundledSamples_andSaysWhatItFoundAndWhere(@TempDir Path out) throws Exception {
        Run r = vigil("demo", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("metric-stream-junk-record.json", "metric-stream-spike.json", "anomalies (")
                .contains("AWS/Lambda Duration {FunctionName=checkout-api}");
        assertThat(Files.readAllLines(out.resolve("anomalies.ndjson"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("{\"id\":"));
        assertThat(Files.readString(out.resolve("metric-stats.json"))).contains("\"datapoints\"");
    }

    @Test
    void replayWithStats_reportsDatapointsSeriesCapacityAndEvents() {
        Path spike = Template.projectRoot().resolve("events/metric-stream-spike.json");
        Run r = vigil("replay", "--input", spike.toString(), "--stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"reason\":"));
        assertThat(r.err()).contains("datapoints", "480").contains("series", "dynamodbWriteUnits",
                "eventsPublished", "wallSeconds", "jvmStartToFirstResponseSeconds");
    }

    @Test
    void replay_acceptsOpenTelemetryEvents_tellingTheFormatApartPerRecord() {
        Path otel = Template.projectRoot().resolve("events/metric-stream-otel-sample.json");
        Run r = vigil("replay", "--input", otel.toString(), "--stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("recordsOk +4\\n").containsPattern("datapoints +100\\n")
                .containsPattern("junkLines +0\\n").containsPattern("series +5\\n");
        // Named explicitly, as the deployed function is: the json record in the invalid sample is junk there.
        Path invalid = Template.projectRoot().resolve("events/metric-stream-otel-some-invalid.json");
        Run named = vigil("replay", "--input", invalid.toString(), "--format", "opentelemetry1.0", "--store", "memory",
                "--stats");
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(named.err()).containsPattern("recordsOk +2\\n").containsPattern("recordsProcessingFailed +1\\n")
                .containsPattern("recordsDropped +1\\n").containsPattern("datapoints +11\\n");
    }

    @Test
    void replay_withTheWrongFormatNamed_failsEveryRecordVisibly() {
        Path otel = Template.projectRoot().resolve("events/metric-stream-otel-sample.json");
        Run r = vigil("replay", "--input", otel.toString(), "--format", "json", "--store", "memory", "--stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("recordsProcessingFailed +4\\n").containsPattern("datapoints +0\\n");
        assertThat(vigil("replay", "--input", otel.toString(), "--format", "opentelemetry0.7").err())
                .contains("opentelemetry0.7 is not supported");
    }

    @Test
    void detect_writesOneNabRowPerInputRow(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 300; i++) {
            b.append(String.format("2014-04-01 %02d:%02d:00,%d%n", i / 60 % 24, i % 60, i == 250 ? 500 : 10 + i % 3));
        }
        Files.writeString(csv, b);
        Run r = vigil("detect", "--input", csv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(301).first().isEqualTo("timestamp,value,anomaly_score,alert");
    }

    @Test
    void anUnknownCommand_failsWithUsage() {
        Run r = vigil("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command", "usage:");
    }
}
