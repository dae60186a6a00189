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
            out.println("  wrote " + file + "  (full scorecard on a simulated week: ./vigil scorecard)");
            out.println();
        }
    }
}
