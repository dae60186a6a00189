package dev.vigil.core.canary;

import dev.vigil.core.incident.Glob;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The two versions' minutes over one window, built from Metric Streams datapoints.
 *
 * <p>Lambda publishes per-version metrics under the dimension set {@code FunctionName, Resource, ExecutedVersion}
 * (for invocations through an alias: {@code Resource} is {@code function:alias}). Only that set is read: the same
 * invocations also appear under {@code FunctionName} alone and {@code FunctionName, Resource}, and counting those
 * would count them twice.
 */
public final class CanaryWindow {

    private static final java.util.Set<String> LAMBDA_METRICS = java.util.Set.of("Invocations", "Errors", "Throttles",
            "Duration");

    private final CanaryTarget target;
    private final SortedMap<Long, MinuteStats> baseline;
    private final SortedMap<Long, MinuteStats> canary;
    private int ignored;

    public CanaryWindow(CanaryTarget target) {
        this(target, new TreeMap<>(), new TreeMap<>());
    }

    private CanaryWindow(CanaryTarget target, SortedMap<Long, MinuteStats> baseline, SortedMap<Long, MinuteStats> canary) {
        this.target = target;
        this.baseline = baseline;
        this.canary = canary;
    }

    /** A window from minutes already aggregated (the scenario generator, GetMetricData). */
    public static CanaryWindow of(CanaryTarget target, Map<Long, MinuteStats> baseline, Map<Long, MinuteStats> canary) {
        return new CanaryWindow(target, new TreeMap<>(baseline), new TreeMap<>(canary));
    }

    public CanaryTarget target() {
        return target;
    }

    public SortedMap<Long, MinuteStats> baseline() {
        return Collections.unmodifiableSortedMap(baseline);
    }

    public SortedMap<Long, MinuteStats> canary() {
        return Collections.unmodifiableSortedMap(canary);
    }

    /** Datapoints offered that belong to neither version (other functions, other dimension sets, other metrics). */
    public int ignored() {
        return ignored;
    }

    public CanaryWindow addAll(List<MetricDatum> data, List<CustomMetric> customs) {
        for (MetricDatum d : data) {
            add(d, customs);
        }
        return this;
    }

    /** Adds one datapoint; returns whether it belonged to one of the two versions. */
    public boolean add(MetricDatum d, List<CustomMetric> customs) {
        if (d.value().problem() != null) {
            ignored++;
            return false;
        }
        SeriesId s = d.series();
        if ("AWS/Lambda".equals(s.namespace())) {
            if (addLambda(d)) {
                return true;
            }
        }
        for (CustomMetric c : customs) {
            if (c.namespace().equals(s.namespace()) && c.metricName().equals(s.metricName())) {
                String v = s.dimensions().get(c.versionDimension());
                MinuteStats m = dimensionsMatch(c.dimensions(), s.dimensions()) ? minute(v, d.timestamp()) : null;
                if (m != null) {
                    double[] sc = m.custom.computeIfAbsent(c.name(), k -> new double[2]);
                    sc[0] += d.value().sum();
                    sc[1] += d.value().count();
                    return true;
                }
            }
        }
        ignored++;
        return false;
    }

    private boolean addLambda(MetricDatum d) {
        Map<String, String> dims = d.series().dimensions();
        if (dims.size() != 3 || !target.functionName().equals(dims.get("FunctionName"))) {
            return false;
        }
        String resource = dims.get("Resource");
        String version = dims.get("ExecutedVersion");
        if (resource == null || version == null) {
            return false;
        }
        if (target.alias() != null ? !resource.equals(target.functionName() + ":" + target.alias())
                : !resource.startsWith(target.functionName())) {
            return false;
        }
        String metric = d.series().metricName();
        if (!LAMBDA_METRICS.contains(metric)) {
            return false;
        }
        MinuteStats m = minute(version, d.timestamp());
        if (m == null) {
            return false;
        }
        StatisticSet v = d.value();
        switch (metric) {
            case "Invocations" -> m.invocations += v.sum();
            case "Errors" -> m.errors += v.sum();
            case "Throttles" -> m.throttles = (Double.isNaN(m.throttles) ? 0 : m.throttles) + v.sum();
            case "Duration" -> {
                m.durationSum += v.sum();
                m.durationCount += v.count();
                m.durationMax = Double.isNaN(m.durationMax) ? v.max() : Math.max(m.durationMax, v.max());
                for (Map.Entry<String, Double> e : v.extra().entrySet()) {
                    if (e.getKey().matches("p\\d+(\\.\\d+)?") && Double.isFinite(e.getValue())) {
                        m.durationPercentiles.merge(e.getKey(), e.getValue(), Math::max);
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private MinuteStats minute(String version, long timestamp) {
        long minute = Math.floorDiv(timestamp, 60_000L) * 60_000L;
        if (target.baselineVersion().equals(version)) {
            return baseline.computeIfAbsent(minute, k -> new MinuteStats());
        }
        if (target.canaryVersion().equals(version)) {
            return canary.computeIfAbsent(minute, k -> new MinuteStats());
        }
        return null;
    }

    private static boolean dimensionsMatch(Map<String, String> wanted, Map<String, String> actual) {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!Glob.matches(e.getValue(), actual.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
