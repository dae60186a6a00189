package dev.vigil.core.canary;

import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded generator of canary deployments, to measure the judge (docs/canary.md). Each scenario is a window of
 * 10–30 minutes in which a Lambda function's traffic (200–5,000 invocations a minute, drifting and Poisson-noisy) is
 * split between the old version and a canary with 5–50% of it.
 *
 * <p>What real windows have and healthy canaries must survive: errors that come in bursts (a per-minute rate
 * lognormal around the function's rate, plus shared "noisy minutes" when a dependency blips and both versions fail
 * three to ten times as often), latency that moves with load for both versions, spiky minutes, per-minute
 * percentiles that are noisier on few invocations, and the canary's first minute slower (cold starts).
 */
public final class CanaryScenarios {

    /** What a scenario is, and what the judge must say of it. */
    public enum Kind {
        HEALTHY, NOISY, ERROR_REGRESSION, LATENCY_MEAN, LATENCY_P99, THROTTLING, IMPROVEMENT, NO_TRAFFIC,
        /** Informational: a canary with a tiny share (0.02–0.5%) of a busy function; judged on its evidence. */
        LOW_SHARE;

        public boolean regression() {
            return this == ERROR_REGRESSION || this == LATENCY_MEAN || this == LATENCY_P99 || this == THROTTLING;
        }

        public boolean healthy() {
            return this == HEALTHY || this == NOISY || this == IMPROVEMENT;
        }
    }

    /** One generated deployment and the facts of how it was made. */
    public record Scenario(Kind kind, long seed, CanaryWindow window, double canaryShare, double perMinute,
                           int minutes, String description) {

        public double canaryInvocations() {
            return window.canary().values().stream().mapToDouble(MinuteStats::invocations).sum();
        }
    }

    public static final CanaryTarget TARGET = new CanaryTarget("checkout-api", "live", "41", "42");
    private static final long T0 = 1_767_225_600_000L;   // 2026-01-01T00:00Z

    private CanaryScenarios() {
    }

    public static Scenario generate(Kind kind, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + kind.ordinal());
        int minutes = 10 + r.nextInt(21);
        double perMinute = Math.exp(Math.log(200) + r.nextDouble() * (Math.log(5000) - Math.log(200)));
        // No traffic: none at all, or at most three invocations a minute on average (at most ~90 in the window).
        double share = kind == Kind.NO_TRAFFIC ? (r.nextBoolean() ? 0 : r.nextDouble() * 3 / perMinute)
                : kind == Kind.LOW_SHARE ? 0.0002 + r.nextDouble() * 0.0048
                : 0.05 + r.nextDouble() * 0.45;
        double errorRate = 0.0005 + r.nextDouble() * 0.0075;      // 0.05% .. 0.8%
        double meanMs = Math.exp(Math.log(15) + r.nextDouble() * (Math.log(1200) - Math.log(15)));
        double tail = 2.5 + r.nextDouble() * 4;                     // p99 / mean
        double noisyProb = kind == Kind.NOISY ? 0.25 : 0.06;

        double cErr = errorRate;
        double cMean = 1;
        double cTail = 1;
        double cThrottle = 0;
        String what;
        switch (kind) {
            case ERROR_REGRESSION -> {
                cErr = Math.max(0.02, errorRate * (5 + r.nextDouble() * 5));
                what = String.format(Locale.ROOT, "error rate %.2f%% -> %.2f%%", 100 * errorRate, 100 * cErr);
            }
            case LATENCY_MEAN -> {
                cMean = 1.5 + r.nextDouble() * 0.5;
                what = String.format(Locale.ROOT, "mean and p99 x%.2f", cMean);
            }
            case LATENCY_P99 -> {
                cTail = 1.5 + r.nextDouble() * 0.5;
                cMean = 1 + (cTail - 1) * 0.08;   // a tail regression moves the mean a little
                what = String.format(Locale.ROOT, "p99 x%.2f (mean x%.2f)", cTail, cMean);
            }
            case THROTTLING -> {
                cThrottle = 0.05 + r.nextDouble() * 0.15;
                what = String.format(Locale.ROOT, "%.1f%% of canary requests throttled", 100 * cThrottle);
            }
            case IMPROVEMENT -> {
                cErr = errorRate * (0.2 + r.nextDouble() * 0.5);
                cMean = 0.6 + r.nextDouble() * 0.3;
                what = String.format(Locale.ROOT, "errors %.2f%% -> %.2f%%, latency x%.2f", 100 * errorRate,
                        100 * cErr, cMean);
            }
            case NO_TRAFFIC, LOW_SHARE -> what = String.format(Locale.ROOT, "canary share %.3f%%", 100 * share);
            case NOISY -> what = "healthy, a quarter of the minutes noisy";
            default -> what = "healthy";
        }

