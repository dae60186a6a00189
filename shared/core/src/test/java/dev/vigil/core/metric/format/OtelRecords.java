package dev.vigil.core.metric.format;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Builds Metric Streams {@code opentelemetry1.0} records with the official generated classes (opentelemetry-proto,
 * protobuf-java), in the shape AWS documents: resource attributes {@code cloud.provider}, {@code cloud.account.id},
 * {@code cloud.region}, {@code aws.exporter.arn}; a metric named {@code amazonaws.com/<namespace>/<metric>} with a UCUM
 * unit and one Summary data point per minute, attributes {@code Namespace}, {@code MetricName}, {@code Dimensions}.
 */
final class OtelRecords {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private OtelRecords() {
    }

    static KeyValue str(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static Resource resource(String account, String region) {
        return Resource.newBuilder()
                .addAttributes(str("cloud.provider", "aws"))
                .addAttributes(str("cloud.account.id", account))
                .addAttributes(str("cloud.region", region))
                .addAttributes(str("aws.exporter.arn", "arn:aws:cloudwatch:" + region + ":" + account
                        + ":metric-stream/vigil-stream"))
                .build();
    }

    /**
     * One CloudWatch minute as a Summary data point. {@code quantiles} maps quantile to value; CloudWatch always
     * sends 0.0 (Min) and 1.0 (Max), plus the stream's additional percentiles.
     */
    static SummaryDataPoint point(String namespace, String metric, Map<String, String> dimensions, long startMillis,
                                  long count, double sum, Map<Double, Double> quantiles) {
        KeyValueList.Builder dims = KeyValueList.newBuilder();
        dimensions.forEach((k, v) -> dims.addValues(str(k, v)));
        SummaryDataPoint.Builder p = SummaryDataPoint.newBuilder()
                .addAttributes(str("Namespace", namespace))
                .addAttributes(str("MetricName", metric))
                .addAttributes(KeyValue.newBuilder().setKey("Dimensions")
                        .setValue(AnyValue.newBuilder().setKvlistValue(dims)))
                .setStartTimeUnixNano(startMillis * 1_000_000L)
                .setTimeUnixNano((startMillis + 60_000L) * 1_000_000L)
                .setCount(count)
                .setSum(sum);
        quantiles.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> p.addQuantileValues(
                SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(e.getKey()).setValue(e.getValue())));
        return p.build();
    }

    static Metric metric(String namespace, String metric, String ucumUnit, SummaryDataPoint... points) {
        Summary.Builder s = Summary.newBuilder();
        for (SummaryDataPoint p : points) {
            s.addDataPoints(p);
        }
        return Metric.newBuilder().setName("amazonaws.com/" + namespace + "/" + metric).setUnit(ucumUnit)
                .setSummary(s).build();
    }

    static ExportMetricsServiceRequest request(Resource resource, Metric... metrics) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
        for (Metric m : metrics) {
            scope.addMetrics(m);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
                .build();
    }

    static ExportMetricsServiceRequest request(Metric... metrics) {
        return request(resource(ACCOUNT, REGION), metrics);
    }

    /** A Firehose record: each request preceded by its length as an unsigned varint (writeDelimitedTo). */
    static byte[] record(ExportMetricsServiceRequest... requests) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ExportMetricsServiceRequest r : requests) {
                r.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Length-prefixes arbitrary bytes as one more "message" of a record. */
    static byte[] delimited(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = body.length;
        while ((n & ~0x7f) != 0) {
            out.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
