package dev.vigil.core.metric.format;

import static dev.vigil.core.metric.format.OtelRecords.concat;
import static dev.vigil.core.metric.format.OtelRecords.delimited;
import static dev.vigil.core.metric.format.OtelRecords.metric;
import static dev.vigil.core.metric.format.OtelRecords.point;
import static dev.vigil.core.metric.format.OtelRecords.record;
import static dev.vigil.core.metric.format.OtelRecords.request;
import static dev.vigil.core.metric.format.OtelRecords.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.protobuf.UnknownFieldSet;
import dev.vigil.core.metric.MetricDatum;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The opentelemetry1.0 format on records encoded by the official opentelemetry-proto classes. */
class OpenTelemetry10FormatTest {

    private static final long NOON = Instant.parse("2026-11-02T12:00:00Z").toEpochMilli();

    private final OpenTelemetry10Format format = new OpenTelemetry10Format();

    /** The AWS documentation's example: DynamoDB read capacity, one sample, Min, p95, p99, Max. */
    private static SummaryDataPoint docsExamplePoint(long minute) {
        return point("AWS/DynamoDB", "ConsumedReadCapacityUnits", Map.of("TableName", "MyTable"),
                NOON + minute * 60_000L, 1, 1.0, Map.of(0.0, 1.0, 0.95, 1.0, 0.99, 1.0, 1.0, 1.0));
    }

