package dev.vigil.cli;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.DynamoIncidentStore;
import dev.vigil.aws.dynamo.IncidentTable;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.IncidentEngine;
import dev.vigil.core.incident.IncidentNotifier;
import dev.vigil.core.incident.IncidentProcessor;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.log.StructuredLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs inputs through the real incident processor and the DynamoDB store on embedded DynamoDB Local, in event time:
 * inputs are cut into one batch per minute (what the queue would hand the function), with a tick every 5 minutes,
 * the clock following the events. Slack messages are kept in memory.
 */
final class IncidentReplayer {

    static final String TABLE = "vigil-incidents";
    static final long TICK = 5 * 60_000L;

    /** The messages that would have gone to Slack. */
    static final class Messages implements IncidentNotifier {
        record Sent(String kind, String channel, String ts, String text) {
        }

        final List<Sent> sent = new ArrayList<>();
        private int n;

        @Override
        public Ref post(String channel, String text, String blocksJson) {
            String ts = "local." + (++n);
            sent.add(new Sent("post", channel, ts, text));
            return new Ref(channel, ts);
        }

        @Override
        public void update(Ref ref, String text, String blocksJson) {
            sent.add(new Sent("update", ref.channel(), ref.ts(), text));
        }
    }

    final DynamoIncidentStore store;
    final Messages messages = new Messages();
    final List<String> remediationsStarted = new ArrayList<>();
    private final IncidentProcessor processor;
    private final IncidentConfig config;
    private final AtomicLong clock = new AtomicLong();
    private long lastTick = Long.MIN_VALUE;

    IncidentReplayer(LocalDynamo dynamo, IncidentConfig config, RunbookPolicies policies, MetricsSink metrics) {
        IncidentTable.createIfMissing(dynamo.client(), TABLE);
        this.config = config;
        this.store = new DynamoIncidentStore(dynamo.client(), TABLE, Backoff.standard());
        RemediationStarter starter = (name, input) -> {
            remediationsStarted.add(name);
            return RemediationStarter.Result.STARTED;
        };
        this.processor = new IncidentProcessor(new IncidentEngine(config, policies), store, messages, starter, metrics,
                StructuredLog.discard(), clock::get);
    }

    /** Replays inputs in time order, one batch per minute, ticking every 5 minutes. */
    void replay(List<Input> inputs) {
        List<Input> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingLong(Input::at));
        List<Input> batch = new ArrayList<>();
        long minute = Long.MIN_VALUE;
        for (Input in : sorted) {
            long m = Math.floorDiv(in.at(), 60_000L);
            if (m != minute && !batch.isEmpty()) {
                flush(batch, minute);
            }
            minute = m;
            batch.add(in);
        }
        if (!batch.isEmpty()) {
            flush(batch, minute);
        }
    }

    private void flush(List<Input> batch, long minute) {
        long end = (minute + 1) * 60_000L;
        if (lastTick != Long.MIN_VALUE) {
            for (long t = lastTick + TICK; t < end - 60_000L; t += TICK) {
                run(List.of(new Input.Tick(t)), t);
                lastTick = t;
            }
        }
        run(new ArrayList<>(batch), end);
        if (lastTick == Long.MIN_VALUE || end - lastTick >= TICK) {
            lastTick = end;
        }
        batch.clear();
    }

    void run(List<Input> inputs, long now) {
        clock.set(now);
        processor.processInputs(inputs, new ArrayList<>());
    }

    /** Lets every incident reach its quiet period: a final tick after the last signal. */
    void settle(long lastEvent) {
        long t = lastEvent + (config.quietMinutes() + 1) * 60_000L;
        run(List.of(new Input.Tick(t)), t);
    }

    List<Incident> incidents() {
        List<Incident> l = new ArrayList<>(store.scorecardData().incidents());
        l.sort(Comparator.comparingLong((Incident i) -> i.openedAt).thenComparing(i -> i.id));
        return l;
    }
}
