package dev.vigil.core.canary;

import java.util.Locale;

/** Which change of a metric is a regression: errors and latency going up are bad, going down is fine. */
public enum Direction {
    /** Higher is a regression (errors, throttles, latency). */
    INCREASE,
    /** Lower is a regression (e.g. a custom success count per invocation). */
    DECREASE,
    /** Any significant change is a regression. */
    EITHER;

    public boolean bad(Classification c) {
        return switch (c) {
            case HIGH -> this != DECREASE;
            case LOW -> this != INCREASE;
            default -> false;
        };
    }

    public static Direction parse(String s, String where) {
        return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "increase", "up", "higher-is-bad" -> INCREASE;
            case "decrease", "down", "lower-is-bad" -> DECREASE;
            case "either", "both" -> EITHER;
            default -> throw new IllegalArgumentException(where + " must be increase, decrease or either, was \""
                    + s + "\"");
        };
    }
}
