package dev.vigil.core.canary;

/** The run's closed outcome: {@code pass}, {@code marginal} (not enough to pass, not enough to fail), {@code fail}. */
public enum CanaryResult {
    PASS, MARGINAL, FAIL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
