package dev.vigil.aws.events;

import dev.vigil.aws.Backoff;
import dev.vigil.core.slo.SloBurnEvent;
import dev.vigil.core.slo.SloBurnJson;
import dev.vigil.core.slo.SloBurnPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes {@code vigil.slo-burn} events (source {@value #SOURCE}) through the same batching and retries as the
 * other Vigil events ({@link PutEventsBatcher}); what still fails is reported (it stays in the SLO state's outbox).
 */
public final class EventBridgeSloBurnPublisher implements SloBurnPublisher {

    public static final String SOURCE = "vigil.slo";
    public static final String DETAIL_TYPE = "vigil.slo-burn";

    private final String busName;
    private final PutEventsBatcher batcher;

    public EventBridgeSloBurnPublisher(EventBridgeClient client, String busName, Backoff backoff) {
        this.busName = busName;
        this.batcher = new PutEventsBatcher(client, backoff);
    }

    @Override
    public Set<String> publish(List<SloBurnEvent> events) {
        List<PutEventsBatcher.Pending> pending = new ArrayList<>(events.size());
        for (SloBurnEvent e : events) {
            pending.add(new PutEventsBatcher.Pending(e.id(), PutEventsRequestEntry.builder().eventBusName(busName)
                    .source(SOURCE).detailType(DETAIL_TYPE).time(Instant.ofEpochMilli(e.timestamp()))
                    .detail(SloBurnJson.write(e)).build()));
        }
        return batcher.send(pending);
    }
}
