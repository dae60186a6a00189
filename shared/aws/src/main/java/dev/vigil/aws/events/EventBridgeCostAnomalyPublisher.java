package dev.vigil.aws.events;

import dev.vigil.aws.Backoff;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.report.AnomaliesJson;
import dev.vigil.core.cost.store.CostAnomalyPublisher;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes {@code vigil.cost-anomaly} events (detail: the cost-anomaly contract, see {@link AnomaliesJson}) to the
 * {@code vigil} bus, through the same batching and retries as metric anomalies ({@link PutEventsBatcher}). The event
 * time is the anomaly's day; the resource is the export, so rules can route by it.
 */
public final class EventBridgeCostAnomalyPublisher implements CostAnomalyPublisher {

    public static final String SOURCE = "vigil.billing";
    public static final String DETAIL_TYPE = "vigil.cost-anomaly";

    private final String busName;
    private final PutEventsBatcher batcher;

    public EventBridgeCostAnomalyPublisher(EventBridgeClient client, String busName, Backoff backoff) {
        this.busName = busName;
        this.batcher = new PutEventsBatcher(client, backoff);
    }

    @Override
    public Set<String> publish(String exportId, List<CostAnomaly> anomalies, String currency) {
        List<PutEventsBatcher.Pending> pending = new ArrayList<>(anomalies.size());
        for (CostAnomaly a : anomalies) {
            pending.add(new PutEventsBatcher.Pending(a.id(), PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(SOURCE)
                    .detailType(DETAIL_TYPE)
                    .time(a.date().atStartOfDay(ZoneOffset.UTC).toInstant())
                    .detail(AnomaliesJson.one(a, currency))
                    .build()));
        }
        return batcher.send(pending);
    }
}
