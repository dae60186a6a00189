package dev.vigil.it.support;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.DynamoIncidentStore;
import dev.vigil.aws.dynamo.IncidentTable;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.IncidentEngine;
import dev.vigil.core.incident.IncidentNotifier;
import dev.vigil.core.incident.IncidentProcessor;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.incident.Signal;
import dev.vigil.core.log.StructuredLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The incident pipeline on embedded DynamoDB Local: the real engine, processor and DynamoDB store, with a recording
 * Slack double and a recording remediation starter. The clock is event time, as in a replay.
 */
public final class IncidentRig implements AutoCloseable {

    public static final String TABLE = "vigil-incidents-it";

    /** A Slack double: remembers every post and update; {@code down} makes it fail like an outage. */
    public static final class RecordingSlack implements IncidentNotifier {
        public record Call(String kind, String channel, String ts, String text, String blocks) {
        }

        public final List<Call> calls = new ArrayList<>();
        public boolean down;
        private int next;

        @Override
        public Ref post(String channel, String text, String blocksJson) {
            if (down) {
                throw new IllegalStateException("Slack unavailable");
            }
            String ts = "1700000000." + String.format("%06d", ++next);
            calls.add(new Call("post", channel, ts, text, blocksJson));
            return new Ref(channel, ts);
        }

        @Override
        public void update(Ref ref, String text, String blocksJson) {
            if (down) {
                throw new IllegalStateException("Slack unavailable");
            }
            calls.add(new Call("update", ref.channel(), ref.ts(), text, blocksJson));
        }

        public List<Call> posts() {
            return calls.stream().filter(c -> c.kind.equals("post")).toList();
        }
    }

    /** Records starts; refuses a name it has seen, like a Standard state machine. */
    public static final class RecordingStarter implements RemediationStarter {
        public final List<String> started = new ArrayList<>();
        public int calls;

        @Override
        public Result start(String executionName, String inputJson) {
            calls++;
            if (started.contains(executionName)) {
                return Result.ALREADY_STARTED;
            }
            started.add(executionName);
            return Result.STARTED;
        }
    }

    public final LocalDynamo dynamo;
    public final DynamoIncidentStore store;
    public final RecordingSlack slack = new RecordingSlack();
    public final RecordingStarter starter = new RecordingStarter();
    public final IncidentProcessor processor;
    public final AtomicLong clock = new AtomicLong();

    public IncidentRig(String configYaml) {
        this(configYaml, RunbookPolicies.none());
    }

    public IncidentRig(String configYaml, RunbookPolicies policies) {
        dynamo = LocalDynamo.start();
        IncidentTable.createIfMissing(dynamo.client(), TABLE);
        store = new DynamoIncidentStore(dynamo.client(), TABLE, new Backoff(1, 5, 5, ms -> { }, 1));
        IncidentConfig cfg = IncidentConfig.parse(configYaml, "test");
        processor = new IncidentProcessor(new IncidentEngine(cfg, policies), store, slack, starter,
                dev.vigil.core.incident.MetricsSink.none(), StructuredLog.discard(), clock::get);
    }

    /** Sends signals in batches of {@code batch}, the clock following event time. */
    public void send(List<Input> inputs, int batch) {
        List<Input> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingLong(Input::at));
        for (int from = 0; from < sorted.size(); from += batch) {
            List<Input> b = sorted.subList(from, Math.min(sorted.size(), from + batch));
            clock.set(b.get(b.size() - 1).at() + 30_000);
            processor.processInputs(b, new ArrayList<>());
        }
    }

    public void send(Input... inputs) {
        send(List.of(inputs), 100);
    }

    public static Input signal(AnomalyEvent e) {
        return new Input.SignalInput(Signal.of(e));
    }

    public static List<Input> signals(List<AnomalyEvent> events) {
        return events.stream().map(IncidentRig::signal).toList();
    }

    /** A recorded sequence (anomaly JSON lines) from test resources. */
    public static List<AnomalyEvent> recorded(String name) {
        try (InputStream in = IncidentRig.class.getClassLoader().getResourceAsStream("incident/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<AnomalyEvent> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    out.add(AnomalyJson.read(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every incident stored, merged ones included, oldest first. */
    public List<Incident> incidents() {
        List<Incident> l = new ArrayList<>(store.scorecardData().incidents());
        l.sort(Comparator.comparingLong((Incident i) -> i.openedAt).thenComparing(i -> i.id));
        return l;
    }

    public List<Incident> incidents(Incident.Status status) {
        return incidents().stream().filter(i -> i.status == status).toList();
    }

    public Map<String, Long> counters() {
        Map<String, Long> totals = new java.util.TreeMap<>();
        store.scorecardData().counters().byDay().values().forEach(d -> d.forEach((k, v) -> totals.merge(k, v, Long::sum)));
        return totals;
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
