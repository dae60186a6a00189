package dev.vigil.core.baseline;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Baselines in a map, with the same optimistic-locking contract as the DynamoDB store. Used by unit tests (a fake,
 * not a mock) and by {@code vigil replay --store memory} to measure scoring without storage.
 */
public final class InMemoryBaselineStore implements BaselineStore {

    private final Map<String, Baseline> items = new ConcurrentHashMap<>();
    private long writes;

    @Override
    public Map<String, Baseline> loadAll(Collection<String> seriesIds) {
        Map<String, Baseline> out = new HashMap<>();
        for (String id : seriesIds) {
            Baseline b = items.get(id);
            if (b != null) {
                out.put(id, b);
            }
        }
        return out;
    }

    @Override
    public synchronized Set<String> saveAll(List<Baseline> baselines) {
        Set<String> conflicts = new HashSet<>();
        for (Baseline b : baselines) {
            Baseline current = items.get(b.seriesId());
            long storedVersion = current == null ? 0 : current.version();
            if (storedVersion != b.version() - 1) {
                conflicts.add(b.seriesId());
            } else {
                items.put(b.seriesId(), b);
                writes++;
            }
        }
        return conflicts;
    }

    public Baseline get(String seriesId) {
        return items.get(seriesId);
    }

    public Map<String, Baseline> snapshot() {
        return Map.copyOf(items);
    }

    public synchronized long writes() {
        return writes;
    }
}
