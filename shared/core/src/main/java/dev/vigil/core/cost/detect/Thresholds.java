package dev.vigil.core.cost.detect;

/**
 * When a deviation is worth an alert: all three must hold.
 *
 * @param absoluteDollars the day's excess over expected, in the billing currency
 * @param relativePercent the excess as a percentage of expected
 * @param zScore          the excess in robust standard deviations (MAD-based) of the series' recent residuals
 */
public record Thresholds(double absoluteDollars, double relativePercent, double zScore) {

    public static Thresholds defaults() {
        return new Thresholds(25.0, 20.0, 3.0);
    }
}
