package dev.vigil.core.canary;

/**
 * What the baseline version normally does for one metric (from its learned baseline): a typical per-minute level
 * and its minute-to-minute spread. Used only when the window holds too few baseline minutes of its own, e.g. when
 * the canary already takes all the traffic.
 */
public record LearnedBaseline(double level, double spread) {
    public LearnedBaseline {
        if (!Double.isFinite(level) || !(spread >= 0) || Double.isInfinite(spread)) {
            throw new IllegalArgumentException("learned baseline needs a finite level and spread >= 0, was "
                    + level + " / " + spread);
        }
    }
}
