package dev.vigil.aws.events;

import dev.vigil.aws.Backoff;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.anomaly.AnomalyPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes {@code vigil.anomaly} events to the {@code vigil} bus with PutEvents (batching and retries in
 * {@link PutEventsBatcher}); what still fails is reported back (it stays in the baseline's outbox).
 */
public final class EventBridgeAnomalyPublisher implements AnomalyPublisher {

    public static final String SOURCE = "vigil.metric-stream";
    public static final String DETAIL_TYPE = "vigil.anomaly";

    private final String busName;
    private final PutEventsBatcher batcher;

    public EventBridgeAnomalyPublisher(EventBridgeClient client, String busName, Backoff backoff) {
        this.busName = busName;
        this.batcher = new PutEventsBatcher(client, backoff);
    }

    @Override
    public Set<String> publish(List<AnomalyEvent> events) {
        List<PutEventsBatcher.Pending> pending = new ArrayList<>(events.size());
        for (AnomalyEvent e : events) {
            pending.add(new PutEventsBatcher.Pending(e.id(), PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(SOURCE)
                    .detailType(DETAIL_TYPE)
                    .time(Instant.ofEpochMilli(e.timestamp()))
                    .detail(AnomalyJson.write(e))
                    .build()));
        }
        return batcher.send(pending);
    }
}
