package dev.vigil.core.canary;

import java.util.HashMap;
import java.util.Map;

/**
 * One version's one minute: Lambda's own statistics, summed over the datapoints of that minute (a stream may carry
 * the same minute in more than one record), plus the custom metrics the configuration names.
 *
 * <p>Throttles stay NaN when no Throttles datapoint came for the minute, so "not streamed" is not read as zero.
 */
public final class MinuteStats {

    double invocations;
    double errors;
    double throttles = Double.NaN;
    double durationSum;
    double durationCount;
    double durationMax = Double.NaN;
    /** Duration percentiles ({@code p99}, {@code p90}…) as streamed; a minute seen twice keeps the larger. */
    final Map<String, Double> durationPercentiles = new HashMap<>(4);
    /** Custom metric name → {sum, count}. */
    final Map<String, double[]> custom = new HashMap<>(2);

    public double invocations() {
        return invocations;
    }

    public double errors() {
        return errors;
    }

    public double throttles() {
        return throttles;
    }

    /** Mean duration in ms over the minute's invocations, NaN with none. */
    public double meanDuration() {
        return durationCount > 0 ? durationSum / durationCount : Double.NaN;
    }

    public double durationCount() {
        return durationCount;
    }

    public double durationMax() {
        return durationMax;
    }

    public Double durationPercentile(String stat) {
        return durationPercentiles.get(stat);
    }

    public double custom(String name) {
        double[] sc = custom.get(name);
        return sc == null || sc[1] <= 0 ? Double.NaN : sc[0] / sc[1];
    }

    public static MinuteStats of(double invocations, double errors, double throttles, double meanDurationMs,
                                 Map<String, Double> percentiles) {
        MinuteStats m = new MinuteStats();
        m.invocations = invocations;
        m.errors = errors;
        m.throttles = throttles;
        if (invocations > 0 && Double.isFinite(meanDurationMs)) {
            m.durationSum = meanDurationMs * invocations;
            m.durationCount = invocations;
        }
        if (percentiles != null) {
            m.durationPercentiles.putAll(percentiles);
        }
        return m;
    }

    public MinuteStats withCustom(String name, double value) {
        custom.put(name, new double[] {value, 1});
        return this;
    }
}
