package dev.vigil.core.canary;

import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.incident.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge's knobs. The defaults work for any Lambda function with no configuration; the {@code canary:} block of
 * {@code config/vigil.yaml} changes them for all functions, and {@code canary.functions[]} for the functions whose
 * name matches a glob (the first match wins, over the block's own values):
 *
 * <pre>
 * canary:
 *   alpha: 0.05
 *   functions:
 *     - match: "checkout-*"
 *       errors: {maxRatio: 1.2, absTolerance: 0.002}
 *       groups: {latency: {weight: 30, critical: false}}
 * </pre>
 *
 * @param alpha                the significance level of every test (two-sided)
 * @param minCanaryInvocations fewer canary invocations over the window: {@code NoData}, never a pass
 * @param minMinutes           fewer minutes with traffic for either version: per-minute tests are {@code NoData}
 * @param passScore            at least this score (and no blocker) passes
 * @param marginalScore        below this score fails
 * @param errorMaxRatio        a rate (errors, throttles) is allowed up to {@code max(base × maxRatio, base + absTolerance)}
 * @param errorAbsTolerance    see errorMaxRatio (a fraction: 0.01 is one percentage point)
 * @param latencyMaxRatio      a latency statistic is allowed up to canary / baseline = this
 * @param confidence           a rate passes only if its upper confidence bound at this level is within the allowed rate
 */
public record CanaryConfig(double alpha, double minCanaryInvocations, int minMinutes, double passScore,
                           double marginalScore, double errorMaxRatio, double errorAbsTolerance,
                           double latencyMaxRatio, double confidence, Map<String, MetricGroup> groups,
                           List<CustomMetric> customMetrics) {

    public static final String ERRORS = "errors";
    public static final String LATENCY = "latency";
    public static final String THROUGHPUT = "throughput";
    public static final String CUSTOM = "custom";

    public CanaryConfig {
        check(alpha > 0 && alpha < 0.5, "alpha must be in (0, 0.5), was " + alpha);
        check(minCanaryInvocations >= 1, "minCanaryInvocations must be at least 1, was " + minCanaryInvocations);
        check(minMinutes >= 3, "minMinutes must be at least 3 (a rank test needs a few minutes), was " + minMinutes);
        check(marginalScore >= 0 && marginalScore <= passScore && passScore <= 100,
                "thresholds must satisfy 0 <= marginal <= pass <= 100, were marginal " + marginalScore + ", pass "
                        + passScore);
        check(errorMaxRatio >= 1, "errors.maxRatio must be at least 1, was " + errorMaxRatio);
        check(errorAbsTolerance >= 0 && errorAbsTolerance < 1, "errors.absTolerance must be in [0, 1), was "
                + errorAbsTolerance);
        check(latencyMaxRatio >= 1, "latency.maxRatio must be at least 1, was " + latencyMaxRatio);
        check(confidence > 0.5 && confidence < 1, "confidence must be in (0.5, 1), was " + confidence);
        groups = Map.copyOf(groups);
        customMetrics = List.copyOf(customMetrics);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("canary: " + message);
        }
    }

    /**
     * Errors (errors and throttles per request) and latency are critical: a regression there fails the run. The
     * throughput group holds the traffic check, which gates the run but is not scored. Custom metrics count 20.
     */
    public static CanaryConfig defaults() {
        Map<String, MetricGroup> g = new LinkedHashMap<>();
        g.put(ERRORS, new MetricGroup(ERRORS, 50, true));
        g.put(LATENCY, new MetricGroup(LATENCY, 50, true));
        g.put(THROUGHPUT, new MetricGroup(THROUGHPUT, 0, false));
        g.put(CUSTOM, new MetricGroup(CUSTOM, 20, false));
        return new CanaryConfig(0.05, 100, 5, 90, 70, 1.5, 0.01, 1.2, 0.90, g, List.of());
    }

    public MetricGroup group(String name) {
        MetricGroup g = groups.get(name);
        return g != null ? g : new MetricGroup(name, groups.getOrDefault(CUSTOM, new MetricGroup(CUSTOM, 20, false))
                .weight(), false);
    }

    /** The configuration for one function: defaults, then {@code canary:}'s own keys, then its first matching entry. */
    public static CanaryConfig forFunction(ConfigTree root, String functionName) {
        ConfigTree c = root.get("canary");
        CanaryConfig cfg = defaults();
        if (c.isMissing()) {
            return cfg;
        }
        cfg = cfg.with(c);
        for (ConfigTree f : c.get("functions").list()) {
            String match = f.get("match").requireString();
            if (Glob.matches(match, functionName)) {
                return cfg.with(f);
            }
        }
        return cfg;
    }

    /** These values with the keys present in {@code t} replaced. */
    public CanaryConfig with(ConfigTree t) {
        Map<String, MetricGroup> g = new LinkedHashMap<>(groups);
        for (Map.Entry<String, ConfigTree> e : t.get("groups").entries().entrySet()) {
            MetricGroup old = g.getOrDefault(e.getKey(), new MetricGroup(e.getKey(), 20, false));
            g.put(e.getKey(), new MetricGroup(e.getKey(), e.getValue().get("weight").number(old.weight()),
                    e.getValue().get("critical").bool(old.critical())));
        }
        List<CustomMetric> customs = new ArrayList<>(customMetrics);
        for (ConfigTree m : t.get("customMetrics").list()) {
            String metric = m.get("metric").requireString();
            customs.add(new CustomMetric(m.get("name").string(metric), m.get("namespace").requireString(), metric,
                    m.get("dimensions").stringMap(), m.get("versionDimension").string("Version"),
                    Direction.parse(m.get("direction").string("increase"), m.get("direction").path()),
                    m.get("group").string(CUSTOM), m.get("maxRatio").number(1.2)));
        }
        ConfigTree thresholds = t.get("thresholds");
        return new CanaryConfig(t.get("alpha").number(alpha),
                t.get("minCanaryInvocations").number(minCanaryInvocations),
                t.get("minMinutes").integer(minMinutes),
                thresholds.get("pass").number(passScore), thresholds.get("marginal").number(marginalScore),
                t.get("errors").get("maxRatio").number(errorMaxRatio),
                t.get("errors").get("absTolerance").number(errorAbsTolerance),
                t.get("latency").get("maxRatio").number(latencyMaxRatio),
                t.get("confidence").number(confidence), g, customs);
    }
}
