package dev.vigil.cli;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.MetricFormats;
import dev.vigil.core.metric.format.MetricRecordFormat;
import dev.vigil.core.pipeline.BatchStats;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vigil replay --input PATH... [--out DIR] [--stats] [--store dynamodb|memory|none]
 * [--format auto|json|opentelemetry1.0] [--min-severity S]}: metric stream files through the real metric-stream
 * handler. Anomaly events are JSON lines on stdout (and in DIR/anomalies.ndjson);
 * {@code --stats} prints the figures on stderr (and DIR/stats.json).
 */
final class ReplayCommand {

    private ReplayCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        List<String> inputs = args.values("--input");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input PATH... is required (Firehose event JSON or metric NDJSON)");
        }
        Replayer.Mode mode = switch (args.value("--store") == null ? "dynamodb" : args.value("--store")) {
            case "dynamodb" -> Replayer.Mode.DYNAMODB;
            case "memory" -> Replayer.Mode.MEMORY;
            case "none" -> Replayer.Mode.PARSE;
            default -> throw new IllegalArgumentException("--store must be dynamodb, memory or none");
        };
        String formatName = args.value("--format") == null ? "auto" : args.value("--format");
        MetricRecordFormat format = formatName.equals("auto") ? new DetectingFormat() : MetricFormats.forName(formatName);
        Path outDir = args.value("--out") == null ? null : Path.of(args.value("--out"));
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        List<Path> files = Replayer.expand(inputs);
        StructuredLog log = args.has("--verbose") ? new StructuredLog(err, "metric-stream") : StructuredLog.discard();

        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        Map<String, Object> stats;
        List<AnomalyEvent> anomalies;
        dev.vigil.core.pipeline.PublishPolicy policy = args.value("--min-severity") == null
                ? dev.vigil.core.pipeline.PublishPolicy.defaults()
                : dev.vigil.core.pipeline.PublishPolicy.parse(args.value("--min-severity"));
        try (Replayer replayer = new Replayer(mode, log, format, policy)) {
            long tReady = System.nanoTime();
            for (Path f : files) {
                replayer.replay(f);
            }
            long t1 = System.nanoTime();
            anomalies = replayer.publisher().events();
            stats = stats(replayer, mode, t0, tReady, t1, jvmStartMillis);
        }
        for (AnomalyEvent e : anomalies) {
            out.println(AnomalyJson.write(e));
        }
        if (outDir != null) {
            try (Writer w = Files.newBufferedWriter(outDir.resolve("anomalies.ndjson"), StandardCharsets.UTF_8)) {
                for (AnomalyEvent e : anomalies) {
                    w.write(AnomalyJson.write(e));
                    w.write('\n');
                }
            }
            Files.writeString(outDir.resolve("stats.json"), Json.object(stats) + "\n", StandardCharsets.UTF_8);
        }
        if (args.has("--stats")) {
            printStats(stats, err);
        }
        return 0;
    }

    static Map<String, Object> stats(Replayer r, Replayer.Mode mode, long t0, long tReady, long t1,
                                     long jvmStartMillis) {
        BatchStats s = r.total();
        double seconds = (t1 - tReady) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("invocations", r.invocations());
        m.put("records", s.records);
        m.put("recordsOk", s.recordsOk);
        m.put("recordsProcessingFailed", s.recordsFailed);
        m.put("recordsDropped", s.recordsDropped);
        m.put("datapoints", s.datapoints);
        m.put("junkLines", s.junkLines);
        m.put("series", mode == Replayer.Mode.DYNAMODB ? r.storedSeries() : s.series);
        m.put("scored", s.scored);
        m.put("warmingUp", s.warmingUp);
        m.put("late", s.late);
        m.put("duplicates", s.duplicates);
        m.put("futureTimestamps", s.futureTimestamps);   // [security] dropped, never a watermark
        m.put("quarantined", s.quarantined);             // [security] scored, not learned
        m.put("seriesRefused", s.seriesRefused);         // [security] their records failed alone
        m.put("anomalies", s.anomalies);
        m.put("anomaliesNotPublished", s.anomaliesNotPublished);
        m.put("learningSeriesBatches", s.learningSeries);
        m.put("eventsPublished", s.eventsPublished);
        m.put("baselineWrites", s.baselinesWritten);
        m.put("conflictRetries", s.conflictRetries);
        m.put("dynamodbReadUnits", round(r.meter().readUnits()));
        m.put("dynamodbWriteUnits", round(r.meter().writeUnits()));
        m.put("wallSeconds", round(seconds));
        m.put("datapointsPerSecond", seconds > 0 ? Math.round(s.datapoints / seconds) : 0);
        if (mode == Replayer.Mode.DYNAMODB) {
            m.put("dynamodbLocalStartSeconds", round(r.dynamoStartNanos() / 1e9));
        }
        if (r.firstResponseNanos() > 0) {
            // Cold-start proxy: JVM start to the first handled event, with and without DynamoDB Local's own boot.
            long uptimeAtT0 = System.currentTimeMillis() - jvmStartMillis - (System.nanoTime() - t0) / 1_000_000;
            double first = uptimeAtT0 / 1e3 + (r.firstResponseNanos() - t0) / 1e9;
            m.put("jvmStartToFirstResponseSeconds", round(first));
            m.put("jvmStartToFirstResponseExcludingDynamoDbLocalSeconds", round(first - r.dynamoStartNanos() / 1e9));
            m.put("handlerInitSeconds", round(r.handlerInitNanos() / 1e9));
            m.put("firstInvocationSeconds", round(r.firstInvocationNanos() / 1e9));
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static void printStats(Map<String, Object> stats, PrintStream err) {
        err.println("replay stats:");
        for (Map.Entry<String, Object> e : stats.entrySet()) {
            err.printf(Locale.ROOT, "  %-52s %s%n", e.getKey(), e.getValue());
        }
    }
}
