package dev.vigil.core.fakes;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyPublisher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A publisher fake: records what was delivered, and can refuse everything while {@code down} is set. */
public final class RecordingPublisher implements AnomalyPublisher {
    public final List<AnomalyEvent> delivered = new ArrayList<>();
    public boolean down;
    public int calls;

    @Override
    public synchronized Set<String> publish(List<AnomalyEvent> events) {
        calls++;
        if (down) {
            Set<String> all = new HashSet<>();
            events.forEach(e -> all.add(e.id()));
            return all;
        }
        delivered.addAll(events);
        return Set.of();
    }
}
