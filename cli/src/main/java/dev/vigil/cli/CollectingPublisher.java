package dev.vigil.cli;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The local stand-in for the event bus: keeps every published event, in order. */
public final class CollectingPublisher implements AnomalyPublisher {
    private final List<AnomalyEvent> events = new ArrayList<>();

    @Override
    public synchronized Set<String> publish(List<AnomalyEvent> batch) {
        events.addAll(batch);
        return Set.of();
    }

    public synchronized List<AnomalyEvent> events() {
        return List.copyOf(events);
    }
}
