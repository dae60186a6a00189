package dev.vigil.core.canary;

import java.util.Locale;

/**
 * The closed outcome of one metric's comparison (Kayenta's vocabulary). {@code High} and {@code Low} say which way
 * the canary differs, significantly and by more than the allowed effect; whether that is bad depends on the metric's
 * direction ({@link MetricJudgement#failed()}). {@code NoData}: too little data to say, never a pass.
 */
public enum Classification {
    PASS, HIGH, LOW, NODATA;

    /** {@code Pass}, {@code High}, {@code Low}, {@code NoData}: the names in verdict.json. */
    public String label() {
        return switch (this) {
            case PASS -> "Pass";
            case HIGH -> "High";
            case LOW -> "Low";
            case NODATA -> "NoData";
        };
    }

    public static Classification parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "pass" -> PASS;
            case "high" -> HIGH;
            case "low" -> LOW;
            case "nodata" -> NODATA;
            default -> throw new IllegalArgumentException("unknown classification " + s);
        };
    }
}
