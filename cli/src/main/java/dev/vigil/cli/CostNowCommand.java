package dev.vigil.cli;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.pricing.PriceListApiPriceBook;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.cost.detect.Thresholds;
import dev.vigil.core.cost.now.CostNow;
import dev.vigil.core.cost.now.EstimatedCharges;
import dev.vigil.core.cost.now.ExpectedSpend;
import dev.vigil.core.cost.now.PriceBook;
import dev.vigil.core.cost.now.PriceKey;
import dev.vigil.core.cost.now.ProvisionalAnomaly;
import dev.vigil.core.cost.now.ProvisionalJson;
import dev.vigil.core.cost.now.Quote;
import dev.vigil.core.cost.now.Reconciler;
import dev.vigil.core.cost.now.SavedPriceBook;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.slack.SlackChat;
import dev.vigil.parquet.ParquetExportDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code vigil cost-now --input PATH... --out DIR [--prices DIR] [--as-of ISO]}: provisional cost anomalies from
 * EventBridge CloudTrail events and Metric Streams {@code AWS/Billing EstimatedCharges}, reconciled against the
 * billing exports among the inputs. Writes {@code DIR/provisional.json} (DESIGN.md contract) and
 * {@code DIR/slack.ndjson}, the messages a Slack channel would have received (posts, and updates in place).
 * A second run into the same DIR continues from its {@code provisional.json}: first detections and message ids
 * are kept, statuses move on.
 */
final class CostNowCommand {

    static final Set<String> SWITCHES = Set.of("--quiet");

    private CostNowCommand() {
    }

    /** What the inputs held. */
    record Inputs(List<String> events, List<EstimatedCharges.Point> points, List<CostReportCommand.Source> exports,
                  int badLines) {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        List<String> inputs = args.values("--input");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input PATH is required (CloudTrail events, EstimatedCharges metric "
                    + "stream lines, billing export directories)");
        }
        if (args.value("--out") == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Path outDir = Path.of(args.value("--out"));
        Instant asOf = asOf(args.value("--as-of"));
        Thresholds base = Thresholds.defaults();
        base = new Thresholds(dbl(args, "--min-impact", base.absoluteDollars()),
                dbl(args, "--min-percent", base.relativePercent()), dbl(args, "--z", base.zScore()));
        DetectionConfig config = DetectionConfig.defaults().withThresholds(base)
                .withOverrides(DetectionConfig.parseOverrides(args.value("--thresholds"), base));

        Inputs in = read(inputs);
        PriceBook prices = args.value("--prices") != null ? SavedPriceBook.fromDirectory(Path.of(args.value("--prices")))
                : new Memo(new PriceListApiPriceBook(AwsClients.pricing()));

        DetectionResult export = null;
        Instant exportAt = null;
        ExpectedSpend expected = ExpectedSpend.NONE;
        if (!in.exports().isEmpty()) {
            CostAggregator agg = new CostAggregator(new CostAggregator.Options(CostMetric.AMORTIZED, 500_000, 200_000,
                    null));
            ExportReader reader = new ExportReader(new ParquetExportDecoder());
            for (CostReportCommand.Source s : in.exports()) {
                reader.readFile(s.file(), agg, s.expected(), CsvExportReader.Progress.NONE);
                Instant m = Files.getLastModifiedTime(s.file()).toInstant();
                exportAt = exportAt == null || m.isAfter(exportAt) ? m : exportAt;
            }
            CostAggregate a = agg.result();
            CostReport report = CostReport.build("cost-now", a.facts(), new CostReport.Input(a.rows(), a.badRows(),
                    a.formats(), a.currencies(), a.hourly(), a.overflowResourceRows(), a.overflowTagRows(), List.of()),
                    CostMetric.AMORTIZED, config, List.of(), LocalDate.ofInstant(asOf, ZoneOffset.UTC), asOf);
            export = report.detection();
            expected = ExpectedSpend.fromFacts(a.facts());
        }

        Files.createDirectories(outDir);
        Path state = outDir.resolve("provisional.json");
        List<ProvisionalAnomaly> previous = Files.exists(state) ? ProvisionalJson.read(Files.readString(state))
                : List.of();
        FileSlack slack = new FileSlack(outDir.resolve("slack.ndjson"));
        String channel = args.value("--slack-channel") != null ? args.value("--slack-channel") : "#finops";
        CostNow.Outcome o = new CostNow(prices, config, expected, slack, channel)
                .run(previous, in.events(), in.points(), export, exportAt, asOf);
        Files.writeString(state, ProvisionalJson.array(o.anomalies()), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("provisional.html"),
                dev.vigil.core.cost.now.ProvisionalReport.html(o.anomalies()), StandardCharsets.UTF_8);
        Reconciler.Score sc = Reconciler.score(o.anomalies());
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("anomalies", o.anomalies().size());
        score.put("open", o.anomalies().size() - sc.reconciled());
        score.put("reconciled", sc.reconciled());
        score.put("confirmed", sc.confirmed());
        score.put("revised", sc.revised());
        score.put("retracted", sc.retracted());
        score.put("precision", Double.isNaN(sc.precision()) ? null : sc.precision());
        score.put("medianLeadTimeHours", Double.isNaN(sc.medianLeadTimeHours()) ? null : sc.medianLeadTimeHours());
        Files.writeString(outDir.resolve("provisional-score.json"), JsonTree.writePretty(score) + "\n",
                StandardCharsets.UTF_8);
        if (!args.has("--quiet")) {
            print(o, in, export, state, out);
        }
        for (String e : o.errors().stream().limit(5).toList()) {
            err.println("vigil cost-now: skipped a bad event: " + e);
        }
        return 0;
    }

