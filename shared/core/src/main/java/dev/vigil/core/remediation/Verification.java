package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Is the metric back within its band? The band is the one the anomaly was judged against. An anomaly above the band
 * is fixed when every recent value is at most its upper bound (a value below the band is not a regression of the
 * fix), one below when every value is at least the lower bound. No datapoint at all is NOT verified: silence cannot
 * confirm a fix, so the workflow rolls back.
 */
public record Verification(boolean withinBand, String reason, List<Double> values, double lower, double upper,
                           Instant checkedAt) {

    public Verification {
        values = List.copyOf(values);
    }

    public static Verification check(Plan plan, List<Double> values, Instant now) {
        double lower = plan.anomaly().lower();
        double upper = plan.anomaly().upper();
        boolean above = plan.anomaly().value() > upper;
        boolean below = plan.anomaly().value() < lower;
        List<Double> seen = new ArrayList<>();
        for (Double d : values) {
            if (d != null && Double.isFinite(d)) {
                seen.add(d);
            }
        }
        if (seen.isEmpty()) {
            return new Verification(false, "no datapoints in the last " + plan.verifyLookbackMinutes()
                    + " min: the fix cannot be confirmed", seen, lower, upper, now);
        }
        int outside = 0;
        double worst = Double.NaN;
        for (double d : seen) {
            boolean bad = above ? d > upper : below ? d < lower : d > upper || d < lower;
            if (bad) {
                outside++;
                worst = Double.isNaN(worst) ? d : above ? Math.max(worst, d) : Math.min(worst, d);
            }
        }
        if (outside == 0) {
            return new Verification(true, "all " + seen.size() + " values of the last " + plan.verifyLookbackMinutes()
                    + " min are back within the band", seen, lower, upper, now);
        }
        return new Verification(false, outside + " of " + seen.size() + " values are still outside the band [" +
                fmt(lower) + ", " + fmt(upper) + "] (worst " + fmt(worst) + ")", seen, lower, upper, now);
    }

    static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4g", d);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("withinBand", withinBand);
        m.put("reason", reason);
        m.put("values", new ArrayList<>(values));
        m.put("lower", lower);
        m.put("upper", upper);
        m.put("checkedAt", checkedAt.toString());
        return m;
    }
}
