package dev.vigil.core.pipeline;

import dev.vigil.core.metric.MetricDatum;
import java.util.List;

/**
 * Something else that wants every valid datapoint of a batch (e.g. SLO error-budget tracking), called after the
 * baselines were updated. A listener that throws fails the invocation (Firehose retries it), so listeners must be
 * idempotent per series and minute, as the baseline update is.
 */
@FunctionalInterface
public interface DatapointListener {
    void onDatapoints(List<MetricDatum> datums, BatchStats stats);
}
