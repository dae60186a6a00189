package dev.vigil.cli;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.incident.Change;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.Resources;
import dev.vigil.core.metric.SeriesId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Fabricates a week of realistic anomaly traffic across a multi-service AWS estate, with ground truth, to measure what
 * the incident engine does with it (noise reduction, grouping quality, root-cause accuracy).
 *
 * <p><b>Estate.</b> {@code services} services, each one of four topologies, listed caller first (each element
 * depends on the next): web (ALB → target group → ECS service → RDS), serverless (API Gateway → Lambda → DynamoDB),
 * worker (SQS queue → Lambda consumer → RDS), mixed (ALB → target group → Lambda → RDS). The config declares these
 * edges and the services with their teams, as an operator would.
 *
 * <p><b>Outages.</b> A component fails (the root) and its callers follow, 1–3 minutes per hop. Every affected resource
 * emits anomalies on 1–3 of its metrics, each minute with probability 0.8, for 10–60 minutes. 40 % of outages follow
 * a deploy or config change on the root 2–6 minutes earlier.
 * <p><b>Noise.</b> Isolated anomalies (one minute, or a 2–3 minute burst) on random series at {@code noisePerHour};
 * harmless deploys (2 a day) with a small blip on the deployed resource half of the time; weekly RDS patching
 * (Sundays 02:00–04:00 UTC, declared as a maintenance window) with connection dips.
 */
final class OutageSimulator {

    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;

    record Res(String type, String name, String namespace, Map<String, String> dims) {
        String key() {
            return type + ":" + name;
        }
    }

    record Service(String name, String team, String archetype, List<Res> chain) {
    }

    record Labeled(AnomalyEvent anomaly, String truth) {
    }

    record Outage(String id, Service service, Res root, long start, int minutes, boolean change) {
    }

    record Scenario(String config, List<Service> services, List<Outage> outages, List<Labeled> anomalies,
                    List<Input> changes) {
        List<Input> inputs() {
            List<Input> in = new ArrayList<>(changes);
            for (Labeled l : anomalies) {
                in.add(new Input.SignalInput(dev.vigil.core.incident.Signal.of(l.anomaly())));
            }
            return in;
        }
    }

    /** namespace, metric, unit, statistic, expected, anomalous value. */
    record Metric(String metric, String unit, String stat, double expected, double value) {
    }

    static final Map<String, List<Metric>> METRICS = Map.of(
            "alb", List.of(new Metric("HTTPCode_ELB_5XX_Count", "Count", "rate_per_second", 0.02, 4.5),
                    new Metric("TargetResponseTime", "Seconds", "average", 0.09, 1.8),
                    new Metric("RequestCount", "Count", "rate_per_second", 120, 35)),
            "tg", List.of(new Metric("HTTPCode_Target_5XX_Count", "Count", "rate_per_second", 0.01, 3.9),
                    new Metric("TargetResponseTime", "Seconds", "average", 0.08, 1.7),
                    new Metric("UnHealthyHostCount", "Count", "average", 0, 3)),
            "ecs", List.of(new Metric("CPUUtilization", "Percent", "average", 35, 96),
                    new Metric("MemoryUtilization", "Percent", "average", 48, 93),
                    new Metric("RunningTaskCount", "Count", "average", 6, 2)),
            "rds", List.of(new Metric("CPUUtilization", "Percent", "average", 30, 98),
                    new Metric("DatabaseConnections", "Count", "average", 80, 480),
                    new Metric("ReadLatency", "Seconds", "average", 0.002, 0.2)),
            "lambda", List.of(new Metric("Errors", "Count", "rate_per_second", 0.01, 6),
                    new Metric("Duration", "Milliseconds", "average", 180, 2900),
                    new Metric("Throttles", "Count", "rate_per_second", 0, 2.5)),
            "dynamodb", List.of(new Metric("ThrottledRequests", "Count", "rate_per_second", 0, 12),
                    new Metric("SuccessfulRequestLatency", "Milliseconds", "average", 6, 95)),
            "apigw", List.of(new Metric("5XXError", "Count", "rate_per_second", 0.01, 3),
                    new Metric("Latency", "Milliseconds", "average", 120, 2400)),
            "sqs", List.of(new Metric("ApproximateAgeOfOldestMessage", "Seconds", "average", 8, 900),
                    new Metric("ApproximateNumberOfMessagesVisible", "Count", "average", 20, 5400)));

    private final SplittableRandom rnd;

