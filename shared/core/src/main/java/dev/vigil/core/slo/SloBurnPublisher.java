package dev.vigil.core.slo;

import java.util.List;
import java.util.Set;

/** Where burn-rate alerts go: the {@code vigil} bus as {@code vigil.slo-burn} events. */
public interface SloBurnPublisher {

    /** @return the ids of the events NOT delivered */
    Set<String> publish(List<SloBurnEvent> events);
}
