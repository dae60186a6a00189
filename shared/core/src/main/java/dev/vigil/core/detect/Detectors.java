package dev.vigil.core.detect;

/** The detector the product ships with, in one place. */
public final class Detectors {
    private Detectors() {
    }

    public static Detector standard() {
        return new SeasonalBaselineDetector(DetectorConfig.defaults());
    }
}
