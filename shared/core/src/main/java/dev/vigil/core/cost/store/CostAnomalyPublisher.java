package dev.vigil.core.cost.store;

import dev.vigil.core.cost.detect.CostAnomaly;
import java.util.List;
import java.util.Set;

/** Where cost anomalies go: the {@code vigil} bus as {@code vigil.cost-anomaly} events in AWS. */
public interface CostAnomalyPublisher {

    /** Publishes; returns the ids NOT delivered. */
    Set<String> publish(String exportId, List<CostAnomaly> anomalies, String currency);
}