    static Instant asOf(String v) {
        if (v == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--as-of must be an ISO-8601 instant or date, was " + v);
            }
        }
    }

    /**
     * Sorts the inputs: billing exports (data files and manifests, read as {@code vigil cost-report} reads them),
     * and JSON: an array of events, a CloudTrail log file ({@code {"Records":[…]}}), or JSON lines, each an
     * EventBridge CloudTrail event or a Metric Streams line. {@code .gz} files are decompressed.
     */
    static Inputs read(List<String> inputs) throws IOException {
        List<String> events = new ArrayList<>();
        List<EstimatedCharges.Point> points = new ArrayList<>();
        List<String> exportRoots = new ArrayList<>();
        int bad = 0;
        for (String in : inputs) {
            Path p = Path.of(in);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such file or directory: " + in);
            }
            List<Path> files;
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
                }
            } else {
                files = List.of(p);
            }
            boolean hasExport = false;
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (ExportManifest.isManifestKey(name) || ExportReader.isDataFile(name) && !isJson(name)) {
                    hasExport = true;
                    continue;
                }
                if (!isJson(name)) {
                    continue;
                }
                bad += sniff(readText(f), events, points);
            }
            if (hasExport) {
                exportRoots.add(in);
            }
        }
        List<CostReportCommand.Source> exports = exportRoots.isEmpty() ? List.of()
                : CostReportCommand.discover(exportRoots);
        if (events.isEmpty() && points.isEmpty() && exports.isEmpty()) {
            throw new IllegalArgumentException("no CloudTrail events, EstimatedCharges lines or billing exports in "
                    + inputs);
        }
        return new Inputs(events, points, exports, bad);
    }

    private static boolean isJson(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".ndjson") || n.endsWith(".jsonl") || n.endsWith(".json.gz")
                || n.endsWith(".ndjson.gz") || n.endsWith(".jsonl.gz");
    }

    private static String readText(Path f) throws IOException {
        try (InputStream raw = Files.newInputStream(f);
             InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Returns the number of lines that were neither an event nor a metric line. */
    static int sniff(String text, List<String> events, List<EstimatedCharges.Point> points) {
        String t = text.strip();
        int bad = 0;
        if (t.startsWith("[")) {
            for (Object o : (List<?>) JsonTree.parse(t)) {
                bad += one(JsonTree.write(o), events, points);
            }
            return bad;
        }
        if (t.startsWith("{") && t.indexOf('\n') < 0 || t.startsWith("{\"Records\"")) {
            Object o = JsonTree.parse(t);
            if (o instanceof Map<?, ?> m && m.get("Records") instanceof List<?> recs) {
                for (Object r : recs) {
                    events.add(JsonTree.write(r));
                }
                return 0;
            }
        }
        if (t.startsWith("{") && !t.contains("\n")) {
            return one(t, events, points);
        }
        // JSON lines; a pretty-printed single object spans lines: try the whole text first
        if (t.startsWith("{")) {
            try {
                Object whole = JsonTree.parse(t);
                if (whole instanceof Map) {
                    return one(t, events, points);
                }
            } catch (IllegalArgumentException notOneObject) {
                // lines, then
            }
        }
        for (String line : t.split("\n")) {
            if (!line.isBlank()) {
                bad += one(line.strip(), events, points);
            }
        }
        return bad;
    }

    private static int one(String json, List<String> events, List<EstimatedCharges.Point> points) {
        if (json.contains("\"metric_name\"")) {
            try {
                EstimatedCharges.Point p = EstimatedCharges.parseLine(json);
                if (p != null) {
                    points.add(p);
                }
                return 0;
            } catch (IllegalArgumentException e) {
                return 1;
            }
        }
        events.add(json);   // the CloudTrail reader says what is wrong with it, event by event
        return 0;
    }

    private static double dbl(Args args, String flag, double fallback) {
        String v = args.value(flag);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, was " + v);
        }
    }

    static void print(CostNow.Outcome o, Inputs in, DetectionResult export, Path state, PrintStream out) {
        out.printf(Locale.ROOT, "cost-now: %d CloudTrail events (%d spend changes, %d other, %d bad), %d "
                        + "EstimatedCharges points, %d export files%s%n", o.events(), o.changes(), o.ignored(),
                o.badEvents(), o.metricPoints(), in.exports().size(),
                export == null || export.firstDay() == null ? "" : " (" + export.firstDay() + " -> "
                        + export.lastCompleteDay() + ")");
        for (ProvisionalAnomaly a : o.anomalies()) {
            out.printf(Locale.ROOT, "  %-9s %s  %-17s %-14s %s  +$%,.2f/h  +$%,.0f/day  %s%s%n", a.status().code(),
                    a.detectedAt(), a.source().code(), a.service(), a.account(), a.estimatedHourlyCost(),
                    a.estimatedDailyImpact(), a.cause().stack() != null ? "stack " + a.cause().stack()
                            : a.cause().principal() != null ? a.cause().principal() : a.cause().resource(),
                    Double.isNaN(a.exportImpact()) ? "" : String.format(Locale.ROOT,
                            "  export +$%,.0f on %s vs +$%,.0f estimated, lead %.1f h", a.exportImpact(), a.date(),
                            a.source() == ProvisionalAnomaly.Source.CLOUDTRAIL ? a.estimatedImpactOnDate()
                                    : a.estimatedDailyImpact(), a.leadTimeHours()));
        }
        Reconciler.Score s = Reconciler.score(o.anomalies());
        if (s.reconciled() > 0) {
            out.printf(Locale.ROOT, "  reconciled %d: %d confirmed, %d revised, %d retracted; precision %.2f, median "
                            + "lead time %.1f h%n", s.reconciled(), s.confirmed(), s.revised(), s.retracted(),
                    s.precision(), s.medianLeadTimeHours());
        }
        out.printf("  slack: %d posted, %d updated in place%n", o.posted(), o.updated());
        out.println("  wrote " + state);
    }

    /** Each price asked once per run (the CLI's stand-in for the DynamoDB cache). */
    static final class Memo implements PriceBook {
        private final PriceBook inner;
        private final Map<String, Quote> seen = new HashMap<>();

        Memo(PriceBook inner) {
            this.inner = inner;
        }

        @Override
        public Quote quote(PriceKey key) {
            return seen.computeIfAbsent(key.cacheKey(), k -> inner.quote(key));
        }
    }

    /**
     * A Slack channel in a file: each post and update one JSON line ({@code op, channel, ts, text}). An update names
     * the ts of the post it replaces, as {@code chat.update} does.
     */
    static final class FileSlack implements SlackChat {
        private final Path file;
        private int next;

        FileSlack(Path file) throws IOException {
            this.file = file;
            this.next = Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
        }

        @Override
        public Posted post(String channel, String text, String blocksJson) {
            String ts = String.format(Locale.ROOT, "1700000000.%06d", ++next);
            append("post", channel, ts, text);
            return new Posted(channel, ts);
        }

        @Override
        public void update(String channel, String ts, String text, String blocksJson) {
            next++;
            append("update", channel, ts, text);
        }

        @Override
        public void respond(String responseUrl, String payloadJson) {
            throw new UnsupportedOperationException("no interactions in vigil cost-now");
        }

        @Override
        public Set<String> usergroupMembers(String usergroupId) {
            return Set.of();
        }

        private void append(String op, String channel, String ts, String text) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op);
            m.put("channel", channel);
            m.put("ts", ts);
            m.put("text", text);
            try {
                Files.writeString(file, JsonTree.write(m) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
