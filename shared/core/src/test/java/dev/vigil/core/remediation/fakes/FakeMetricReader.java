package dev.vigil.core.remediation.fakes;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.remediation.MetricReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Recent values per series id (the same list whatever the window: tests set what they need). */
public final class FakeMetricReader implements MetricReader {
    private final Map<String, List<Double>> values = new HashMap<>();

    public FakeMetricReader put(String seriesId, List<Double> v) {
        values.put(seriesId, v);
        return this;
    }

    @Override
    public List<Double> read(AnomalyEvent series, Instant from, Instant to) {
        return values.getOrDefault(series.seriesId(), List.of());
    }
}
