package dev.vigil.cli;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.IncidentInteractions;
import dev.vigil.core.incident.IncidentJson;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.incident.Signal;
import dev.vigil.core.scorecard.Counters;
import dev.vigil.core.scorecard.Emf;
import dev.vigil.core.scorecard.Scorecard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code vigil scorecard}: anomalies through the real incident processor on DynamoDB Local, then the AIOps scorecard
 * read back from the stored state.
 *
 * <ul>
 *   <li>{@code --input FILE…}: anomaly JSON lines (what {@code vigil replay --out DIR} writes) with
 *       {@code --config FILE} (default: no topology, default knobs);</li>
 *   <li>otherwise {@code --simulate}: a generated week of multi-service outages plus background noise
 *       ({@link OutageSimulator}; {@code --days 7 --services 12 --outages 30 --noise 4 --seed 7}), with simulated
 *       responders (acknowledge within 1–10 min, verdicts from the ground truth) and remediation outcomes, and the
 *       grouping quality against the ground truth; {@code --no-topology} drops the declared topology from the
 *       config, to see what the dimensions alone achieve.</li>
 * </ul>
 * {@code --out DIR} writes {@code incidents.ndjson}, {@code emf.ndjson} (the embedded-metric lines the function
 * would have logged) and {@code scorecard.txt}.
 */
final class ScorecardCommand {

