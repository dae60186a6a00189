package dev.vigil.core.anomaly;

import java.util.List;
import java.util.Set;

/** Where anomaly events go: the {@code vigil} EventBridge bus in AWS, a file or stdout locally. */
public interface AnomalyPublisher {

    /**
     * Publishes the events, retrying what can be retried.
     *
     * @return the ids of the events that were NOT delivered (empty when all were)
     */
    Set<String> publish(List<AnomalyEvent> events);
}
