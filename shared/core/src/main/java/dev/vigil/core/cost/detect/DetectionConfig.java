package dev.vigil.core.cost.detect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The detector's knobs (defaults in {@link #defaults()}; see docs/billing.md for the trade-offs).
 *
 * <p>Thresholds are per scope: an override names {@code dimension:key} (e.g. {@code service:AmazonEC2}), a whole
 * dimension ({@code tag}), or an account ({@code account:111122223333}, which also applies to services within
 * that account). The compact text form, used by the {@code COST_THRESHOLDS} variable and {@code --thresholds}:
 * {@code service:AmazonEC2=200/10;account:1111=50/30/4;total=500/5} (absolute $ / relative % / optional z).
 *
 * @param base                default thresholds, for scopes without an override
 * @param minHistoryDays      days of history before a scope is scored at all
 * @param windowDays          history the expected cost is learned from (seasonality and level)
 * @param levelShiftDays      consecutive anomalous days, same direction, that make a level shift
 * @param newSpendRampDays    days a new scope ramps up without being scored for spikes
 * @param newSpendQuietDays   days of (near) zero spend before a scope's spend counts as new
 * @param suppressDays        how long an "expected" mark suppresses similar anomalies
 * @param similarImpactFactor an anomaly up to this many times the marked one's impact is "similar"
 * @param explainShare        a broader anomaly mostly (this share) explained by a narrower one is not repeated
 * @param detectDrops         also report drops (off by default: FinOps acts on spend going up)
 * @param maxContributors     contributors kept per child dimension
 */
public record DetectionConfig(Thresholds base, Map<String, Thresholds> overrides, int minHistoryDays,
                              int windowDays, int levelShiftDays, int newSpendRampDays, int newSpendQuietDays,
                              int suppressDays, double similarImpactFactor, double explainShare, boolean detectDrops,
                              int maxContributors) {

    public static DetectionConfig defaults() {
        return new DetectionConfig(Thresholds.defaults(), Map.of(), 14, 56, 3, 14, 7, 30, 2.0, 0.8, false, 5);
    }

    public DetectionConfig withThresholds(Thresholds t) {
        return new DetectionConfig(t, overrides, minHistoryDays, windowDays, levelShiftDays, newSpendRampDays,
                newSpendQuietDays, suppressDays, similarImpactFactor, explainShare, detectDrops, maxContributors);
    }

    public DetectionConfig withOverrides(Map<String, Thresholds> o) {
        return new DetectionConfig(base, Map.copyOf(o), minHistoryDays, windowDays, levelShiftDays,
                newSpendRampDays, newSpendQuietDays, suppressDays, similarImpactFactor, explainShare, detectDrops,
                maxContributors);
    }

    /** The thresholds that apply to a scope: the most specific override wins. */
    public Thresholds thresholdsFor(Scope s) {
        String dim = s.dimension().code();
        Thresholds t = overrides.get(dim + ":" + s.key().toLowerCase(Locale.ROOT));
        if (t == null && s.account() != null) {
            t = overrides.get("account:" + s.account());
        }
        if (t == null) {
            t = overrides.get(dim);
        }
        return t == null ? base : t;
    }

    /**
     * Parses {@code scope=abs/pct[/z];…}. Missing parts take the defaults'. Keys are case-insensitive.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<String, Thresholds> parseOverrides(String text, Thresholds base) {
        Map<String, Thresholds> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split("[;\n]")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("threshold override '" + e + "' must be scope=abs/pct[/z]");
            }
            String scope = e.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String[] v = e.substring(eq + 1).trim().split("/");
            try {
                double abs = v.length > 0 && !v[0].isBlank() ? Double.parseDouble(v[0]) : base.absoluteDollars();
                double pct = v.length > 1 && !v[1].isBlank() ? Double.parseDouble(v[1]) : base.relativePercent();
                double z = v.length > 2 && !v[2].isBlank() ? Double.parseDouble(v[2]) : base.zScore();
                if (abs < 0 || pct < 0 || z < 0) {
                    throw new NumberFormatException("negative");
                }
                out.put(scope, new Thresholds(abs, pct, z));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("threshold override '" + e + "': numbers must be abs/pct[/z] >= 0");
            }
        }
        return out;
    }
}
