package dev.vigil.core.baseline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where baselines live (DynamoDB in AWS, DynamoDB Local locally, a map in unit tests). */
public interface BaselineStore {

    /** The stored baselines for these series; series without one are absent from the map. */
    Map<String, Baseline> loadAll(Collection<String> seriesIds);

    /**
     * Saves each baseline only if the stored item is still at {@code version - 1} (or absent when
     * {@code version == 1}): optimistic locking. Transient failures (throttling) are retried inside.
     *
     * @return the series whose condition failed: someone else saved first
     */
    Set<String> saveAll(List<Baseline> baselines);

    /**
     * {@link #loadAll(Collection)}, but a series the store cannot hold (a key or an item beyond what it accepts) is
     * added to {@code refused} instead of failing the whole call: the caller fails only that series' records.
     */
    default Map<String, Baseline> loadAll(Collection<String> seriesIds, Set<String> refused) {
        return loadAll(seriesIds);
    }

    /** {@link #saveAll(List)}, with refused series collected the same way (neither saved nor a conflict). */
    default Set<String> saveAll(List<Baseline> baselines, Set<String> refused) {
        return saveAll(baselines);
    }
}
