package dev.vigil.core.metric.format;

import static dev.vigil.core.metric.format.OtelRecords.concat;
import static dev.vigil.core.metric.format.OtelRecords.delimited;
import static dev.vigil.core.metric.format.OtelRecords.metric;
import static dev.vigil.core.metric.format.OtelRecords.point;
import static dev.vigil.core.metric.format.OtelRecords.record;
import static dev.vigil.core.metric.format.OtelRecords.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bundled {@code opentelemetry1.0} Firehose events ({@code events/metric-stream-otel-*.json}) are encoded here with
 * the official opentelemetry-proto classes, seeded; this test checks the checked-in files are byte for byte what these
 * classes produce, and that they parse as documented in events/metric-streams/PROVENANCE.md.
 * Regenerate with {@code -Dvigil.writeOtelSamples=true} (writes ../../events/).
 */
class OpenTelemetrySamplesTest {

    static final String SAMPLE = "metric-stream-otel-sample.json";
    static final String SOME_INVALID = "metric-stream-otel-some-invalid.json";

    /** An account of their own, so that the demo's other samples (account 123456789012) keep their series. */
    static final String ACCOUNT = "444455556666";

    private static final long START = Instant.parse("2026-11-02T12:00:00Z").toEpochMilli();
    private static final int RECORDS = 4;
    private static final int MINUTES_PER_RECORD = 5;

