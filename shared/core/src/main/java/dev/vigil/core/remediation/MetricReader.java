package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.time.Instant;
import java.util.List;

/** Recent one-minute values of an anomaly's series, with the statistic the anomaly was scored on, oldest first. */
public interface MetricReader {
    List<Double> read(AnomalyEvent series, Instant from, Instant to);
}
