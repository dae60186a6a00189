package dev.vigil.core.detect;

/**
 * The knobs of {@link SeasonalBaselineDetector}.
 *
 * @param warmup          observations before any verdict other than insufficientData (silence while learning)
 * @param threshold       robust z-score at which a point is anomalous; higher = fewer, surer alerts
 * @param levelAlpha      EWMA weight of the level; higher = adapts faster, forgets sooner
 * @param scaleAlpha      EWMA weight of the mean absolute deviation
 * @param seasonalAlpha   EWMA weight of each hour-of-day / day-of-week offset
 * @param shiftRun        consecutive same-side anomalies after which the level is re-based (a level shift)
 */
public record DetectorConfig(int warmup, double threshold, double levelAlpha, double scaleAlpha,
                             double seasonalAlpha, int shiftRun) {

    public static DetectorConfig defaults() {
        return new DetectorConfig(60, 5.0, 0.02, 0.02, 0.10, 12);
    }

    public DetectorConfig {
        if (warmup < 2) {
            throw new IllegalArgumentException("warmup must be at least 2");
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be positive");
        }
        for (double a : new double[] {levelAlpha, scaleAlpha, seasonalAlpha}) {
            if (!(a > 0 && a < 1)) {
                throw new IllegalArgumentException("alphas must be in (0,1)");
            }
        }
        if (shiftRun < 2) {
            throw new IllegalArgumentException("shiftRun must be at least 2");
        }
    }
}
