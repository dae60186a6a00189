package dev.vigil.metricstream;

import dev.vigil.core.detect.Detectors;
import dev.vigil.core.detect.SeriesDetector;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.core.metric.format.OpenTelemetry10Format;
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

    /**
     * One opentelemetry1.0 record (a Lambda Duration minute with Min, p99, Max), as the official opentelemetry-proto
     * classes encode it; OpenTelemetryHandlerTest checks that priming still parses it.
     */
    static final String OTEL_RECORD = "ogMKnwMKtgEKFwoOY2xvdWQucHJvdmlkZXISBQoDYXdzCiIKEGNsb3VkLmFjY291bnQuaWQSDgoMMTIzNDU2Nzg5"
            + "MDEyChsKDGNsb3VkLnJlZ2lvbhILCgl1cy1lYXN0LTEKWgoQYXdzLmV4cG9ydGVyLmFybhJGCkRhcm46YXdzOmNsb3Vkd2F0Y2g6dXMtZWFz"
            + "dC0xOjEyMzQ1Njc4OTAxMjptZXRyaWMtc3RyZWFtL3ZpZ2lsLXN0cmVhbRLjARLgAQohYW1hem9uYXdzLmNvbS9BV1MvTGFtYmRhL0R1cmF0"
            + "aW9uGgJtc1q2AQqzAREAACo2/pyXFxkAWHEuDJ2XFyECAAAAAAAAACkAAAAAAAAIQDIJEQAAAAAAAPA/MhIJrkfhehSu7z8RAAAAAAAAAEAy"
            + "EgkAAAAAAADwPxEAAAAAAAAAQDoZCglOYW1lc3BhY2USDAoKQVdTL0xhbWJkYToYCgpNZXRyaWNOYW1lEgoKCER1cmF0aW9uOiUKCkRpbWVu"
            + "c2lvbnMSFzIVChMKDEZ1bmN0aW9uTmFtZRIDCgFw";

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
        // Both formats are primed: the snapshot does not know which one METRIC_STREAM_FORMAT names.
        var otel = new OpenTelemetry10Format().parse(Base64.getDecoder().decode(OTEL_RECORD));
        if (parsed.datums().isEmpty() || otel.datums().isEmpty()) {
            throw new IllegalStateException("priming parse failed");
        }
    }
}
