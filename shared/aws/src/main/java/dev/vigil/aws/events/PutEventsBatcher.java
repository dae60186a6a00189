package dev.vigil.aws.events;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * PutEvents for any Vigil event: at most 10 entries and 256 KB a call (greedy packing, in order); entries that come
 * back with an error code, and calls that fail transiently, are retried with backoff; what still fails is reported
 * back by id. Shared by the metric anomaly and cost anomaly publishers.
 */
public final class PutEventsBatcher {

    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final EventBridgeClient client;
    private final Backoff backoff;

    public PutEventsBatcher(EventBridgeClient client, Backoff backoff) {
        this.client = client;
        this.backoff = backoff;
    }

    /** One event to send, with the id it is reported by. */
    public record Pending(String id, PutEventsRequestEntry entry) {
        /** EventBridge's entry size: Source, DetailType, Detail and Resources in UTF-8, plus 14 bytes for Time. */
        long size() {
            long s = 14;
            s += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
            for (String r : entry.resources()) {
                s += utf8(r);
            }
            return s;
        }

        private static long utf8(String s) {
            return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** Sends everything it can; returns the ids NOT delivered (empty when all were). */
    public Set<String> send(List<Pending> events) {
        Set<String> undelivered = new HashSet<>();
        List<Pending> pending = new ArrayList<>(events.size());
        for (Pending p : events) {
            if (p.size() > MAX_REQUEST_BYTES) {
                undelivered.add(p.id());   // can never fit; say so instead of retrying forever
            } else {
                pending.add(p);
            }
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                if (attempt >= backoff.maxAttempts()) {
                    for (Pending p : pending) {
                        undelivered.add(p.id());
                    }
                    break;
                }
                backoff.pause(attempt);
            }
            List<Pending> failed = new ArrayList<>();
            for (List<Pending> chunk : chunks(pending)) {
                failed.addAll(call(chunk));
            }
            pending = failed;
        }
        return undelivered;
    }

    /** Sends one call; returns the entries to retry. */
    private List<Pending> call(List<Pending> chunk) {
        List<PutEventsRequestEntry> entries = new ArrayList<>(chunk.size());
        for (Pending p : chunk) {
            entries.add(p.entry());
        }
        PutEventsResponse response;
        try {
            response = client.putEvents(r -> r.entries(entries));
        } catch (SdkException e) {
            if (Retryable.isTransient(e)) {
                return chunk;
            }
            throw e;
        }
        if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
            return List.of();
        }
        List<Pending> retry = new ArrayList<>();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < chunk.size(); i++) {
            PutEventsResultEntry r = i < results.size() ? results.get(i) : null;
            if (r == null || r.errorCode() != null) {
                retry.add(chunk.get(i));
            }
        }
        return retry;
    }

    /** Greedy packing under both limits, in order. */
    static List<List<Pending>> chunks(List<Pending> all) {
        List<List<Pending>> out = new ArrayList<>();
        List<Pending> cur = new ArrayList<>();
        long bytes = 0;
        for (Pending p : all) {
            if (!cur.isEmpty() && (cur.size() == MAX_ENTRIES || bytes + p.size() > MAX_REQUEST_BYTES)) {
                out.add(cur);
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(p);
            bytes += p.size();
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }
}
