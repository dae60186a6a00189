package dev.vigil.core.fakes;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.metric.SeriesId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Anomaly events for tests, shaped like the metric-stream function's (stable id per series and minute). */
public final class Anomalies {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();

    private Anomalies() {
    }

    public static long minute(int m) {
        return T0 + m * 60_000L;
    }

    public static AnomalyEvent of(String namespace, String metric, Map<String, String> dims, long t, String severity,
                                  double value, double expected) {
        SeriesId s = SeriesId.of(ACCOUNT, REGION, namespace, metric, dims);
        double band = Math.max(1, Math.abs(expected) * 0.2);
        String reason = value >= expected ? "spike" : "dip";
        return new AnomalyEvent(AnomalyEvent.idFor(s.key(), t), s.key(), ACCOUNT, REGION, namespace, metric,
                new TreeMap<>(dims), t, value, expected, expected - band, expected + band, 0.97, severity, reason,
                metric + " " + value + " vs " + expected, "Count", "rate_per_second");
    }

    public static AnomalyEvent lambda(String fn, String metric, long t, String severity) {
        return of("AWS/Lambda", metric, Map.of("FunctionName", fn), t, severity, 40, 2);
    }

    public static AnomalyEvent alb(String lb, String metric, long t, String severity) {
        return of("AWS/ApplicationELB", metric, Map.of("LoadBalancer", lb), t, severity, 120, 3);
    }

    public static AnomalyEvent tg(String lb, String tg, String metric, long t, String severity) {
        return of("AWS/ApplicationELB", metric, Map.of("LoadBalancer", lb, "TargetGroup", tg), t, severity, 90, 2);
    }

    public static AnomalyEvent ecs(String cluster, String service, String metric, long t, String severity) {
        return of("AWS/ECS", metric, Map.of("ClusterName", cluster, "ServiceName", service), t, severity, 97, 35);
    }

    public static AnomalyEvent rds(String db, String metric, long t, String severity) {
        return of("AWS/RDS", metric, Map.of("DBInstanceIdentifier", db), t, severity, 95, 30);
    }
}
