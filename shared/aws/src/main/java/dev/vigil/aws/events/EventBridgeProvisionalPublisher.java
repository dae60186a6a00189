package dev.vigil.aws.events;

import dev.vigil.aws.Backoff;
import dev.vigil.core.cost.now.ProvisionalAnomaly;
import dev.vigil.core.cost.now.ProvisionalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes provisional cost anomalies as {@code vigil.cost-anomaly} events ({@code provisional: true}; detail: the
 * provisional contract, DESIGN.md) through the shared {@link PutEventsBatcher}. Same source and detail-type as the
 * export's cost anomalies, so rules and the incident function treat them alike; the event time is when it was
 * detected.
 */
public final class EventBridgeProvisionalPublisher {

    private final String busName;
    private final PutEventsBatcher batcher;

    public EventBridgeProvisionalPublisher(EventBridgeClient client, String busName, Backoff backoff) {
        this.busName = busName;
        this.batcher = new PutEventsBatcher(client, backoff);
    }

    /** Returns the ids NOT delivered. */
    public Set<String> publish(List<ProvisionalAnomaly> anomalies) {
        List<PutEventsBatcher.Pending> pending = new ArrayList<>(anomalies.size());
        for (ProvisionalAnomaly a : anomalies) {
            pending.add(new PutEventsBatcher.Pending(a.id() + "@" + a.status().code(), PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(EventBridgeCostAnomalyPublisher.SOURCE)
                    .detailType(EventBridgeCostAnomalyPublisher.DETAIL_TYPE)
                    .time(a.reconciledAt() != null ? a.reconciledAt() : a.detectedAt())
                    .detail(ProvisionalJson.one(a))
                    .build()));
        }
        return batcher.send(pending);
    }
}
