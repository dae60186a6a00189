package dev.vigil.bench;

import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.core.baseline.InMemoryBaselineStore;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.core.metric.format.ParsedRecord;
import dev.vigil.core.pipeline.MetricStreamBatch;
import dev.vigil.core.pipeline.MetricStreamBatch.InputRecord;
import dev.vigil.metricstream.MetricStreamHandler;
import dev.vigil.metricstream.Wiring;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The metric path's hot loop, per datapoint. One "invocation" is what Firehose hands the function with 1-minute
 * buffering: {@code SERIES} series, {@code MINUTES} minutes each, cut into records of 500 lines. Scores are
 * datapoints per second on one thread.
 *
 * <pre>java -jar bench/jmh/target/benchmarks.jar MetricPath -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricPathBenchmark {

    static final int SERIES = 2000;
    static final int MINUTES = 4;
    static final int DATAPOINTS = SERIES * MINUTES;

    @Param({"4"})
    int minutesPerInvocation;

    private List<InputRecord> records;
    private List<int[]> timestampOffsets;
    private byte[] event;
    private final CloudWatchJsonFormat format = new CloudWatchJsonFormat();
    private MetricStreamBatch batch;
    private MetricStreamHandler handler;
    private long minuteOffset;

    @Setup(Level.Trial)
    public void build() {
        records = records(0);
        event = event(records);
        timestampOffsets = new ArrayList<>();
        byte[] marker = "\"timestamp\":".getBytes(StandardCharsets.UTF_8);
        for (InputRecord r : records) {
            List<Integer> at = new ArrayList<>();
            byte[] d = r.data();
            for (int i = 0; i + marker.length < d.length; i++) {
                if (d[i] == '"' && d[i + 1] == 't' && java.util.Arrays.equals(d, i, i + marker.length, marker, 0,
                        marker.length)) {
                    at.add(i + marker.length);
                }
            }
            timestampOffsets.add(at.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * The same records shifted {@code minutes} later: the 13-digit timestamps are rewritten in a copy, so each call
     * brings new minutes (scored, not late) without paying for generating JSON inside the measurement.
     */
    private List<InputRecord> shifted(long minutes) {
        List<InputRecord> out = new ArrayList<>(records.size());
        for (int r = 0; r < records.size(); r++) {
            byte[] d = records.get(r).data().clone();
            for (int at : timestampOffsets.get(r)) {
                long ts = 0;
                for (int k = 0; k < 13; k++) {
                    ts = ts * 10 + (d[at + k] - '0');
                }
                ts += minutes * 60_000L;
                for (int k = 12; k >= 0; k--) {
                    d[at + k] = (byte) ('0' + ts % 10);
                    ts /= 10;
                }
            }
            out.add(new InputRecord(records.get(r).recordId(), d));
        }
        return out;
    }

    /** A fresh in-memory store per iteration, warmed past the detector's warm-up so scoring is real. */
    @Setup(Level.Iteration)
    public void fresh() {
        InMemoryBaselineStore store = new InMemoryBaselineStore();
        Wiring w = Wiring.of(store, events -> Set.<String>of(), format, Detectors.standard(),
                StructuredLog.discard(), new CapacityMeter());
        batch = w.batch();
        handler = new MetricStreamHandler(w);
        for (int warm = 0; warm < 30; warm++) {
            batch.process(shifted((long) warm * MINUTES));
        }
        minuteOffset = 30L * MINUTES;
    }

    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public int parseOnly() {
        int n = 0;
        for (InputRecord r : records) {
            ParsedRecord p = format.parse(r.data());
            n += p.datums().size();
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public long parseAndScoreInMemory() {
        // New minutes each call, so every datapoint is scored (not skipped as late).
        List<InputRecord> next = shifted(minuteOffset);
        minuteOffset += MINUTES;
        return batch.process(next).stats().scored;
    }

    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public int wireFormatEndToEndInMemory() {
        // Includes base64 and the Firehose JSON both ways; the minutes repeat, so this measures the late path.
        return handler.handleBytes(event).length;
    }

    static List<InputRecord> records(long firstMinute) {
        SplittableRandom rnd = new SplittableRandom(firstMinute);
        List<InputRecord> out = new ArrayList<>();
        StringBuilder b = new StringBuilder(200_000);
        int lines = 0;
        int id = 0;
        for (int m = 0; m < MINUTES; m++) {
            long ts = 1_793_577_600_000L + (firstMinute + m) * 60_000L;
            for (int s = 0; s < SERIES; s++) {
                double v = 100 + (s % 50) + rnd.nextGaussian() * 3;
                b.append("{\"metric_stream_name\":\"bench\",\"account_id\":\"123456789012\",\"region\":\"us-east-1\",")
                        .append("\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Duration\",\"dimensions\":")
                        .append("{\"FunctionName\":\"fn-").append(s).append("\"},\"timestamp\":").append(ts)
                        .append(",\"value\":{\"max\":").append(String.format(Locale.ROOT, "%.3f", v * 1.5))
                        .append(",\"min\":").append(String.format(Locale.ROOT, "%.3f", v * 0.5))
                        .append(",\"sum\":").append(String.format(Locale.ROOT, "%.3f", v * 10))
                        .append(",\"count\":10.0},\"unit\":\"Milliseconds\"}\n");
                if (++lines == 500) {
                    out.add(new InputRecord("r" + id++, b.toString().getBytes(StandardCharsets.UTF_8)));
                    b.setLength(0);
                    lines = 0;
                }
            }
        }
        if (lines > 0) {
            out.add(new InputRecord("r" + id, b.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static byte[] event(List<InputRecord> records) {
        StringBuilder b = new StringBuilder("{\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"recordId\":\"").append(records.get(i).recordId())
                    .append("\",\"data\":\"").append(Base64.getEncoder().encodeToString(records.get(i).data()))
                    .append("\"}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
