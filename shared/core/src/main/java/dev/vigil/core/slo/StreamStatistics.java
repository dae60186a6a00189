package dev.vigil.core.slo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which statistics the Metric Stream carries beyond Min, Max, Sum and SampleCount: the stream's
 * {@code StatisticsConfigurations}, as the template passes them to the function ({@code METRIC_STREAM_STATISTICS},
 * e.g. {@code p99,p99.9}, for the metrics in {@code METRIC_STREAM_STATISTICS_METRICS}, e.g.
 * {@code AWS/Lambda:Duration,AWS/ApplicationELB:TargetResponseTime}). CloudWatch streams the additional statistics for
 * every dimension combination of each listed namespace and metric name, and for no other metric.
 *
 * <p>Used at load time: an SLO whose statistic never arrives would never count a minute, so its budget would look
 * untouched forever. {@link #requireCarried} refuses such a config with the SLO, the statistic and the parameters to
 * set, instead of letting it stay silently green.
 */
public record StreamStatistics(Set<String> statistics, Set<String> metrics) {

    /** CloudWatch's percentile statistic names: p0 … p100 with optional decimals (p99, p99.9). */
    private static final Pattern PERCENTILE = Pattern.compile("p(100|\\d{1,2})(\\.\\d+)?");
    private static final Set<String> ALWAYS = Set.of("average", "max", "min", "sum");

    public StreamStatistics {
        statistics = Set.copyOf(statistics);
        metrics = Set.copyOf(metrics);
    }

    public static StreamStatistics none() {
        return new StreamStatistics(Set.of(), Set.of());
    }

    /**
     * From the two settings (either may be null or blank). {@code format} is the stream's output format: an
     * {@code opentelemetry1.0} stream can carry percentiles only (AWS: trimmed means and the like are json-only).
     */
    public static StreamStatistics parse(String statistics, String metrics, String format) {
        Set<String> stats = split(statistics);
        Set<String> names = split(metrics);
        if (stats.isEmpty() != names.isEmpty()) {
            throw new IllegalArgumentException(stats.isEmpty()
                    ? "METRIC_STREAM_STATISTICS_METRICS is set but METRIC_STREAM_STATISTICS is empty"
                    : "METRIC_STREAM_STATISTICS is set but METRIC_STREAM_STATISTICS_METRICS is empty: name the "
                            + "namespace:metric pairs they apply to (e.g. AWS/Lambda:Duration)");
        }
        for (String m : names) {
            int colon = m.indexOf(':');
            if (colon <= 0 || colon == m.length() - 1 || m.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("METRIC_STREAM_STATISTICS_METRICS entry '" + m
                        + "' is not namespace:metric (e.g. AWS/Lambda:Duration)");
            }
        }
        if (format != null && format.trim().toLowerCase(Locale.ROOT).startsWith("opentelemetry")) {
            for (String s : stats) {
                if (!PERCENTILE.matcher(s).matches()) {
                    throw new IllegalArgumentException("METRIC_STREAM_STATISTICS: " + s + " cannot be streamed in the "
                            + format.trim() + " format, which carries percentiles only (pNN); use the json format");
                }
            }
        }
        return new StreamStatistics(stats, names);
    }

    /** Whether the stream carries {@code statistic} for this namespace and metric name. */
    public boolean carries(String namespace, String metricName, String statistic) {
        return ALWAYS.contains(statistic.toLowerCase(Locale.ROOT))
                || statistics.contains(statistic) && metrics.contains(namespace + ":" + metricName);
    }

    /** Refuses the first SLO whose statistic the stream does not carry for its series, saying what to change. */
    public void requireCarried(List<SloDefinition> slos) {
        for (SloDefinition slo : slos) {
            if (slo.sli() instanceof SloDefinition.Threshold t) {
                SeriesSelector s = t.series();
                if (!carries(s.namespace(), s.metricName(), t.statistic())) {
                    String why = statistics.contains(t.statistic())
                            ? "the stream carries " + t.statistic() + " only for " + String.join(", ", sorted(metrics))
                            : statistics.isEmpty() ? "the stream carries no additional statistics"
                            : "the stream's additional statistics are " + String.join(", ", sorted(statistics));
                    throw new IllegalArgumentException("SLO " + slo.name() + " asks for statistic " + t.statistic()
                            + " of " + s.namespace() + " " + s.metricName() + ", which the metric stream does not carry ("
                            + why + "). Add it with the template parameters MetricStreamAdditionalStatistics and "
                            + "MetricStreamStatisticsMetrics (" + s.namespace() + ":" + s.metricName()
                            + "), or use average, max or min.");
                }
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static Set<String> split(String csv) {
        Set<String> out = new LinkedHashSet<>();
        if (csv != null) {
            for (String part : csv.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
