package dev.vigil.cli;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.pipeline.BatchStats;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code vigil demo}: the pipeline on the bundled {@code events/} samples, no AWS account needed. Each section runs
 * the real handler code against embedded DynamoDB Local and prints what it found and where it wrote it.
 */
final class DemoCommand {

    private DemoCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        Path home = Path.of(System.getProperty("vigil.home", "."));
        Path events = home.resolve("events");
        if (!Files.isDirectory(events)) {
            throw new IllegalStateException("cannot find the bundled events/ directory under " + home.toAbsolutePath()
                    + " (run ./vigil demo from the repository)");
        }
        Path outDir = Path.of(args.value("--out") == null ? "vigil-out/demo" : args.value("--out"));
        Files.createDirectories(outDir);
        out.println("Vigil demo: the bundled events/ samples through the real handlers, DynamoDB Local embedded.");
        out.println();
        metricSection(events, outDir, out);
        costSection(events, outDir, out);
        IncidentDemo.section(home, outDir, out);
        RemediationDemo.section(outDir, out);
        return 0;
    }

    /** Metric Stream → Firehose → metric-stream function → Baselines (DynamoDB Local) → anomaly events. */
    static void metricSection(Path events, Path outDir, PrintStream out) throws IOException {
        out.println("== Metric anomalies: Metric Stream -> Firehose -> metric-stream -> Baselines (DynamoDB Local)");
        List<Path> files;
        try (var s = Files.list(events)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("metric-stream-")
                    && p.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        Map<String, Object> stats;
        List<AnomalyEvent> anomalies;
        try (Replayer replayer = new Replayer(Replayer.Mode.DYNAMODB, StructuredLog.discard())) {
            long tReady = System.nanoTime();
            out.printf(Locale.ROOT, "  %-36s %7s %4s %6s %7s %10s %5s %9s%n", "event", "records", "ok", "failed",
                    "dropped", "datapoints", "junk", "anomalies");
            for (Path f : files) {
                BatchStats s = replayer.replay(f);
                out.printf(Locale.ROOT, "  %-36s %7d %4d %6d %7d %10d %5d %9d%n", f.getFileName(), s.records,
                        s.recordsOk, s.recordsFailed, s.recordsDropped, s.datapoints, s.junkLines, s.anomalies);
            }
            anomalies = replayer.publisher().events();
            stats = ReplayCommand.stats(replayer, Replayer.Mode.DYNAMODB, t0, tReady, System.nanoTime(), jvmStart);
        }
        out.println();
        out.println("  anomalies (" + anomalies.size() + "):");
        for (AnomalyEvent e : anomalies) {
            String dims = e.dimensions().entrySet().stream().map(d -> d.getKey() + "=" + d.getValue())
                    .collect(Collectors.joining(","));
            out.printf(Locale.ROOT, "  %s  %-8s %-12s %s %s {%s}%n      value %.4g, expected %.4g in [%.4g, %.4g], "
                            + "score %.3f: %s%n",
                    java.time.Instant.ofEpochMilli(e.timestamp()), e.severity(), e.reason(), e.namespace(),
                    e.metricName(), dims, e.value(), e.expected(), e.lower(), e.upper(), e.score(), e.detail());
        }
        out.println();
        out.printf(Locale.ROOT, "  %d datapoints, %s series, %s DynamoDB read units, %s write units, %d events published, "
                        + "%.2f s%n", stats.get("datapoints"), stats.get("series"), stats.get("dynamodbReadUnits"),
                stats.get("dynamodbWriteUnits"), stats.get("eventsPublished"), stats.get("wallSeconds"));
        Path anomaliesFile = outDir.resolve("anomalies.ndjson");
        try (Writer w = Files.newBufferedWriter(anomaliesFile, StandardCharsets.UTF_8)) {
            for (AnomalyEvent e : anomalies) {
                w.write(AnomalyJson.write(e));
                w.write('\n');
            }
        }
        Path statsFile = outDir.resolve("metric-stats.json");
        Files.writeString(statsFile, Json.object(stats) + "\n", StandardCharsets.UTF_8);
        out.println("  wrote " + anomaliesFile + " and " + statsFile);
        out.println();
    }

    /** Billing exports → cost-report: the generated demo export (CUR 2.0 with manifests) and the real samples. */
    static void costSection(Path events, Path outDir, PrintStream out) throws IOException {
        out.println("== Cost anomalies: billing exports -> cost-report (the billing-export function's reader and detector)");
        String[][] runs = {
            {"billing/billing-demo", "demo-cur2", "generated CUR 2.0 export, 3 months, with planted anomalies"},
            {"billing/cur-legacy-sample", "cur-legacy-sample", "real legacy CUR sample (14 days, $1.68)"},
            {"billing/focus-sample-data", "focus-sample", "real FOCUS 1.0 sample (1,000 rows, 3 providers)"},
        };
        for (String[] r : runs) {
            Path in = events.resolve(r[0]);
            if (!Files.exists(in)) {
                continue;
            }
            Path dir = outDir.resolve("cost").resolve(r[1]);
            out.println("  -- " + r[2]);
            Args a = new Args(new String[] {"--name", r[1]}, 0, CostReportCommand.SWITCHES,
                    Vigil.COST_REPORT_SINGLE);
            CostReportCommand.Outcome o = CostReportCommand.execute(a, List.of(in.toString()), dir, null);
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            CostReportCommand.print(o, new PrintStream(buf, true, StandardCharsets.UTF_8));
            for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
                out.println("  " + line);
            }
        }
        out.println("  open " + outDir.resolve("cost/demo-cur2/report.html") + " in a browser for the FinOps report");
        out.println();
    }
}
