package dev.vigil.core.cost.store;

import dev.vigil.core.config.Env;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.Thresholds;
import dev.vigil.core.cost.read.CostAggregator;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The billing functions' configuration, from the environment (both functions read the same variables).
 *
 * <pre>
 *   COST_METRIC          amortized | unblended                 (amortized)
 *   COST_ABS_THRESHOLD   $ over expected, per day              (25)
 *   COST_PCT_THRESHOLD   % over expected                       (20)
 *   COST_Z_THRESHOLD     robust standard deviations            (3)
 *   COST_THRESHOLDS      per-scope overrides, e.g. service:AmazonEC2=200/10;account:1111=50/30
 *   COST_TAG_KEYS        tag keys to aggregate, comma-separated (all)
 *   COST_HISTORY_DAYS    days of history read for detection    (100)
 *   COST_PUBLISH_DAYS    anomalies this recent are published   (3)
 *   COST_MAX_RESOURCE_KEYS / COST_MAX_TAG_KEYS  aggregation caps (500000 / 200000)
 * </pre>
 */
public record CostSettings(CostMetric metric, DetectionConfig detection, CostAggregator.Options aggregation,
                           int historyDays, int publishDays) {

    public static CostSettings defaults() {
        return new CostSettings(CostMetric.AMORTIZED, DetectionConfig.defaults(), CostAggregator.Options.defaults(),
                100, 3);
    }

    public static CostSettings from(Env env) {
        CostMetric metric = CostMetric.parse(env.optional("COST_METRIC", "amortized"));
        Thresholds base = new Thresholds(dbl(env, "COST_ABS_THRESHOLD", 25), dbl(env, "COST_PCT_THRESHOLD", 20),
                dbl(env, "COST_Z_THRESHOLD", 3));
        DetectionConfig cfg;
        try {
            cfg = DetectionConfig.defaults().withThresholds(base)
                    .withOverrides(DetectionConfig.parseOverrides(env.optional("COST_THRESHOLDS", ""), base));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable COST_THRESHOLDS: " + e.getMessage(), e);
        }
        String keys = env.optional("COST_TAG_KEYS", null);
        Set<String> tagKeys = keys == null ? null : new LinkedHashSet<>(Arrays.asList(keys.split("\\s*,\\s*")));
        CostAggregator.Options agg = new CostAggregator.Options(metric, env.optionalInt("COST_MAX_RESOURCE_KEYS",
                500_000), env.optionalInt("COST_MAX_TAG_KEYS", 200_000), tagKeys);
        return new CostSettings(metric, cfg, agg, env.optionalInt("COST_HISTORY_DAYS", 100),
                env.optionalInt("COST_PUBLISH_DAYS", 3));
    }

    private static double dbl(Env env, String name, double fallback) {
        String v = env.optional(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a number >= 0, was " + v, e);
        }
    }
}
