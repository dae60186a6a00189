package dev.vigil.core.metric;

import java.util.Set;

/**
 * Chooses the one number the detector scores for a datapoint, from CloudWatch's statistic set.
 *
 * <ul>
 *   <li><b>Accumulating units</b> ({@code Count}, {@code Bytes}, {@code Bits} and their multiples): the minute's
 *       {@code sum} divided by the period gives a <em>rate per second</em>. A sum is what these metrics mean
 *       (requests, errors, bytes sent); their "average" is sum/SampleCount, which measures how CloudWatch batched
 *       the samples, not the workload.</li>
 *   <li><b>Everything else</b> ({@code Percent}, {@code Seconds}, {@code Milliseconds}, {@code Count/Second},
 *       {@code None}…): CloudWatch's Average, {@code sum / count}.</li>
 *   <li><b>Known gauges reported as Count</b> (queue depth, healthy hosts, connections, running tasks…):
 *       Average, because the samples are levels, not events.</li>
 * </ul>
 * {@code max} and {@code min} are not scored; they travel with the datum into the raw S3 copy. {@code count} decides
 * whether there is anything to score (a zero count with a zero sum is a quiet minute for a rate, and no data for a
 * gauge).
 */
public final class ObservationPolicy {

    /** Metric Streams deliver one-minute aggregates. */
    public static final double PERIOD_SECONDS = 60.0;

    private static final Set<String> ACCUMULATING_UNITS = Set.of(
            "Count", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
            "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits");

    /** Metric names whose unit is Count but whose samples are levels (a gauge), not events. */
    private static final Set<String> GAUGE_COUNT_METRICS = Set.of(
            "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed", "ApproximateAgeOfOldestMessage",
            "HealthyHostCount", "UnHealthyHostCount", "ConcurrentExecutions", "UnreservedConcurrentExecutions",
            "ProvisionedConcurrentExecutions", "RunningTaskCount", "DesiredTaskCount", "PendingTaskCount",
            "DatabaseConnections", "CurrConnections", "ActiveConnectionCount", "GroupDesiredCapacity",
            "GroupInServiceInstances", "GroupTotalInstances", "ClientConnections", "ActiveFlowCount");

    private ObservationPolicy() {
    }

    /** How a datapoint's number is derived: the statistic the detector sees. */
    public enum Statistic { RATE_PER_SECOND, AVERAGE }

    public static Statistic statisticFor(String metricName, String unit) {
        if (ACCUMULATING_UNITS.contains(unit) && !GAUGE_COUNT_METRICS.contains(metricName)) {
            return Statistic.RATE_PER_SECOND;
        }
        return Statistic.AVERAGE;
    }

    /**
     * The value to score, or {@link Double#NaN} when the minute carries no samples for an average
     * (nothing to score). Callers must first check {@link StatisticSet#problem()}.
     */
    public static double observe(MetricDatum d) {
        StatisticSet v = d.value();
        return switch (statisticFor(d.series().metricName(), d.unit())) {
            case RATE_PER_SECOND -> v.sum() / PERIOD_SECONDS;
            case AVERAGE -> v.count() > 0 ? v.average() : Double.NaN;
        };
    }
}
