package dev.vigil.core.incident;

import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.scorecard.Counters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One invocation of the incident function, in domain terms: parse the messages, run the engine on the stored state,
 * commit, then act (start remediations, post or update Slack messages) and emit the scorecard metrics.
 *
 * <p>Order matters for retries. The state is committed before anything is sent, so a crash after the commit and a
 * redelivery of the batch change nothing (signal ids are remembered in the state). What is sent after the commit is
 * driven by the stored state, not by the batch: an incident whose message is behind its revision is delivered by
 * the next invocation if this one could not reach Slack; a remediation asked for but not confirmed started is
 * started again (the execution name makes a second start a no-op).
 */
public final class IncidentProcessor {

    /** One queue message. */
    public record Message(String id, String body) {
    }

    /**
     * The ids of the messages to hand back to the queue (none today: an unreadable message is acknowledged, a failed
     * commit fails the whole batch, which the FIFO queue redelivers in order), and what happened.
     */
    public record Outcome(List<String> failedMessageIds, IncidentEngine.Result result, int delivered,
                          int deliveryFailures) {
    }

    static final int MAX_CONFLICT_RETRIES = 5;

    private final IncidentEngine engine;
    private final IncidentStore store;
    private final IncidentNotifier notifier;
    private final RemediationStarter starter;
    private final MetricsSink metrics;
    private final StructuredLog log;
    private final LongSupplier clock;

    public IncidentProcessor(IncidentEngine engine, IncidentStore store, IncidentNotifier notifier,
                             RemediationStarter starter, MetricsSink metrics, StructuredLog log, LongSupplier clock) {
        this.engine = engine;
        this.store = store;
        this.notifier = notifier;
        this.starter = starter;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    public Outcome process(List<Message> messages) {
        List<Input> inputs = new ArrayList<>(messages.size());
        int rejected = 0;
        long now = clock.getAsLong();
        for (Message m : messages) {
            try {
                inputs.add(BusEvents.parse(m.body(), now));
            } catch (RuntimeException e) {
                // Never parseable, so never retried: on the FIFO queue a message handed back would hold up every
                // message behind it in the group for maxReceiveCount visibility timeouts, then reach the DLQ anyway.
                // Any exception, not only IllegalArgumentException: a missing id or a numeric timestamp surfaces as
                // a NullPointerException or ClassCastException deep in a reader, and must still cost only its own
                // message. It is acknowledged and logged (id, size, why; not the payload).
                rejected++;
                log.error("incident input rejected (acknowledged, not retried)", Map.of("messageId", m.id(),
                        "bytes", m.body() == null ? 0 : m.body().length(), "reason",
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return run(inputs, List.of(), rejected);
    }

    /** The same for inputs already parsed (the CLI's replay and the simulation). */
    public Outcome processInputs(List<Input> inputs, List<String> failed) {
        return run(inputs, failed, failed.size());
    }

    private Outcome run(List<Input> inputs, List<String> failed, int rejected) {
        IncidentEngine.Result result = null;
        IncidentStore.Snapshot snap = null;
        long first = Long.MAX_VALUE;
        for (Input in : inputs) {
            first = Math.min(first, in.at());
        }
        for (int attempt = 0; ; attempt++) {
            snap = store.loadOpen();
            List<Silence> silences = store.silences(first == Long.MAX_VALUE ? clock.getAsLong() : first);
            result = engine.process(snap.state(), snap.open(), inputs, silences, store);
            snap.state().version++;
            try {
                store.commit(snap.state(), result.changed(), result.newChanges(), result.counters());
                break;
            } catch (ConcurrentIncidentUpdateException e) {
                if (attempt >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }

        Counters after = new Counters();
        long now = clock.getAsLong();
        for (Input.RemediationOutcome o : result.outcomes()) {
            String incidentId = RemediationStarter.incidentOf(o.executionName());
            store.recordRemediation(new IncidentStore.RemediationRecord(incidentId, o.executionName(), o.status(), o.at()));
        }
        // Everything that may need an action: this batch's changes and every open incident (retries).
        Map<String, Incident> todo = new LinkedHashMap<>(snap.open());
        for (Incident i : result.changed()) {
            todo.put(i.id, i);
        }
        startRemediations(todo.values());
        int[] d = deliver(todo.values(), now);

        Counters all = new Counters();
        all.addAll(result.counters());
        all.addAll(after);
        all.gauge(Counters.OPEN_INCIDENTS, snap.state().openIds.size());
        if (!all.isEmpty() || !all.gauges().isEmpty()) {
            metrics.emit(all, now);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("inputs", inputs.size());
        f.put("rejected", rejected);
        f.put("changed", result.changed().size());
        f.put("open", snap.state().openIds.size());
        f.put("delivered", d[0]);
        f.put("deliveryFailures", d[1]);
        log.info("incident batch processed", f);
        return new Outcome(failed, result, d[0], d[1]);
    }

    private void startRemediations(Iterable<Incident> incidents) {
        for (Incident i : incidents) {
            for (Incident.Remediation r : i.remediations.values()) {
                if (i.remediationsStarted.contains(r.runbookId())) {
                    continue;
                }
                try {
                    RemediationStarter.Result res = starter.start(r.executionName(), r.input());
                    i.remediationsStarted.add(r.runbookId());
                    store.recordRemediation(new IncidentStore.RemediationRecord(i.id, r.executionName(), res.name(),
                            clock.getAsLong()));
                    log.info("remediation started", Map.of("incidentId", i.id, "runbookId", r.runbookId(),
                            "executionName", r.executionName(), "result", res.name()));
                } catch (RuntimeException e) {
                    log.warn("remediation start failed; retried with the next batch", Map.of("incidentId", i.id,
                            "runbookId", r.runbookId(), "error", String.valueOf(e.getMessage())));
                }
            }
        }
    }

    /** Posts new messages and updates changed ones; returns {delivered, failures}. */
    private int[] deliver(Iterable<Incident> incidents, long now) {
        int ok = 0;
        int failures = 0;
        for (Incident i : incidents) {
            if (!i.needsDelivery()) {
                continue;
            }
            int rev = i.rev;
            try {
                String text = IncidentMessages.text(i);
                String blocks = IncidentMessages.blocks(i);
                if (i.slackTs == null) {
                    IncidentNotifier.Ref ref = notifier.post(i.channel, text, blocks);
                    i.slackChannel = ref.channel();
                    i.slackTs = ref.ts();
                    i.notifiedAt = now;
                } else {
                    notifier.update(new IncidentNotifier.Ref(i.slackChannel, i.slackTs), text, blocks);
                }
                i.postedRev = rev;
                store.recordDelivery(i);
                ok++;
            } catch (RuntimeException e) {
                failures++;
                log.warn("incident message not delivered; retried with the next batch", Map.of("incidentId", i.id,
                        "error", String.valueOf(e.getMessage())));
            }
        }
        return new int[] {ok, failures};
    }
}
