package dev.vigil.core.canary;

/**
 * A group of metrics and its share of the score. A critical group fails the run on any regression in it, whatever
 * the score.
 */
public record MetricGroup(String name, double weight, boolean critical) {
    public MetricGroup {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("group " + name + ": weight must be a number >= 0, was " + weight);
        }
    }
}
