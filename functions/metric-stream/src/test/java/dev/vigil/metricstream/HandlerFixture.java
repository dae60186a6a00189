package dev.vigil.metricstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.core.baseline.InMemoryBaselineStore;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.fakes.RecordingPublisher;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.core.metric.format.MetricRecordFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A handler on fakes (in-memory baselines, recording publisher), with its log captured. */
final class HandlerFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryBaselineStore store = new InMemoryBaselineStore();
    final RecordingPublisher publisher = new RecordingPublisher();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final MetricStreamHandler handler;

    HandlerFixture() {
        this(new CloudWatchJsonFormat());
    }

    HandlerFixture(MetricRecordFormat format) {
        handler = new MetricStreamHandler(Wiring.of(store, publisher, format, Detectors.standard(),
                new StructuredLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), "metric-stream"),
                new CapacityMeter()));
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = HandlerFixture.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    static JsonNode tree(byte[] json) throws IOException {
        return JSON.readTree(json);
    }
}