    private ScorecardCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        Path outDir = args.value("--out") == null ? null : Path.of(args.value("--out"));
        List<String> emf = new ArrayList<>();
        MetricsSink sink = (c, at) -> emf.addAll(Emf.lines(c, at, "vigil"));
        long t0 = System.nanoTime();
        try (LocalDynamo dynamo = LocalDynamo.start()) {
            IncidentReplayer replayer;
            OutageSimulator.Scenario sc = null;
            List<Input> inputs;
            if (!args.values("--input").isEmpty()) {
                IncidentConfig cfg = args.value("--config") == null ? IncidentConfig.defaults()
                        : IncidentConfig.load(Path.of(args.value("--config")));
                inputs = new ArrayList<>();
                for (Path f : Replayer.expand(args.values("--input"))) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            inputs.add(new Input.SignalInput(Signal.of(AnomalyJson.read(line))));
                        }
                    }
                }
                replayer = new IncidentReplayer(dynamo, cfg, RunbookPolicies.none(), sink);
                out.println("Vigil scorecard: " + inputs.size() + " anomalies from " + args.values("--input")
                        + " through the incident function (DynamoDB Local)");
            } else {
                long seed = Long.parseLong(opt(args, "--seed", "7"));
                int days = Integer.parseInt(opt(args, "--days", "7"));
                int services = Integer.parseInt(opt(args, "--services", "12"));
                int outages = Integer.parseInt(opt(args, "--outages", "30"));
                double noise = Double.parseDouble(opt(args, "--noise", "4"));
                sc = new OutageSimulator(seed).generate(services, outages, days, noise);
                String yaml = args.has("--no-topology") ? OutageSimulator.config(sc.services(), false) : sc.config();
                IncidentConfig cfg = IncidentConfig.parse(yaml, "simulated estate");
                replayer = new IncidentReplayer(dynamo, cfg, simulatedPolicies(), sink);
                inputs = sc.inputs();
                out.printf(Locale.ROOT, "Vigil scorecard: simulated %d days, %d services (web, serverless, worker, mixed"
                        + " topologies), %d outages, %.1f noise anomalies/hour, seed %d%n", days, services, outages,
                        noise, seed);
            }
            replayer.replay(inputs);
            long last = inputs.stream().mapToLong(Input::at).max().orElse(0);
            if (sc != null) {
                simulateResponders(replayer, sc, Long.parseLong(opt(args, "--seed", "7")));
            }
            replayer.settle(last);
            double seconds = (System.nanoTime() - t0) / 1e9;

            List<Incident> incidents = replayer.incidents();
            Scorecard card = Scorecard.from(replayer.store.scorecardData());
            out.println();
            if (sc != null) {
                noiseSection(sc, incidents, card, out);
            }
            out.println("== AIOps scorecard (read back from the Incidents table)");
            out.print(card.render());
            out.printf(Locale.ROOT, "%n  %d inputs, %d incidents, %d Slack messages (%d posts), %.1f s%n", inputs.size(),
                    incidents.size(), replayer.messages.sent.size(),
                    replayer.messages.sent.stream().filter(s -> s.kind().equals("post")).count(), seconds);
            if (outDir != null) {
                Files.createDirectories(outDir);
                StringBuilder b = new StringBuilder();
                for (Incident i : incidents) {
                    b.append(IncidentJson.write(i)).append('\n');
                }
                Files.writeString(outDir.resolve("incidents.ndjson"), b, StandardCharsets.UTF_8);
                Files.writeString(outDir.resolve("emf.ndjson"), String.join("\n", emf) + "\n", StandardCharsets.UTF_8);
                Files.writeString(outDir.resolve("scorecard.txt"), card.render(), StandardCharsets.UTF_8);
                out.println("  wrote " + outDir.resolve("incidents.ndjson") + ", emf.ndjson, scorecard.txt");
            }
        }
        return 0;
    }

    static String opt(Args a, String flag, String fallback) {
        return a.value(flag) == null ? fallback : a.value(flag);
    }

    /** Stand-ins for the remediation side's policies: roll back a failing Lambda, scale out a hot ECS service. */
    static RunbookPolicies simulatedPolicies() {
        return a -> {
            if (a.namespace().equals("AWS/Lambda") && a.metricName().equals("Errors")) {
                return List.of("lambda-rollback");
            }
            if (a.namespace().equals("AWS/ECS") && a.metricName().equals("CPUUtilization")) {
                return List.of("ecs-scale-out");
            }
            return List.of();
        };
    }

    /**
     * Responders: 85 % of posted incidents are acknowledged 1–10 minutes after the post and judged from the ground
     * truth (useful when most of the incident's signals come from a real outage); remediations succeed 80 % of the
     * time, 12 minutes after their start.
     */
    static void simulateResponders(IncidentReplayer r, OutageSimulator.Scenario sc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
        List<Incident> incidents = r.incidents();
        OutageSimulator.Quality q = OutageSimulator.measure(sc, incidents);
        IncidentInteractionService slack = new IncidentInteractionService(r.store, (c, at) -> { });
        Map<String, Incident> byId = new HashMap<>();
        for (Incident i : incidents) {
            byId.put(i.id, i);
            if (i.slackTs == null || rnd.nextDouble() >= 0.85) {
                continue;
            }
            long ack = i.notifiedAt + (1 + rnd.nextInt(10)) * 60_000L;
            slack.click(new IncidentInteractions.Click(IncidentInteractions.ACK, i.id, "U" + rnd.nextInt(6), "oncall", ack));
            String verdict = q.verdicts().getOrDefault(i.id, "noise");
            slack.click(new IncidentInteractions.Click(verdict.equals("useful") ? IncidentInteractions.USEFUL
                    : IncidentInteractions.NOISE, i.id, "U" + rnd.nextInt(6), "oncall", ack + 60_000L));
        }
        List<Input> outcomes = new ArrayList<>();
        for (String name : r.remediationsStarted) {
            Incident i = byId.get(RemediationStarter.incidentOf(name));
            long at = (i == null ? 0 : i.openedAt) + 12 * 60_000L;
            outcomes.add(new Input.RemediationOutcome(name, rnd.nextDouble() < 0.8 ? "SUCCEEDED" : "FAILED", at));
        }
        if (!outcomes.isEmpty()) {
            r.run(outcomes, outcomes.stream().mapToLong(Input::at).max().getAsLong());
        }
    }

    static void noiseSection(OutageSimulator.Scenario sc, List<Incident> incidents, Scorecard card, PrintStream out) {
        Map<String, Integer> byClass = new java.util.TreeMap<>();
        for (OutageSimulator.Labeled l : sc.anomalies()) {
            String t = l.truth();
            byClass.merge(t.startsWith("outage-") ? "outages" : t.startsWith("noise-") ? "background noise"
                    : t.startsWith("deploy-") ? "deploy blips" : "maintenance", 1, Integer::sum);
        }
        OutageSimulator.Quality q = OutageSimulator.measure(sc, incidents);
        out.println("== Noise reduction (ground truth known)");
        out.printf(Locale.ROOT, "  anomalies in            %d  (%s)%n", sc.anomalies().size(), byClass.toString()
                .replaceAll("[{}]", ""));
        out.printf(Locale.ROOT, "  suppressed              %s%n", card.suppressed());
        out.printf(Locale.ROOT, "  incidents               %d (%d from outages, %d from noise)%n", q.incidents(),
                q.outageIncidents(), q.noiseIncidents());
        out.printf(Locale.ROOT, "  alerts (messages)       %d  -> %.1f%% fewer than anomalies, %.1f anomalies per alert%n",
                card.alerts(), 100 * (1 - card.alerts() / (double) sc.anomalies().size()),
                sc.anomalies().size() / (double) Math.max(1, card.alerts()));
        out.printf(Locale.ROOT, "  outages                 %d: %.0f%% in exactly one incident, %.2f incidents per outage%n",
                q.outages(), q.outagesInOneIncident() * 100, q.meanIncidentsPerOutage());
        out.printf(Locale.ROOT, "  grouping purity         %.1f%% of an incident's signals share its main cause%n",
                q.purity() * 100);
        out.printf(Locale.ROOT, "  root cause              %s of outage incidents rank the failed component first%n",
                Double.isNaN(q.rootCauseAccuracy()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%",
                        q.rootCauseAccuracy() * 100));
        out.println();
    }
}