    /** One minute of five series, as one ExportMetricsServiceRequest (CloudWatch batches by minute and account). */
    private static ExportMetricsServiceRequest minute(int m, Random rnd) {
        long t = START + m * 60_000L;
        long invocations = 400 + rnd.nextInt(80);
        double mean = 110 + rnd.nextGaussian() * 6;
        double p99 = mean * 3.1 + rnd.nextDouble() * 20;
        Map<Double, Double> durationQ = new LinkedHashMap<>();
        durationQ.put(0.0, 21.0 + rnd.nextInt(5));
        durationQ.put(0.99, p99);
        durationQ.put(0.999, p99 * 1.3);
        durationQ.put(1.0, p99 * 1.6);
        long requests = 2_000 + rnd.nextInt(300);
        long depth = rnd.nextInt(4);
        return request(OtelRecords.resource(ACCOUNT, "us-east-1"),
                metric("AWS/Lambda", "Duration", "ms", point("AWS/Lambda", "Duration",
                        Map.of("FunctionName", "catalog-api"), t, invocations, mean * invocations, durationQ)),
                metric("AWS/Lambda", "Invocations", "{Count}", point("AWS/Lambda", "Invocations",
                        Map.of("FunctionName", "catalog-api"), t, invocations, invocations, Map.of(0.0, 1.0, 1.0, 1.0))),
                metric("AWS/ApplicationELB", "RequestCount", "{Count}", point("AWS/ApplicationELB", "RequestCount",
                        Map.of("LoadBalancer", "app/catalog/6d0ecf831eec9f09"), t, 60, requests,
                        Map.of(0.0, 20.0, 1.0, 52.0))),
                metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "{Count}", point("AWS/SQS",
                        "ApproximateNumberOfMessagesVisible", Map.of("QueueName", "catalog-jobs"), t, 1, depth,
                        Map.of(0.0, (double) depth, 1.0, (double) depth))),
                metric("AWS/Lambda", "ConcurrentExecutions", "{Count}", point("AWS/Lambda", "ConcurrentExecutions",
                        Map.of(), t, 60, 180 + rnd.nextInt(40), Map.of(0.0, 1.0, 1.0, 7.0))));
    }

    /** 20 minutes of five series in four records of five length-delimited requests each. */
    static List<byte[]> sampleRecords() {
        Random rnd = new Random(20261102);
        List<byte[]> records = new ArrayList<>();
        for (int r = 0; r < RECORDS; r++) {
            ExportMetricsServiceRequest[] minutes = new ExportMetricsServiceRequest[MINUTES_PER_RECORD];
            for (int i = 0; i < MINUTES_PER_RECORD; i++) {
                minutes[i] = minute(r * MINUTES_PER_RECORD + i, rnd);
            }
            records.add(record(minutes));
        }
        return records;
    }

    /** Ok with two bad messages, ProcessingFailed (json sent to the otel function), Dropped (empty), Ok cut short. */
    static List<byte[]> someInvalidRecords() {
        Random rnd = new Random(7);
        byte[] good = record(minute(0, rnd));
        byte[] corrupt = delimited(new byte[] {0x0a, 0x7f, 0x01, 0x02, 0x03});
        SummaryDataPoint noNamespace = point("AWS/Lambda", "Errors", Map.of("FunctionName", "catalog-api"), START, 400,
                3, Map.of(0.0, 0.0, 1.0, 1.0)).toBuilder().removeAttributes(0).build();
        SummaryDataPoint fine = point("AWS/Lambda", "Throttles", Map.of("FunctionName", "catalog-api"), START, 400, 0,
                Map.of(0.0, 0.0, 1.0, 0.0));
        Metric mixed = metric("AWS/Lambda", "Errors", "{Count}", noNamespace, fine);
        byte[] first = concat(good, corrupt, record(request(OtelRecords.resource(ACCOUNT, "us-east-1"), mixed)));
        byte[] json = ("{\"metric_stream_name\":\"vigil-stream\",\"account_id\":\"" + ACCOUNT + "\",\"region\":\"us-east-1\","
                + "\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Duration\",\"dimensions\":{\"FunctionName\":\"checkout-api\"},"
                + "\"timestamp\":" + START + ",\"value\":{\"max\":640.0,\"min\":21.0,\"sum\":45000.0,\"count\":400.0},"
                + "\"unit\":\"Milliseconds\"}\n").getBytes(StandardCharsets.UTF_8);
        byte[] second = record(minute(1, rnd));
        byte[] cut = concat(second, java.util.Arrays.copyOf(second, second.length / 2));
        return List.of(first, json, new byte[0], cut);
    }

    /** A Firehose transformation event holding these records, laid out like the other events/ files. */
    static String event(String invocation, List<byte[]> records) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"invocationId\": \"").append(invocation).append("\",\n")
                .append("  \"deliveryStreamArn\": \"arn:aws:firehose:us-east-1:").append(ACCOUNT)
                .append(":deliverystream/vigil-metric-stream\",\n")
                .append("  \"region\": \"us-east-1\",\n  \"records\": [\n");
        for (int i = 0; i < records.size(); i++) {
            b.append("    {\n      \"recordId\": \"4963647862985767913718296349178869236858125887011085096330000")
                    .append(i).append("\",\n      \"approximateArrivalTimestamp\": ").append(START + 1_260_000L + i)
                    .append(",\n      \"data\": \"").append(Base64.getEncoder().encodeToString(records.get(i)))
                    .append("\"\n    }").append(i + 1 < records.size() ? ",\n" : "\n");
        }
        return b.append("  ]\n}\n").toString();
    }

    static String sampleEvent() {
        return event("00000000-0000-4000-8000-0000000a0701", sampleRecords());
    }

    static String someInvalidEvent() {
        return event("00000000-0000-4000-8000-0000000a0702", someInvalidRecords());
    }

    private static String checkedIn(String name) throws IOException {
        try (InputStream in = OpenTelemetrySamplesTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as("events/%s on the test classpath", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theCheckedInEvents_areExactlyWhatTheOfficialClassesEncode() throws IOException {
        if (Boolean.getBoolean("vigil.writeOtelSamples")) {
            Files.writeString(Path.of("../../events", SAMPLE), sampleEvent(), StandardCharsets.UTF_8);
            Files.writeString(Path.of("../../events", SOME_INVALID), someInvalidEvent(), StandardCharsets.UTF_8);
        }
        assertThat(checkedIn(SAMPLE)).isEqualTo(sampleEvent());
        assertThat(checkedIn(SOME_INVALID)).isEqualTo(someInvalidEvent());
    }

    @Test
    void theSample_isTwentyMinutesOfFiveSeries_withPercentilesOnTheDuration() {
        OpenTelemetry10Format f = new OpenTelemetry10Format();
        int datums = 0;
        for (byte[] r : sampleRecords()) {
            ParsedRecord p = f.parse(r);
            assertThat(p.junk()).isEmpty();
            datums += p.datums().size();
            assertThat(p.datums()).filteredOn(d -> d.series().metricName().equals("Duration"))
                    .allSatisfy(d -> assertThat(d.value().extra()).containsOnlyKeys("p99", "p99.9"));
        }
        assertThat(datums).isEqualTo(RECORDS * MINUTES_PER_RECORD * 5);
    }

    @Test
    void theInvalidSample_hasOneOutcomeOfEachKind_andSaysWhyForEachBadPiece() {
        OpenTelemetry10Format f = new OpenTelemetry10Format();
        List<ParsedRecord> p = someInvalidRecords().stream().map(f::parse).toList();

        assertThat(p.get(0).datums()).hasSize(6);
        assertThat(p.get(0).junk()).extracting(JunkLine::reason).satisfiesExactly(
                r -> assertThat(r).startsWith("not a valid ExportMetricsServiceRequest"),
                r -> assertThat(r).isEqualTo("missing attribute Namespace"));
        assertThat(p.get(1).isAllJunk()).isTrue();
        assertThat(p.get(2).isBlank()).isTrue();
        assertThat(p.get(3).datums()).hasSize(5);
        assertThat(p.get(3).junk()).singleElement().extracting(JunkLine::reason).asString().startsWith("length prefix");
    }
}
