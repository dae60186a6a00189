package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Vigil;
import dev.vigil.it.support.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's "Must show", through {@code vigil replay} (the real metric-stream handler on embedded DynamoDB Local):
 * a series key over DynamoDB's 2,048-byte limit no longer fails the batch, and a 1e100 value, a microsecond
 * timestamp and a pair of keys that used to collide leave every later spike found.
 */
class SecurityReplayIT {

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

    private static String stat(String err, String name) {
        return err.lines().filter(l -> l.trim().startsWith(name + " ")).findFirst()
                .map(l -> l.trim().substring(name.length()).trim()).orElse("?");
    }

    private static Path event(String name) {
        return Template.projectRoot().resolve("events/" + name);
    }

    @Test
    void aRecordWithThreeThousandCharacterDimensions_isStoredUnderADigest_andTheNormalRecordIsScored() {
        Run r = vigil("replay", "--input", event("metric-stream-long-dimensions.json").toString(), "--stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(stat(r.err(), "recordsOk")).isEqualTo("2");
        assertThat(stat(r.err(), "recordsProcessingFailed")).isEqualTo("0");
        assertThat(stat(r.err(), "series")).isEqualTo("2");
        // Both series are still in their learning period (a fresh series publishes nothing until it has seen a
        // day), so what shows they were applied is that every datapoint was taken and both baselines were written.
        assertThat(Long.parseLong(stat(r.err(), "scored")) + Long.parseLong(stat(r.err(), "warmingUp")))
                .as("every datapoint of both series was applied").isEqualTo(Long.parseLong(stat(r.err(), "datapoints")));
        assertThat(stat(r.err(), "baselineWrites")).as("the long series stored under its digest").isEqualTo("2");
    }

    @Test
    void poisonInputs_leaveLaterSpikesFoundInEachSeries_andTheCollidingPairCountsAsTwo() {
        Run r = vigil("replay", "--input", event("metric-stream-poison-1.json").toString(),
                event("metric-stream-poison-2.json").toString(), "--stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(stat(r.err(), "series")).isEqualTo("2");
        assertThat(stat(r.err(), "futureTimestamps")).isEqualTo("1");
        assertThat(stat(r.err(), "quarantined")).isEqualTo("1");
        List<String> spikes = r.out().lines().filter(l -> l.contains("\"timestamp\":\"2026-11-01T06:00:00Z\""))
                .toList();
        assertThat(spikes).hasSize(2);
        assertThat(spikes).anySatisfy(l -> assertThat(l).contains("AWS/Lambda/Errors/FunctionName=x"))
                .anySatisfy(l -> assertThat(l).contains("AWS/Lambda/Errors%2FFunctionName=x"))
                .allSatisfy(l -> assertThat(l).containsPattern("\"severity\":\"(high|critical)\""));
    }
}