    @Test
    void theAwsDocsExample_parsesToItsSeriesMinuteStatisticsAndUnit() {
        byte[] rec = record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}",
                docsExamplePoint(0))));

        ParsedRecord r = format.parse(rec);

        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).hasSize(1);
        MetricDatum d = r.datums().get(0);
        assertThat(d.series().key()).isEqualTo("123456789012/us-east-1/AWS/DynamoDB/ConsumedReadCapacityUnits/TableName=MyTable");
        assertThat(d.timestamp()).isEqualTo(NOON);
        assertThat(d.value().count()).isEqualTo(1.0);
        assertThat(d.value().sum()).isEqualTo(1.0);
        assertThat(d.value().min()).isEqualTo(1.0);
        assertThat(d.value().max()).isEqualTo(1.0);
        assertThat(d.value().extra()).containsOnly(Map.entry("p95", 1.0), Map.entry("p99", 1.0));
        assertThat(d.unit()).isEqualTo("Count");
    }

    @Test
    void theSameMinute_asOpenTelemetryAndAsJson_givesTheSameDatapoint() {
        byte[] otel = record(request(metric("AWS/Lambda", "Duration", "ms",
                point("AWS/Lambda", "Duration", Map.of("FunctionName", "checkout-api", "Resource", "checkout-api"),
                        NOON, 12, 1450.5, Map.of(0.0, 80.25, 0.99, 410.0, 0.999, 612.5, 1.0, 640.0)))));
        String json = "{\"metric_stream_name\":\"vigil-stream\",\"account_id\":\"123456789012\",\"region\":\"us-east-1\","
                + "\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Duration\",\"dimensions\":{\"Resource\":\"checkout-api\","
                + "\"FunctionName\":\"checkout-api\"},\"timestamp\":" + NOON + ",\"value\":{\"max\":640.0,\"min\":80.25,"
                + "\"sum\":1450.5,\"count\":12.0,\"p99\":410.0,\"p99.9\":612.5},\"unit\":\"Milliseconds\"}\n";

        MetricDatum fromOtel = format.parse(otel).datums().get(0);
        MetricDatum fromJson = new CloudWatchJsonFormat().parse(json.getBytes(StandardCharsets.UTF_8)).datums().get(0);

        assertThat(fromOtel).isEqualTo(fromJson);
    }

    @Test
    void severalLengthDelimitedRequests_severalResourcesMetricsAndPoints_allParse() {
        ExportMetricsServiceRequest first = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}",
                        docsExamplePoint(0), docsExamplePoint(1))).getResourceMetrics(0))
                .addResourceMetrics(request(resource("210987654321", "eu-west-1"),
                        metric("AWS/SQS", "NumberOfMessagesSent", "{Count}",
                                point("AWS/SQS", "NumberOfMessagesSent", Map.of("QueueName", "jobs"), NOON, 3, 9,
                                        Map.of(0.0, 1.0, 1.0, 5.0)))).getResourceMetrics(0))
                .build();
        ExportMetricsServiceRequest second = request(metric("AWS/Lambda", "Errors", "{Count}",
                point("AWS/Lambda", "Errors", Map.of("FunctionName", "a"), NOON, 1, 0, Map.of(0.0, 0.0, 1.0, 0.0))),
                metric("AWS/Lambda", "Duration", "ms",
                        point("AWS/Lambda", "Duration", Map.of("FunctionName", "a"), NOON, 1, 5, Map.of(0.0, 5.0, 1.0, 5.0))));

        ParsedRecord r = format.parse(record(first, second));

        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).extracting(d -> d.series().key()).containsExactly(
                "123456789012/us-east-1/AWS/DynamoDB/ConsumedReadCapacityUnits/TableName=MyTable",
                "123456789012/us-east-1/AWS/DynamoDB/ConsumedReadCapacityUnits/TableName=MyTable",
                "210987654321/eu-west-1/AWS/SQS/NumberOfMessagesSent/QueueName=jobs",
                "123456789012/us-east-1/AWS/Lambda/Errors/FunctionName=a",
                "123456789012/us-east-1/AWS/Lambda/Duration/FunctionName=a");
        assertThat(r.datums().get(1).timestamp()).isEqualTo(NOON + 60_000L);
        // The same series in two data points is the same SeriesId instance (interned), as with json.
        assertThat(r.datums().get(0).series()).isSameAs(r.datums().get(1).series());
    }

    @Test
    void zerosLeftOffTheWireByProto3_readAsZero_notAsMissing() throws Exception {
        SummaryDataPoint p = point("AWS/Lambda", "Errors", Map.of("FunctionName", "a"), NOON, 4, 0.0,
                Map.of(0.0, 0.0, 1.0, 0.0));
        // Sanity: protobuf really omits them (the quantile-0.0 entry is an empty message on the wire).
        assertThat(p.getQuantileValues(0).getSerializedSize()).isZero();
        assertThat(UnknownFieldSet.parseFrom(p.toByteArray()).hasField(5)).as("sum on the wire").isFalse();

        MetricDatum d = format.parse(record(request(metric("AWS/Lambda", "Errors", "{Count}", p)))).datums().get(0);

        assertThat(d.value().sum()).isZero();
        assertThat(d.value().min()).isZero();
        assertThat(d.value().max()).isZero();
        assertThat(d.value().count()).isEqualTo(4.0);
    }

    @Test
    void percentiles_areNamedAsTheJsonFormatNamesThem() {
        byte[] rec = record(request(metric("AWS/ApplicationELB", "TargetResponseTime", "s",
                point("AWS/ApplicationELB", "TargetResponseTime", Map.of("LoadBalancer", "app/shop/1"), NOON, 100,
                        12.5, Map.of(0.0, 0.01, 0.5, 0.1, 0.9, 0.2, 0.99, 0.4, 0.999, 0.7, 0.9999, 0.8, 1.0, 0.9)))));

        MetricDatum d = format.parse(rec).datums().get(0);

        assertThat(d.value().extra()).containsOnlyKeys("p50", "p90", "p99", "p99.9", "p99.99");
        assertThat(d.value().extra().get("p99.9")).isEqualTo(0.7);
        assertThat(d.value().min()).isEqualTo(0.01);
        assertThat(d.value().max()).isEqualTo(0.9);
        assertThat(d.unit()).isEqualTo("Seconds");
    }

    @Test
    void ucumUnits_mapBackToCloudWatchNames_includingRates() {
        assertThat(OpenTelemetry10Format.cloudWatchUnit("ms")).isEqualTo("Milliseconds");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("us")).isEqualTo("Microseconds");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("By")).isEqualTo("Bytes");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("GBy")).isEqualTo("Gigabytes");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("MBit")).isEqualTo("Megabits");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("%")).isEqualTo("Percent");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("1")).isEqualTo("None");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("")).isEqualTo("None");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("By/s")).isEqualTo("Bytes/Second");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("{Count}/s")).isEqualTo("Count/Second");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("kbit/s")).isEqualTo("Kilobits/Second");
        assertThat(OpenTelemetry10Format.cloudWatchUnit("{Widgets}")).isEqualTo("{Widgets}");
    }

    @Test
    void aResourceWrittenAfterItsScopeMetrics_stillNamesTheirAccountAndRegion() {
        // Concatenated protobuf messages merge: scope metrics first, then the resource, is one valid ResourceMetrics.
        ResourceMetrics full = request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}",
                docsExamplePoint(0))).getResourceMetrics(0);
        byte[] scopesOnly = full.toBuilder().clearResource().build().toByteArray();
        byte[] resourceOnly = ResourceMetrics.newBuilder().setResource(full.getResource()).build().toByteArray();
        byte[] resourceMetrics = concat(scopesOnly, resourceOnly);
        byte[] req = concat(new byte[] {0x0a}, varint(resourceMetrics.length), resourceMetrics);   // field 1, LEN

        ParsedRecord r = format.parse(delimited(req));

        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).singleElement().satisfies(d -> {
            assertThat(d.series().accountId()).isEqualTo("123456789012");
            assertThat(d.series().region()).isEqualTo("us-east-1");
        });
    }

    @Test
    void unknownFields_areSkipped_asProtobufIntends() {
        SummaryDataPoint p = docsExamplePoint(0).toBuilder().setFlags(0)
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                        .addField(98, UnknownFieldSet.Field.newBuilder().addFixed32(1).build()).build())
                .build();

        ParsedRecord r = format.parse(record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}", p))));

        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).hasSize(1);
    }

    @Test
    void aMetricWithoutDimensions_isASeriesOfItsOwn() {
        SummaryDataPoint p = point("AWS/Lambda", "ConcurrentExecutions", Map.of(), NOON, 60, 300, Map.of(0.0, 2.0, 1.0, 9.0));

        MetricDatum d = format.parse(record(request(metric("AWS/Lambda", "ConcurrentExecutions", "{Count}", p))))
                .datums().get(0);

        assertThat(d.series().key()).isEqualTo("123456789012/us-east-1/AWS/Lambda/ConcurrentExecutions/");
        assertThat(d.series().dimensions()).isEmpty();
    }

    @Test
    void aCorruptMessage_failsAlone_andTheMessagesAroundItStillParse() {
        byte[] good = record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}", docsExamplePoint(0))));
        byte[] corrupt = delimited(new byte[] {0x0a, 0x7f, 0x01, 0x02});   // a field whose length runs past the message
        byte[] rec = concat(good, corrupt, good);

        ParsedRecord r = format.parse(rec);

        assertThat(r.datums()).hasSize(2);
        assertThat(r.junk()).singleElement().satisfies(j -> {
            assertThat(j.lineNumber()).isEqualTo(2);
            assertThat(j.reason()).startsWith("not a valid ExportMetricsServiceRequest").contains("runs past");
            assertThat(j.excerpt()).isEqualTo("0a7f0102");
        });
    }

    @Test
    void aMessageCutShort_losesTheFraming_soOnlyTheRestOfTheRecordIsJunk() {
        byte[] good = record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}", docsExamplePoint(0))));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 5);

        ParsedRecord r = format.parse(concat(good, cut));

        assertThat(r.datums()).hasSize(1);
        assertThat(r.junk()).singleElement().satisfies(j -> {
            assertThat(j.lineNumber()).isEqualTo(2);
            assertThat(j.reason()).startsWith("length prefix").contains("rest of the record");
        });
    }

    @Test
    void aDataPointWithoutNamespace_failsAlone_andItsNeighbourInTheSameMessageCounts() {
        SummaryDataPoint noNamespace = docsExamplePoint(0).toBuilder().removeAttributes(0).build();
        byte[] rec = record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}",
                noNamespace, docsExamplePoint(1))));

        ParsedRecord r = format.parse(rec);

        assertThat(r.datums()).singleElement().extracting(MetricDatum::timestamp).isEqualTo(NOON + 60_000L);
        assertThat(r.junk()).singleElement().satisfies(j -> {
            assertThat(j.reason()).isEqualTo("missing attribute Namespace");
            assertThat(j.excerpt()).isEqualTo("amazonaws.com/AWS/DynamoDB/ConsumedReadCapacityUnits");
        });
    }

    @Test
    void unusableNumbers_andMissingFields_areJunkWithTheirReason() {
        SummaryDataPoint nanSum = docsExamplePoint(0).toBuilder().setSum(Double.NaN).build();
        SummaryDataPoint minAboveMax = point("AWS/Lambda", "Duration", Map.of("FunctionName", "a"), NOON, 2, 10,
                Map.of(0.0, 9.0, 1.0, 1.0));
        SummaryDataPoint noStart = docsExamplePoint(0).toBuilder().clearStartTimeUnixNano().build();
        SummaryDataPoint badQuantile = point("AWS/Lambda", "Duration", Map.of("FunctionName", "a"), NOON, 2, 10,
                Map.of(0.0, 1.0, 1.5, 3.0, 1.0, 9.0));
        ExportMetricsServiceRequest noAccount = request(
                io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(OtelRecords.str("cloud.region", "x")).build(),
                metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}", docsExamplePoint(0)));

        ParsedRecord r = format.parse(concat(
                record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}", nanSum, noStart))),
                record(request(metric("AWS/Lambda", "Duration", "ms", minAboveMax, badQuantile))),
                record(noAccount)));

        assertThat(r.datums()).isEmpty();
        assertThat(r.isAllJunk()).isTrue();
        assertThat(r.junk()).extracting(JunkLine::reason).containsExactly(
                "value.sum is not finite (NaN)",
                "missing start_time_unix_nano",
                "value.min (9.0) is greater than value.max (1.0)",
                "quantile 1.5 is outside [0, 1]",
                "missing resource attribute cloud.account.id");
        assertThat(r.junk()).extracting(JunkLine::lineNumber).containsExactly(1, 1, 2, 2, 3);
    }

    @Test
    void aGaugeMetric_isJunk_sayingCloudWatchStreamsSummaries() {
        Metric gauge = Metric.newBuilder().setName("x").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(1))).build();
        ExportMetricsServiceRequest req = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(resource("1", "r"))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge))).build();

        ParsedRecord r = format.parse(record(req));

        assertThat(r.junk()).singleElement().extracting(JunkLine::reason)
                .isEqualTo("metric is a gauge, not a summary (CloudWatch streams summaries)");
    }

    @Test
    void theOpenTelemetry07Labels_areRecognised_inTheReason() {
        SummaryDataPoint labelled = docsExamplePoint(0).toBuilder().clearAttributes()
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(1, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("\n\tNamespace\u0012\u000cAWS/DynamoDB"))
                        .build()).build())
                .build();

        ParsedRecord r = format.parse(record(request(metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", "{Count}", labelled))));

        assertThat(r.junk()).singleElement().extracting(JunkLine::reason).asString().contains("opentelemetry0.7");
    }

    @Test
    void anEmptyRecord_andARecordOfEmptyRequests_areBlank() {
        assertThat(format.parse(new byte[0]).isBlank()).isTrue();
        assertThat(format.parse(new byte[] {0, 0}).isBlank()).isTrue();
    }

    @Test
    void aJsonRecordSentToTheOpenTelemetryFunction_isAllJunk_neverAnException() {
        byte[] json = ("{\"metric_stream_name\":\"s\",\"account_id\":\"1\",\"region\":\"r\",\"namespace\":\"n\","
                + "\"metric_name\":\"m\",\"timestamp\":1,\"value\":{\"sum\":1,\"count\":1}}\n").getBytes(StandardCharsets.UTF_8);

        ParsedRecord r = format.parse(json);

        assertThat(r.isAllJunk()).isTrue();
    }

    @Test
    void arbitraryBytes_andEveryOneByteCorruptionOfAValidRecord_neverThrow_andYieldOnlyValidDatapoints() {
        byte[] good = record(request(metric("AWS/Lambda", "Duration", "ms",
                point("AWS/Lambda", "Duration", Map.of("FunctionName", "checkout-api"), NOON, 12, 1450.5,
                        Map.of(0.0, 80.25, 0.99, 410.0, 1.0, 640.0)))), request(metric("AWS/DynamoDB",
                "ConsumedReadCapacityUnits", "{Count}", docsExamplePoint(0))));
        Random random = new Random(42);
        for (int i = 0; i < good.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xff}) {
                byte[] mutated = good.clone();
                mutated[i] ^= (byte) flip;
                assertValidOrJunk(mutated);
            }
        }
        for (int n = 0; n < 5_000; n++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            assertValidOrJunk(junk);
        }
    }

    private void assertValidOrJunk(byte[] data) {
        assertThatCode(() -> {
            ParsedRecord r = format.parse(data);
            for (MetricDatum d : r.datums()) {
                assertThat(d.value().problem()).isNull();
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void theFormatIsChosenByName_andTheOlderOpenTelemetryFormatIsRefusedClearly() {
        assertThat(MetricFormats.forName("opentelemetry1.0")).isInstanceOf(OpenTelemetry10Format.class);
        assertThat(MetricFormats.forName(" OpenTelemetry1.0 ").name()).isEqualTo("opentelemetry1.0");
        assertThatThrownBy(() -> MetricFormats.forName("opentelemetry0.7"))
                .hasMessageContaining("opentelemetry0.7 is not supported").hasMessageContaining("opentelemetry1.0");
    }

    private static byte[] varint(int n) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((n & ~0x7f) != 0) {
            out.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        return out.toByteArray();
    }
}
