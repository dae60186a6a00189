package dev.vigil.core.detect;

/**
 * An online anomaly detector: a stateless, thread-safe algorithm plus its configuration, which creates and
 * restores per-series state. One {@link SeriesDetector} per series; its state is a few hundred bytes that the
 * metric-stream function keeps in DynamoDB between invocations.
 */
public interface Detector {

    /** A series with no history. */
    SeriesDetector newSeries();

    /**
     * A series restored from {@link SeriesDetector#snapshot()}.
     *
     * @throws IllegalArgumentException when the bytes are not a state this detector wrote
     */
    SeriesDetector restore(byte[] snapshot);
}
