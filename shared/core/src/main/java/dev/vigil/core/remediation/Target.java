package dev.vigil.core.remediation;

import java.util.Locale;

/**
 * How a scalar action's new value is computed from the current one, at plan time:
 * {@code set: n} (exactly n), {@code scale: f} (⌈current·f⌉), {@code add: n} (current + n, n may be negative).
 * Every result is then held to the action's limits by the guardrails, never clamped silently.
 */
public record Target(Kind kind, double amount) {

    public enum Kind {
        SET, SCALE, ADD;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public long apply(long current) {
        return switch (kind) {
            case SET -> Math.round(amount);
            case SCALE -> (long) Math.ceil(current * amount - 1e-9);
            case ADD -> current + Math.round(amount);
        };
    }

    public String describe() {
        return switch (kind) {
            case SET -> "set to " + Math.round(amount);
            case SCALE -> "scale ×" + trim(amount);
            case ADD -> (amount >= 0 ? "add " : "subtract ") + Math.round(Math.abs(amount));
        };
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