    OutageSimulator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    Scenario generate(int serviceCount, int outageCount, int days, double noisePerHour) {
        List<Service> services = new ArrayList<>();
        String[] archetypes = {"web", "serverless", "worker", "mixed"};
        String[] teams = {"shop", "payments", "platform", "growth"};
        String[] names = {"checkout", "cart", "orders", "search", "billing", "auth", "catalog", "inventory",
                "shipping", "reviews", "pricing", "notify", "ledger", "profile", "media", "reports"};
        for (int s = 0; s < serviceCount; s++) {
            String name = names[s % names.length] + (s >= names.length ? "-" + s : "");
            services.add(service(name, teams[s % teams.length], archetypes[s % archetypes.length]));
        }
        List<Labeled> anomalies = new ArrayList<>();
        List<Input> changes = new ArrayList<>();
        List<Outage> outages = new ArrayList<>();
        long span = days * 24L * 60;
        for (int o = 0; o < outageCount; o++) {
            Service svc = services.get(rnd.nextInt(services.size()));
            int rootIdx = 1 + rnd.nextInt(svc.chain().size() - 1);   // never the entry point itself
            if (rnd.nextDouble() < 0.25) {
                rootIdx = svc.chain().size() - 1;                     // data stores fail often
            }
            long start = START + (60 + rnd.nextLong(span - 180)) * MIN;
            int minutes = 10 + rnd.nextInt(51);
            boolean change = rnd.nextDouble() < 0.4;
            Outage out = new Outage("outage-" + o, svc, svc.chain().get(rootIdx), start, minutes, change);
            outages.add(out);
            if (change) {
                long at = start - (2 + rnd.nextInt(5)) * MIN;
                String kind = out.root().type().equals("rds") || out.root().type().equals("dynamodb") ? "config" : "deploy";
                changes.add(new Input.ChangeInput(new Change("chg-" + o, scoped(out.root()), at, at, kind,
                        (kind.equals("deploy") ? "deploy of " : "ModifyDBInstance on ") + out.root().name(), "ci")));
            }
            long onset = start;
            for (int k = rootIdx; k >= 0; k--) {
                Res r = svc.chain().get(k);
                boolean isRoot = k == rootIdx;
                List<Metric> ms = pick(METRICS.get(r.type()), 1 + rnd.nextInt(isRoot ? 3 : 2));
                long end = start + minutes * MIN + (rnd.nextInt(5) - 2) * MIN;
                for (Metric m : ms) {
                    for (long t = onset; t <= end; t += MIN) {
                        if (rnd.nextDouble() < 0.8) {
                            String sev = isRoot ? (rnd.nextDouble() < 0.4 ? "critical" : "high")
                                    : (rnd.nextDouble() < 0.5 ? "high" : "medium");
                            anomalies.add(new Labeled(anomaly(r, m, t, sev), out.id()));
                        }
                    }
                }
                onset += (1 + rnd.nextInt(3)) * MIN;
            }
        }
        // Background noise: isolated anomalies on random series.
        long noiseCount = Math.round(noisePerHour * span / 60.0);
        for (int n = 0; n < noiseCount; n++) {
            Service svc = services.get(rnd.nextInt(services.size()));
            Res r = svc.chain().get(rnd.nextInt(svc.chain().size()));
            Metric m = METRICS.get(r.type()).get(rnd.nextInt(METRICS.get(r.type()).size()));
            long t = START + rnd.nextLong(span) * MIN;
            int burst = rnd.nextDouble() < 0.7 ? 1 : 2 + rnd.nextInt(2);
            double p = rnd.nextDouble();
            String sev = p < 0.5 ? "low" : p < 0.9 ? "medium" : "high";
            for (int b = 0; b < burst; b++) {
                anomalies.add(new Labeled(anomaly(r, m, t + b * MIN, sev), "noise-" + n));
            }
        }
        // Harmless deploys, two a day, with a blip half of the time (suppressed by the deploy window).
        for (int d = 0; d < days * 2; d++) {
            Service svc = services.get(rnd.nextInt(services.size()));
            Res r = null;
            for (Res x : svc.chain()) {
                if (x.type().equals("lambda") || x.type().equals("ecs")) {
                    r = x;
                }
            }
            if (r == null) {
                continue;
            }
            long at = START + rnd.nextLong(span) * MIN;
            changes.add(new Input.ChangeInput(new Change("deploy-" + d, scoped(r), at, at, "deploy",
                    "deploy of " + r.name(), "ci")));
            if (rnd.nextBoolean()) {
                Metric m = METRICS.get(r.type()).get(1);
                for (int b = 0; b < 1 + rnd.nextInt(2); b++) {
                    anomalies.add(new Labeled(anomaly(r, m, at + (2 + b) * MIN, "medium"), "deploy-blip-" + d));
                }
            }
        }
        // Weekly database patching (Sunday 02:00-04:00 UTC): connection dips on the databases.
        for (long day = 0; day < days; day++) {
            long midnight = START + day * 24 * 60 * MIN;
            if (Instant.ofEpochMilli(midnight).atZone(java.time.ZoneOffset.UTC).getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
                continue;
            }
            for (Service svc : services) {
                Res db = svc.chain().get(svc.chain().size() - 1);
                if (!db.type().equals("rds")) {
                    continue;
                }
                long t = midnight + (130 + rnd.nextInt(30)) * MIN;
                for (int b = 0; b < 3; b++) {
                    anomalies.add(new Labeled(anomaly(db, new Metric("DatabaseConnections", "Count", "average", 80, 0),
                            t + b * MIN, "high"), "maintenance-" + day));
                }
            }
        }
        anomalies.sort((a, b) -> Long.compare(a.anomaly().timestamp(), b.anomaly().timestamp()));
        return new Scenario(config(services), services, outages, anomalies, changes);
    }