        Map<Long, MinuteStats> base = new TreeMap<>();
        Map<Long, MinuteStats> can = new TreeMap<>();
        double phase = r.nextDouble() * 6.28;
        for (int i = 0; i < minutes; i++) {
            long t = T0 + seed % 1000 * 86_400_000L + i * 60_000L;
            double load = 1 + 0.15 * Math.sin(phase + i / 7.0) + 0.05 * r.nextGaussian();
            double total = Math.max(0, perMinute * load);
            boolean noisy = r.nextDouble() < noisyProb;
            double errBurst = noisy && r.nextBoolean() ? 3 + r.nextDouble() * 7 : 1;
            double latBurst = noisy ? 1.3 + r.nextDouble() * 1.2 : 1;
            double latLoad = (1 + 0.1 * (load - 1)) * latBurst;
            base.put(t, minute(r, total * (1 - share), errorRate * errBurst, meanMs * latLoad, tail, 0, false));
            can.put(t, minute(r, total * share, cErr * errBurst, meanMs * latLoad * cMean,
                    tail * cTail / cMean, cThrottle, i == 0));
        }
        return new Scenario(kind, seed, CanaryWindow.of(TARGET, base, can), share, perMinute, minutes,
                kind + " " + what + String.format(Locale.ROOT, ", %.0f/min, canary %.1f%%, %d min", perMinute,
                        100 * share, minutes));
    }

    private static MinuteStats minute(SplittableRandom r, double expected, double errorRate, double meanMs,
                                      double tail, double throttleRate, boolean coldStart) {
        double requests = poisson(r, expected);
        double throttles = throttleRate > 0 ? poisson(r, requests * throttleRate) : 0;
        throttles = Math.min(throttles, requests);
        double inv = requests - throttles;
        // Errors are overdispersed: the minute's own rate varies around the function's (lognormal, sd 0.3).
        double rate = Math.min(1, errorRate * Math.exp(0.3 * r.nextGaussian() - 0.045));
        double errors = Math.min(inv, poisson(r, inv * rate));
        Map<String, Double> pcts = new HashMap<>();
        double mean = Double.NaN;
        if (inv > 0) {
            // The mean of n lognormal durations (per-invocation CV about 1) wobbles by 1/sqrt(n), plus 3% of model.
            double cold = coldStart ? 1.6 : 1;
            mean = meanMs * cold * Math.exp(r.nextGaussian() * (0.03 + 1 / Math.sqrt(inv)));
            double p99Noise = 0.05 + 0.6 / Math.sqrt(inv);
            pcts.put("p99", meanMs * tail * cold * Math.exp(r.nextGaussian() * p99Noise));
            pcts.put("p50", meanMs * 0.7 * Math.exp(r.nextGaussian() * (0.03 + 0.8 / Math.sqrt(inv))));
        }
        return MinuteStats.of(inv, errors, throttles, mean, inv > 0 ? pcts : null);
    }

    static double poisson(SplittableRandom r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 50) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /**
     * The scenario as the Metric Stream lines Lambda would have produced ({@code AWS/Lambda}, dimensions
     * {@code FunctionName, Resource, ExecutedVersion}): Invocations, Errors, Throttles, Duration with p50 and p99.
     */
    public static List<MetricDatum> datums(Scenario s, String account, String region) {
        List<MetricDatum> out = new ArrayList<>();
        CanaryTarget t = s.window().target();
        for (int v = 0; v < 2; v++) {
            String version = v == 0 ? t.baselineVersion() : t.canaryVersion();
            Map<Long, MinuteStats> ms = v == 0 ? s.window().baseline() : s.window().canary();
            Map<String, String> dims = Map.of("FunctionName", t.functionName(), "Resource",
                    t.functionName() + ":" + t.alias(), "ExecutedVersion", version);
            for (Map.Entry<Long, MinuteStats> e : ms.entrySet()) {
                MinuteStats m = e.getValue();
                long ts = e.getKey();
                double n = m.invocations();
                if (n + m.throttles() <= 0) {
                    continue;
                }
                out.add(count(account, region, "Invocations", dims, ts, n));
                out.add(count(account, region, "Errors", dims, ts, m.errors()));
                out.add(count(account, region, "Throttles", dims, ts, m.throttles()));
                if (n > 0) {
                    Map<String, Double> extra = new HashMap<>();
                    extra.put("p50", m.durationPercentile("p50"));
                    extra.put("p99", m.durationPercentile("p99"));
                    double mean = m.meanDuration();
                    out.add(new MetricDatum(SeriesId.of(account, region, "AWS/Lambda", "Duration", dims), ts,
                            new StatisticSet(Math.max(mean, m.durationPercentile("p99")) * 1.5,
                                    Math.min(mean, m.durationPercentile("p50")) * 0.2, mean * n, n, extra),
                            "Milliseconds"));
                }
            }
        }
        return out;
    }

    private static MetricDatum count(String account, String region, String metric, Map<String, String> dims, long ts,
                                     double sum) {
        // Lambda's count metrics: one sample per invocation, each 0 or 1; a minute of nothing is sum 0.
        return new MetricDatum(SeriesId.of(account, region, "AWS/Lambda", metric, dims), ts,
                StatisticSet.of(sum > 0 ? 1 : 0, 0, sum, Math.max(1, sum)), "Count");
    }
}
