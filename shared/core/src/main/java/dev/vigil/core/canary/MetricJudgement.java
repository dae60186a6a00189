package dev.vigil.core.canary;

import java.util.Objects;

/**
 * One metric's comparison: one row of verdict.json's {@code metrics}.
 *
 * @param baseline   the baseline version's value over the window (a rate for rates, a typical value otherwise);
 *                   NaN when it has none
 * @param canary     the canary's value, same statistic
 * @param pValue     the test's two-sided p-value; NaN when no test was run
 * @param effectSize canary / baseline (for rates, with the baseline floored at the allowed tolerance so that
 *                   0 → 0.1% is not an infinite effect); NaN when undefined
 * @param reason     the classification in words
 */
public record MetricJudgement(String name, String group, Classification classification, Direction direction,
                              double baseline, double canary, double pValue, double effectSize, String reason) {

    public MetricJudgement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(reason, "reason");
    }

    /** A significant change in the direction that matters. */
    public boolean failed() {
        return direction.bad(classification);
    }

    public boolean decided() {
        return classification != Classification.NODATA;
    }
}
