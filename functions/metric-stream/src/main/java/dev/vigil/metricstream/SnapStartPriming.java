package dev.vigil.metricstream;

import dev.vigil.core.detect.Detectors;
import dev.vigil.core.detect.SeriesDetector;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * SnapStart priming: before the snapshot is taken, run the CPU-only hot path (event decoding, line parsing,
 * scoring, response encoding) so that its classes are loaded and initialised inside the snapshot. No network call
 * is made here: connections opened before a snapshot would be stale after restore.
 */
final class SnapStartPriming {

    private SnapStartPriming() {
    }

    static void register() {
        dev.vigil.aws.SnapStart.primeBeforeCheckpoint("metric-stream", SnapStartPriming::prime);
    }

    static void prime() throws Exception {
        String line = "{\"metric_stream_name\":\"prime\",\"account_id\":\"000000000000\",\"region\":\"us-east-1\","
                + "\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Duration\",\"dimensions\":{\"FunctionName\":\"p\"},"
                + "\"timestamp\":1700000000000,\"value\":{\"max\":2.0,\"min\":1.0,\"sum\":3.0,\"count\":2.0},"
                + "\"unit\":\"Milliseconds\"}\n";
        String event = "{\"records\":[{\"recordId\":\"prime\",\"data\":\""
                + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)) + "\"}]}";
        var records = FirehoseCodec.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
        var parsed = new CloudWatchJsonFormat().parse(records.get(0).data());
        SeriesDetector d = Detectors.standard().newSeries();
        for (int i = 0; i < 200; i++) {
            d.observe(1_700_000_000_000L + i * 60_000L, 1.0 + (i % 7));
        }
        Detectors.standard().restore(d.snapshot());
        var out = new ByteArrayOutputStream();
        FirehoseCodec.write(java.util.List.of(new dev.vigil.core.pipeline.MetricStreamBatch.OutputRecord(
                "prime", dev.vigil.core.pipeline.MetricStreamBatch.Result.Ok, records.get(0).data())), out);
        if (parsed.datums().isEmpty()) {
            throw new IllegalStateException("priming parse failed");
        }
    }
}
