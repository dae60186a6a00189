package dev.vigil.core.cost.detect;

/**
 * A scope's daily usage cost over the detection range, with what the model expected each day and the alert band
 * (a day above {@code upper} deviated enough on all three thresholds). {@code cleaned} is the history the model
 * learned from (spikes replaced by their expected value). NaN where the history was too short.
 */
public record SeriesView(Scope scope, double[] actual, double[] expected, double[] lower, double[] upper,
                         double[] cleaned, double[] seasonal) {
}
