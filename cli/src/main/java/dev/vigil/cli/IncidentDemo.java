package dev.vigil.cli;

import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.IncidentJson;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.core.incident.Resources;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.incident.Signal;
import dev.vigil.core.scorecard.Scorecard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The demo's incident section: the anomalies the metric section found, through the incident function. */
final class IncidentDemo {

    private IncidentDemo() {
    }

    static void section(Path home, Path outDir, PrintStream out) throws IOException {
        out.println("== Incidents: anomaly events -> incident function -> Incidents (DynamoDB Local) -> Slack message");
        Path anomalies = outDir.resolve("anomalies.ndjson");
        List<Input> inputs = new ArrayList<>();
        for (String line : Files.readAllLines(anomalies, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                inputs.add(new Input.SignalInput(Signal.of(AnomalyJson.read(line))));
            }
        }
        Path cfgFile = home.resolve("config/vigil.yaml");
        IncidentConfig cfg = Files.isRegularFile(cfgFile) ? IncidentConfig.load(cfgFile) : IncidentConfig.defaults();
        long t0 = System.nanoTime();
        try (LocalDynamo dynamo = LocalDynamo.start()) {
            IncidentReplayer r = new IncidentReplayer(dynamo, cfg, RunbookPolicies.none(), MetricsSink.none());
            r.replay(inputs);
            r.settle(inputs.stream().mapToLong(Input::at).max().orElse(0));
            List<Incident> incidents = r.incidents();
            out.printf(Locale.ROOT, "  %d anomalies -> %d incidents, %d Slack messages posted (config: %s)%n",
                    inputs.size(), incidents.size(),
                    r.messages.sent.stream().filter(s -> s.kind().equals("post")).count(),
                    Files.isRegularFile(cfgFile) ? "config/vigil.yaml" : "defaults");
            for (Incident i : incidents) {
                out.printf(Locale.ROOT, "%n  %s  %-8s %s%n", i.id, i.severity.code(), i.title);
                out.printf(Locale.ROOT, "    %d series, %d anomalies, %s -> %s, %s%s%n", i.members.size(), i.signalCount,
                        java.time.Instant.ofEpochMilli(i.openedAt), java.time.Instant.ofEpochMilli(i.lastSignalAt),
                        i.status.name().toLowerCase(Locale.ROOT),
                        i.slackTs != null ? ", posted to " + i.channel
                                : i.heldReason != null ? ", not posted (" + i.heldReason + ")" : "");
                if (!i.rootCauses.isEmpty()) {
                    Incident.RootCause c = i.rootCauses.get(0);
                    out.printf(Locale.ROOT, "    likely root cause %s (%.0f%%): %s%n", Resources.unscoped(c.resource()),
                            c.confidence() * 100, String.join("; ", c.evidence()));
                }
                for (Incident.Grouping g : i.grouping) {
                    out.println("    - " + g.reason());
                }
            }
            Path file = outDir.resolve("incidents.ndjson");
            StringBuilder b = new StringBuilder();
            for (Incident i : incidents) {
                b.append(IncidentJson.write(i)).append('\n');
            }
            Files.writeString(file, b, StandardCharsets.UTF_8);
            Scorecard s = Scorecard.from(r.store.scorecardData());
            out.printf(Locale.ROOT, "%n  alerts %d of %d anomalies (%.0f%% fewer), suppressed %s, %.2f s%n", s.alerts(),
                    s.signals(), s.noiseReduction() * 100, s.suppressed(), (System.nanoTime() - t0) / 1e9);
            out.println("  wrote " + file);
            out.println();
        }
        recordedSection(home, out);
    }

    /** Two recorded outages at the same time, with the topology they come from: one incident each. */
    static void recordedSection(Path home, PrintStream out) throws IOException {
        Path dir = home.resolve("events/incident-recorded");
        if (!Files.isDirectory(dir)) {
            return;
        }
        out.println("== Incidents: two recorded outages at once (events/incident-recorded, topology shop.yaml)");
        List<Input> inputs = new ArrayList<>();
        for (String f : List.of("checkout-outage.ndjson", "payments-outage.ndjson")) {
            for (String line : Files.readAllLines(dir.resolve(f), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    inputs.add(new Input.SignalInput(Signal.of(AnomalyJson.read(line))));
                }
            }
        }
        IncidentConfig cfg = IncidentConfig.load(dir.resolve("shop.yaml"));
        try (LocalDynamo dynamo = LocalDynamo.start()) {
            IncidentReplayer r = new IncidentReplayer(dynamo, cfg, RunbookPolicies.none(), MetricsSink.none());
            r.replay(inputs);
            List<Incident> incidents = r.incidents();
            out.printf(Locale.ROOT, "  %d anomalies on %d series -> %d incidents, %d messages posted, %d updates in place%n",
                    inputs.size(), inputs.stream().map(i -> ((Input.SignalInput) i).signal().seriesKey()).distinct().count(),
                    incidents.size(), r.messages.sent.stream().filter(s -> s.kind().equals("post")).count(),
                    r.messages.sent.stream().filter(s -> s.kind().equals("update")).count());
            for (Incident i : incidents) {
                out.printf(Locale.ROOT, "%n  %s  %-8s %s -> %s%n", i.id, i.severity.code(), i.title, i.channel);
                for (Incident.RootCause c : i.rootCauses) {
                    out.printf(Locale.ROOT, "    root cause %-28s %3.0f%%  %s%n", Resources.unscoped(c.resource()),
                            c.confidence() * 100, String.join("; ", c.evidence()));
                }
                for (Incident.Grouping g : i.grouping) {
                    out.println("    - " + g.reason());
                }
            }
            out.println();
            out.println("  a simulated week of outages and noise, with the whole scorecard: ./vigil scorecard");
            out.println();
        }
    }
}
