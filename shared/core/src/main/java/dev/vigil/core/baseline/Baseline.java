package dev.vigil.core.baseline;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One series' stored baseline: the detector state plus the bookkeeping that makes updates safe.
 *
 * @param seriesId   {@link dev.vigil.core.metric.SeriesId#key()}, the DynamoDB key
 * @param version    optimistic-locking version; a save must find the stored item at {@code version - 1}
 *                   (a first save finds no item)
 * @param watermark  epoch ms of the newest datapoint folded into {@code state}; datapoints at or before it are
 *                   late or replayed and change nothing
 * @param state      the detector's snapshot
 * @param outbox     anomaly events saved with the state but not yet acknowledged by the event bus
 */
public record Baseline(String seriesId, long version, long watermark, byte[] state, List<AnomalyEvent> outbox) {

    /** How long a series that went silent keeps its baseline (DynamoDB TTL, counted from its watermark). */
    public static final long RETENTION_SECONDS = 35L * 24 * 3600;

    public Baseline {
        Objects.requireNonNull(seriesId, "seriesId");
        Objects.requireNonNull(state, "state");
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** Epoch seconds after which DynamoDB may expire the item: the series went silent. */
    public long expiresAtEpochSeconds() {
        return Math.floorDiv(watermark, 1000L) + RETENTION_SECONDS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Baseline b && version == b.version && watermark == b.watermark
                && seriesId.equals(b.seriesId) && Arrays.equals(state, b.state) && outbox.equals(b.outbox);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seriesId, version, watermark, Arrays.hashCode(state), outbox);
    }

    @Override
    public String toString() {
        return "Baseline[" + seriesId + " v" + version + " wm=" + watermark + " state=" + state.length
                + "B outbox=" + outbox.size() + "]";
    }
}
