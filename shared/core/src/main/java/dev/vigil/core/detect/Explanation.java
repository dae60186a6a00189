package dev.vigil.core.detect;

/**
 * Why a datapoint got its verdict: what was expected, the band it was judged against, a score in [0, 1],
 * the kind of deviation, and one human sentence.
 */
public record Explanation(double expected, double lower, double upper, double score, Reason reason, String detail) {
    public Explanation {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0,1], was " + score);
        }
    }
}
