package dev.vigil.core.detect;

/**
 * One series' detector: scores each datapoint online (no look-ahead) and learns from it.
 *
 * <p>Deterministic: the same observations in the same order give bit-identical scores and snapshots.
 * {@code observe} costs O(1) time and the state is O(1) memory.
 */
public interface SeriesDetector {

    /**
     * Scores {@code value} observed at {@code epochMillis}, then folds it into the state.
     *
     * @throws IllegalArgumentException when {@code value} is NaN or infinite (callers validate first; this
     *                                  guards the state against poisoning)
     */
    Verdict observe(long epochMillis, double value);

    /** The state, serialized: {@code restore(snapshot())} continues exactly where this left off. */
    byte[] snapshot();

    /** How many observations the state has learned from. */
    long observations();

    /**
     * How many drift events (persistent regime changes the detector re-baselined on) this series has seen. A
     * detector without drift handling reports 0.
     */
    default long drifts() {
        return 0;
    }
}