    private List<Metric> pick(List<Metric> all, int n) {
        List<Metric> copy = new ArrayList<>(all);
        List<Metric> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, copy.size()); i++) {
            out.add(copy.remove(rnd.nextInt(copy.size())));
        }
        return out;
    }

    private String hex() {
        return String.format(Locale.ROOT, "%016x", rnd.nextLong());
    }

    private Service service(String name, String team, String archetype) {
        List<Res> chain = new ArrayList<>();
        String lb = "app/" + name + "-alb/" + hex();
        String tg = "targetgroup/" + name + "-tg/" + hex();
        switch (archetype) {
            case "web" -> {
                chain.add(new Res("alb", lb, "AWS/ApplicationELB", Map.of("LoadBalancer", lb)));
                chain.add(new Res("tg", tg, "AWS/ApplicationELB", Map.of("LoadBalancer", lb, "TargetGroup", tg)));
                chain.add(new Res("ecs", "prod/" + name, "AWS/ECS", Map.of("ClusterName", "prod", "ServiceName", name)));
                chain.add(new Res("rds", name + "-db", "AWS/RDS", Map.of("DBInstanceIdentifier", name + "-db")));
            }
            case "serverless" -> {
                chain.add(new Res("apigw", name + "-api", "AWS/ApiGateway", Map.of("ApiName", name + "-api")));
                chain.add(new Res("lambda", name + "-fn", "AWS/Lambda", Map.of("FunctionName", name + "-fn")));
                chain.add(new Res("dynamodb", name + "-table", "AWS/DynamoDB", Map.of("TableName", name + "-table")));
            }
            case "worker" -> {
                chain.add(new Res("sqs", name + "-jobs", "AWS/SQS", Map.of("QueueName", name + "-jobs")));
                chain.add(new Res("lambda", name + "-worker", "AWS/Lambda", Map.of("FunctionName", name + "-worker")));
                chain.add(new Res("rds", name + "-db", "AWS/RDS", Map.of("DBInstanceIdentifier", name + "-db")));
            }
            default -> {
                chain.add(new Res("alb", lb, "AWS/ApplicationELB", Map.of("LoadBalancer", lb)));
                chain.add(new Res("tg", tg, "AWS/ApplicationELB", Map.of("LoadBalancer", lb, "TargetGroup", tg)));
                chain.add(new Res("lambda", name + "-api", "AWS/Lambda", Map.of("FunctionName", name + "-api")));
                chain.add(new Res("rds", name + "-db", "AWS/RDS", Map.of("DBInstanceIdentifier", name + "-db")));
            }
        }
        return new Service(name, team, archetype, chain);
    }

    static String scoped(Res r) {
        return Resources.scoped(ACCOUNT, REGION, r.key());
    }

    static AnomalyEvent anomaly(Res r, Metric m, long t, String severity) {
        SeriesId s = SeriesId.of(ACCOUNT, REGION, r.namespace(), m.metric(), r.dims());
        double band = Math.max(0.01, m.expected() * 0.3);
        return new AnomalyEvent(AnomalyEvent.idFor(s.key(), t), s.key(), ACCOUNT, REGION, r.namespace(), m.metric(),
                new TreeMap<>(r.dims()), t, m.value(), m.expected(), m.expected() - band, m.expected() + band,
                severity.equals("low") ? 0.9 : 0.99, severity, m.value() > m.expected() ? "spike" : "dip",
                m.metric() + " " + m.value() + " vs " + m.expected(), m.unit(), m.stat());
    }

    /** The config an operator would write for this estate. */
    static String config(List<Service> services) {
        return config(services, true);
    }

    /** Without the topology (no edges, no services): what dimensions alone give, for comparison. */
    static String config(List<Service> services, boolean topology) {
        StringBuilder b = new StringBuilder();
        b.append("correlation: {windowMinutes: 15, quietMinutes: 30}\n");
        if (topology) {
            topology(b, services);
        }
        suppression(b);
        return b.toString();
    }

    private static void topology(StringBuilder b, List<Service> services) {
        b.append("topology:\n  edges:\n");
        for (Service s : services) {
            for (int i = 0; i + 1 < s.chain().size(); i++) {
                b.append("    - {from: \"").append(s.chain().get(i).key()).append("\", to: \"")
                        .append(s.chain().get(i + 1).key()).append("\"}\n");
            }
        }
        b.append("  services:\n");
        for (Service s : services) {
            b.append("    - name: ").append(s.name()).append("\n      tags: {team: ").append(s.team())
                    .append("}\n      resources: [");
            for (int i = 0; i < s.chain().size(); i++) {
                b.append(i > 0 ? ", " : "").append('"').append(s.chain().get(i).key()).append('"');
            }
            b.append("]\n");
        }
    }

    private static void suppression(StringBuilder b) {
        b.append("""
                suppression:
                  deployWindowMinutes: 15
                  deploySuppressBelow: critical
                  maintenance:
                    - {name: rds-patching, match: {resource: "rds:*"}, days: [SUN], start: "02:00", end: "04:00"}
                routing:
                  channels:
                    default:  {default: "#alerts", critical: "#oncall", ticket: "#tickets"}
                    shop:     {default: "#shop-alerts", critical: "#shop-oncall"}
                    payments: {default: "#payments-alerts", critical: "#payments-oncall"}
                  rateLimit: {max: 10, perMinutes: 60}
                """);
    }

    // ---- measurement

    /** What the engine made of a scenario, against its ground truth. */
    record Quality(int outages, double meanIncidentsPerOutage, double outagesInOneIncident, int incidents,
                   int outageIncidents, int noiseIncidents, double purity, double rootCauseAccuracy,
                   Map<String, String> verdicts) {
    }

    static Quality measure(Scenario sc, List<Incident> incidents) {
        Map<String, List<Labeled>> bySeries = new HashMap<>();
        for (Labeled l : sc.anomalies()) {
            bySeries.computeIfAbsent(l.anomaly().seriesId(), k -> new ArrayList<>()).add(l);
        }
        Map<String, Incident> byId = new HashMap<>();
        for (Incident i : incidents) {
            byId.put(i.id, i);
        }
        Map<String, Outage> outages = new LinkedHashMap<>();
        for (Outage o : sc.outages()) {
            outages.put(o.id(), o);
        }
        Map<String, java.util.Set<String>> incidentsOfOutage = new HashMap<>();
        Map<String, String> verdicts = new LinkedHashMap<>();
        int outageIncidents = 0;
        int noiseIncidents = 0;
        int counted = 0;
        double puritySum = 0;
        int rcTotal = 0;
        int rcRight = 0;
        for (Incident i : incidents) {
            if (i.status == Incident.Status.MERGED) {
                continue;
            }
            Map<String, Integer> truths = new HashMap<>();
            for (Incident.Member m : i.members.values()) {
                for (Labeled l : bySeries.getOrDefault(m.seriesKey, List.of())) {
                    long t = l.anomaly().timestamp();
                    if (t >= m.first && t <= m.last) {
                        truths.merge(l.truth(), 1, Integer::sum);
                    }
                }
            }
            if (truths.isEmpty()) {
                continue;
            }
            counted++;
            String major = truths.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
            int total = truths.values().stream().mapToInt(Integer::intValue).sum();
            puritySum += truths.get(major) / (double) total;
            boolean outage = major.startsWith("outage-");
            verdicts.put(i.id, outage ? "useful" : "noise");
            for (String t : truths.keySet()) {
                if (t.startsWith("outage-")) {
                    incidentsOfOutage.computeIfAbsent(t, k -> new java.util.HashSet<>()).add(i.id);
                }
            }
            if (outage) {
                outageIncidents++;
                Outage o = outages.get(major);
                String rootKey = scoped(o.root());
                if (!i.rootCauses.isEmpty() && i.resources.contains(rootKey)) {
                    rcTotal++;
                    if (Resources.unscoped(i.rootCauses.get(0).resource()).equals(o.root().key())) {
                        rcRight++;
                    }
                }
            } else {
                noiseIncidents++;
            }
        }
        int seen = incidentsOfOutage.size();
        double mean = seen == 0 ? 0 : incidentsOfOutage.values().stream().mapToInt(java.util.Set::size).average().orElse(0);
        long one = incidentsOfOutage.values().stream().filter(s -> s.size() == 1).count();
        return new Quality(sc.outages().size(), mean, seen == 0 ? 0 : one / (double) seen, counted, outageIncidents,
                noiseIncidents, counted == 0 ? 0 : puritySum / counted, rcTotal == 0 ? Double.NaN : rcRight / (double) rcTotal,
                verdicts);
    }
}
