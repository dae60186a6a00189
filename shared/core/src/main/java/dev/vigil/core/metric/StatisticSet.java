package dev.vigil.core.metric;

import java.util.Map;

/**
 * One minute's statistic set as CloudWatch streams it: {@code max, min, sum, count} plus any additional
 * statistics the stream was configured with (percentiles {@code p99}, trimmed means {@code TM(25%:75%)}…).
 *
 * <p>{@code count} is CloudWatch's SampleCount: how many raw samples went into this minute.
 */
public record StatisticSet(double max, double min, double sum, double count, Map<String, Double> extra) {

    public StatisticSet {
        extra = extra == null || extra.isEmpty() ? Map.of() : Map.copyOf(extra);
    }

    public static StatisticSet of(double max, double min, double sum, double count) {
        return new StatisticSet(max, min, sum, count, Map.of());
    }

    /** CloudWatch's Average statistic: sum / SampleCount. */
    public double average() {
        return sum / count;
    }

    /**
     * Why this set cannot be scored, or {@code null} when it can. A set is unusable when a statistic is
     * NaN or infinite, when the sample count is negative, or when min &gt; max.
     */
    public String problem() {
        if (Double.isNaN(count) || Double.isInfinite(count)) {
            return "value.count is not finite (" + count + ")";
        }
        if (count < 0) {
            return "value.count is negative (" + count + "): a sample count cannot be below zero";
        }
        if (!Double.isFinite(sum)) {
            return "value.sum is not finite (" + sum + ")";
        }
        if (!Double.isFinite(max) || !Double.isFinite(min)) {
            return "value.max/min is not finite (max=" + max + ", min=" + min + ")";
        }
        if (count > 0 && min > max) {
            return "value.min (" + min + ") is greater than value.max (" + max + ")";
        }
        return null;
    }
}
