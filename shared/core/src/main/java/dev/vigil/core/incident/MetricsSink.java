package dev.vigil.core.incident;

import dev.vigil.core.scorecard.Counters;

/** Where scorecard metrics go: CloudWatch embedded metric format lines on stdout ({@code Emf}). */
@FunctionalInterface
public interface MetricsSink {
    void emit(Counters counters, long at);

    static MetricsSink none() {
        return (c, at) -> { };
    }
}
