package dev.vigil.core.remediation.fakes;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.remediation.ResourceState;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Anomalies and resources the remediation tests share (the events/remediation fixtures are built from them). */
public final class Samples {
    private Samples() {
    }

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String THUMBNAILER = "arn:aws:lambda:us-east-1:123456789012:function:thumbnailer";
    public static final String ORDERS_SERVICE = "arn:aws:ecs:us-east-1:123456789012:service/orders/orders-api";
    public static final String CHECKOUT_LIVE = "arn:aws:lambda:us-east-1:123456789012:function:checkout-api:live";

    public static AnomalyEvent anomaly(String namespace, String metric, Map<String, String> dims, Instant at,
                                       double value, double expected, double lower, double upper, String severity,
                                       String reason, String unit, String statistic) {
        StringBuilder key = new StringBuilder(ACCOUNT + "/" + REGION + "/" + namespace + "/" + metric);
        new TreeMap<>(dims).forEach((k, v) -> key.append('/').append(k).append('=').append(v));
        String seriesId = key.toString();
        return new AnomalyEvent(AnomalyEvent.idFor(seriesId, at.toEpochMilli()), seriesId, ACCOUNT, REGION, namespace,
                metric, new TreeMap<>(dims), at.toEpochMilli(), value, expected, lower, upper, 0.97, severity, reason,
                metric + " at " + value + " against an expected " + expected, unit, statistic);
    }

    public static AnomalyEvent throttles(Instant at) {
        return anomaly("AWS/Lambda", "Throttles", Map.of("FunctionName", "thumbnailer"), at, 4.2, 0.05, 0.0, 0.4,
                "high", "spike", "Count", "rate_per_second");
    }

    public static AnomalyEvent ordersLatency(Instant at) {
        return anomaly("AWS/ApplicationELB", "TargetResponseTime",
                Map.of("LoadBalancer", "app/orders-alb/50dc6c495c0c9188"), at, 0.22, 0.08, 0.068, 0.092, "high",
                "level_shift", "Seconds", "average");
    }

    public static AnomalyEvent checkoutDuration(Instant at) {
        return anomaly("AWS/Lambda", "Duration", Map.of("FunctionName", "checkout-api"), at, 900.0, 120.0, 102.0,
                138.0, "critical", "spike", "Milliseconds", "average");
    }

    public static ResourceState thumbnailer() {
        return new ResourceState(THUMBNAILER, Map.of("reservedConcurrency", "10"),
                Map.of("vigil:remediation", "enabled"));
    }

    public static ResourceState ordersService() {
        return new ResourceState(ORDERS_SERVICE, Map.of("desiredCount", "3", "runningCount", "3"),
                Map.of("vigil:remediation", "enabled", "team", "orders"));
    }

    /** The checkout alias lacks the vigil:remediation tag: guardrails must refuse to touch it. */
    public static ResourceState checkoutLive() {
        return new ResourceState(CHECKOUT_LIVE, Map.of("functionVersion", "7", "previousVersion", "6"),
                Map.of("team", "payments"));
    }
}
