package dev.vigil.core.detect;

/**
 * The closed set of outcomes of scoring one datapoint. A series that cannot be scored says why
 * ({@link InsufficientData}) instead of throwing.
 */
public sealed interface Verdict permits Verdict.Normal, Verdict.Anomalous, Verdict.InsufficientData {

    long timestamp();

    double value();

    /** Anomaly score in [0, 1]; 0 when there is not enough history to judge. */
    double score();

    static Verdict normal(long timestamp, double value, Explanation why) {
        return new Normal(timestamp, value, why);
    }

    static Verdict anomalous(long timestamp, double value, Explanation why, Severity severity) {
        return new Anomalous(timestamp, value, why, severity);
    }

    static Verdict insufficientData(long timestamp, double value, long have, long need, String why) {
        return new InsufficientData(timestamp, value, have, need, why);
    }

    /** Within the expected band. */
    record Normal(long timestamp, double value, Explanation explanation) implements Verdict {
        @Override
        public double score() {
            return explanation.score();
        }
    }

    /** Outside the band, with the detector's production decision to alert. */
    record Anomalous(long timestamp, double value, Explanation explanation, Severity severity) implements Verdict {
        @Override
        public double score() {
            return explanation.score();
        }
    }

    /** Still learning: {@code have} of the {@code need} observations a judgement requires. */
    record InsufficientData(long timestamp, double value, long have, long need, String why) implements Verdict {
        @Override
        public double score() {
            return 0.0;
        }
    }
}
