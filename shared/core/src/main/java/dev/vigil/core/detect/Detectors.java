package dev.vigil.core.detect;

/** The detector the product ships with, in one place. */
public final class Detectors {
    private Detectors() {
    }

    /** The production detector: {@link NoveltyDetector} with its documented defaults. */
    public static Detector standard() {
        return standard(NoveltyDetectorConfig.defaults());
    }

    /** The production detector with overridden knobs (e.g. {@code vigil detect --config FILE}). */
    public static Detector standard(NoveltyDetectorConfig config) {
        return new NoveltyDetector(config);
    }
}
