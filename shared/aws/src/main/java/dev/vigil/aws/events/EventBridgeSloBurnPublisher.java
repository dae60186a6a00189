package dev.vigil.aws.events;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.slo.SloBurnEvent;
import dev.vigil.core.slo.SloBurnJson;
import dev.vigil.core.slo.SloBurnPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Publishes {@code vigil.slo-burn} events (source {@value #SOURCE}). Level changes are rare (a few a day), and each
 * event is well under 1 KB, so calls carry at most 10 entries without size packing; failed entries and transient
 * errors are retried with backoff, and what still fails is reported (it stays in the SLO state's outbox).
 */
public final class EventBridgeSloBurnPublisher implements SloBurnPublisher {

    public static final String SOURCE = "vigil.slo";
    public static final String DETAIL_TYPE = "vigil.slo-burn";
    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient client;
    private final String busName;
    private final Backoff backoff;

    public EventBridgeSloBurnPublisher(EventBridgeClient client, String busName, Backoff backoff) {
        this.client = client;
        this.busName = busName;
        this.backoff = backoff;
    }

    @Override
    public Set<String> publish(List<SloBurnEvent> events) {
        List<SloBurnEvent> pending = new ArrayList<>(events);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                if (attempt >= backoff.maxAttempts()) {
                    break;
                }
                backoff.pause(attempt);
            }
            List<SloBurnEvent> failed = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += MAX_ENTRIES) {
                failed.addAll(send(pending.subList(from, Math.min(pending.size(), from + MAX_ENTRIES))));
            }
            pending = failed;
        }
        Set<String> undelivered = new HashSet<>();
        for (SloBurnEvent e : pending) {
            undelivered.add(e.id());
        }
        return undelivered;
    }

    private List<SloBurnEvent> send(List<SloBurnEvent> chunk) {
        List<PutEventsRequestEntry> entries = new ArrayList<>(chunk.size());
        for (SloBurnEvent e : chunk) {
            entries.add(PutEventsRequestEntry.builder().eventBusName(busName).source(SOURCE).detailType(DETAIL_TYPE)
                    .time(Instant.ofEpochMilli(e.timestamp())).detail(SloBurnJson.write(e)).build());
        }
        PutEventsResponse r;
        try {
            r = client.putEvents(b -> b.entries(entries));
        } catch (SdkException ex) {
            if (Retryable.isTransient(ex)) {
                return chunk;
            }
            throw ex;
        }
        List<SloBurnEvent> retry = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (i >= r.entries().size() || r.entries().get(i).errorCode() != null) {
                retry.add(chunk.get(i));
            }
        }
        return retry;
    }
}
