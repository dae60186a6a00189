package dev.vigil.cli;

import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.ExportFormat;
import dev.vigil.core.cost.detect.AnomalyKind;
import dev.vigil.core.cost.detect.Contributor;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.ExpectedMark;
import dev.vigil.core.cost.detect.ExpectedMarksJson;
import dev.vigil.core.cost.detect.MonthEndForecast;
import dev.vigil.core.cost.detect.Thresholds;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.cost.report.ReportFiles;
import dev.vigil.parquet.ParquetExportDecoder;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code vigil cost-report --input PATH… --out DIR}: billing exports (legacy CUR, CUR 2.0, FOCUS; CSV, CSV.gz,
 * Parquet; a file, a directory, or a Data Exports / CUR tree with manifests) through the same reader, detector and
 * renderers as the functions, writing anomalies.json, anomalies.csv, daily_costs.csv and report.html.
 */
final class CostReportCommand {

    static final Set<String> SWITCHES = Set.of("--progress", "--no-progress", "--quiet");

    private CostReportCommand() {
    }

    /** What one run produced (the demo prints it its own way). */
    record Outcome(CostReport report, Map<String, Path> files, long rows, long bytes, double seconds) {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        List<String> inputs = args.values("--input");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input PATH is required (an export file, or a directory of them)");
        }
        if (args.value("--out") == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Path outDir = Path.of(args.value("--out"));
        boolean progress = args.has("--progress") || (!args.has("--no-progress") && stderrIsTerminal());
        Outcome o;
        try {
            o = execute(args, inputs, outDir, progress ? err : null);
        } catch (dev.vigil.core.cost.read.NotABillingExportException e) {
            throw new IllegalArgumentException(e.getMessage(), e);   // a clear one-line error, exit code 2
        }
        if (!args.has("--quiet")) {
            print(o, out);
        }
        return 0;
    }

    static Outcome execute(Args args, List<String> inputs, Path outDir, PrintStream progressOut) throws IOException {
        CostMetric metric = args.value("--metric") == null ? CostMetric.AMORTIZED : CostMetric.parse(args.value("--metric"));
        Thresholds base = Thresholds.defaults();
        base = new Thresholds(dbl(args, "--min-impact", base.absoluteDollars()),
                dbl(args, "--min-percent", base.relativePercent()), dbl(args, "--z", base.zScore()));
        DetectionConfig config = DetectionConfig.defaults().withThresholds(base)
                .withOverrides(DetectionConfig.parseOverrides(args.value("--thresholds"), base));
        LocalDate asOf = args.value("--as-of") == null ? LocalDate.now(ZoneOffset.UTC)
                : LocalDate.parse(args.value("--as-of"));
        Set<String> tagKeys = args.value("--tag-keys") == null ? null
                : new HashSet<>(Arrays.asList(args.value("--tag-keys").split(",")));

        Files.createDirectories(outDir);
        Path feedbackFile = args.value("--feedback") != null ? Path.of(args.value("--feedback"))
                : outDir.resolve("feedback.json");
        List<ExpectedMark> marks = new ArrayList<>();
        if (Files.exists(feedbackFile)) {
            marks.addAll(ExpectedMarksJson.read(Files.readString(feedbackFile)));
        }
        List<String> newMarks = args.values("--mark-expected");
        if (!newMarks.isEmpty()) {
            Set<String> have = marks.stream().map(ExpectedMark::anomalyId).collect(Collectors.toSet());
            for (String id : newMarks) {
                if (have.add(id)) {
                    marks.add(ExpectedMark.of(id, Double.NaN, System.getProperty("user.name"), "marked with the CLI"));
                }
            }
            Files.writeString(feedbackFile, ExpectedMarksJson.write(marks), StandardCharsets.UTF_8);
        }

        List<Source> sources = discover(inputs);
        long totalBytes = 0;
        for (Source s : sources) {
            totalBytes += Files.size(s.file);
        }
        CostAggregator agg = new CostAggregator(new CostAggregator.Options(metric, 500_000, 200_000, tagKeys));
        ExportReader reader = new ExportReader(new ParquetExportDecoder());
        AtomicLong consumed = new AtomicLong();
        ProgressLine line = progressOut == null ? null : new ProgressLine(progressOut, totalBytes);
        long t0 = System.nanoTime();
        long rowsBefore = 0;
        for (Source s : sources) {
            long base0 = consumed.get();
            final long rowsOffset = rowsBefore;
            CsvExportReader.Progress p = line == null ? CsvExportReader.Progress.NONE
                    : (bytes, rows) -> line.update(consumed.get(), rowsOffset + rows);
            if (ExportReader.isParquet(s.file.getFileName().toString())) {
                long size = Files.size(s.file);
                CsvExportReader.Progress pp = line == null ? CsvExportReader.Progress.NONE
                        : (bytes, rows) -> {
                            consumed.set(base0 + Math.min(bytes, size));
                            line.update(consumed.get(), rowsOffset + rows);
                        };
                reader.readParquet(ExportReader.localFile(s.file), s.file.toString(), agg, s.expected, pp);
                consumed.set(base0 + size);
            } else {
                try (InputStream in = new Counting(Files.newInputStream(s.file), consumed)) {
                    reader.readCsv(in, s.file.toString(), agg, s.expected, p);
                }
            }
            rowsBefore = agg.rows() + agg.badRows().count();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (line != null) {
            line.done(agg.rows(), seconds);
        }
        CostAggregate a = agg.result();
        CostReport.Input input = new CostReport.Input(a.rows(), a.badRows(), a.formats(), a.currencies(), a.hourly(),
                a.overflowResourceRows(), a.overflowTagRows(),
                sources.stream().map(s -> s.file.toString()).collect(Collectors.toList()));
        String name = args.value("--name") != null ? args.value("--name") : String.join(", ", inputs);
        CostReport report = CostReport.build(name, a.facts(), input, metric, config, marks, asOf, Instant.now());
        Map<String, Path> written = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : ReportFiles.render(report).entrySet()) {
            Path p = outDir.resolve(f.getKey());
            Files.write(p, f.getValue());
            written.put(f.getKey(), p);
        }
        if (Files.exists(feedbackFile)) {
            written.put("feedback.json", feedbackFile);
        }
        return new Outcome(report, written, a.rows(), totalBytes, seconds);
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

    /** A data file to read, with the dialect its manifest announced (null: the header decides). */
    record Source(Path file, ExportFormat expected) {
    }

    /**
     * Files to read: manifests found under a directory select their data files (the newest manifest of each
     * export and period, so a rewritten period is read once); without manifests, every export data file.
     */
    static List<Source> discover(List<String> inputs) throws IOException {
        List<Source> out = new ArrayList<>();
        for (String in : inputs) {
            Path p = Path.of(in);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such file or directory: " + in);
            }
            if (Files.isRegularFile(p)) {
                if (ExportManifest.isManifestKey(p.getFileName().toString())) {
                    out.addAll(fromManifest(p, p.getParent()));
                } else {
                    out.add(new Source(p, null));
                }
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(p)) {
                files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            List<Path> manifests = files.stream().filter(f -> ExportManifest.isManifestKey(f.getFileName().toString()))
                    .collect(Collectors.toList());
            if (manifests.isEmpty()) {
                for (Path f : files) {
                    if (ExportReader.isDataFile(f.getFileName().toString())) {
                        out.add(new Source(f, null));
                    }
                }
                continue;
            }
            Map<String, Path> newest = new LinkedHashMap<>();
            Map<String, ExportManifest> parsed = new LinkedHashMap<>();
            for (Path m : manifests) {
                ExportManifest em = ExportManifest.parse(Files.readString(m), null, p.relativize(m).toString());
                String key = em.exportId() + "|" + em.period();
                Path prev = newest.get(key);
                if (prev == null || Files.getLastModifiedTime(m).compareTo(Files.getLastModifiedTime(prev)) > 0) {
                    newest.put(key, m);
                    parsed.put(key, em);
                }
            }
            for (Map.Entry<String, Path> e : newest.entrySet()) {
                out.addAll(resolve(parsed.get(e.getKey()), p, files));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no billing export files (.csv, .csv.gz, .csv.zip, .parquet) under "
                    + inputs);
        }
        return out;
    }

    private static List<Source> fromManifest(Path manifest, Path root) throws IOException {
        ExportManifest em = ExportManifest.parse(Files.readString(manifest), null, manifest.getFileName().toString());
        List<Path> files;
        Path base = root;
        // walk up to the export's root so that the manifest's keys can be matched by their tails
        for (int i = 0; i < 4 && base.getParent() != null; i++) {
            base = base.getParent();
        }
        try (Stream<Path> s = Files.walk(base, 8)) {
            files = s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        return resolve(em, base, files);
    }

    /** Data keys are bucket keys; locally, the file whose path ends with the longest tail of the key. */
    private static List<Source> resolve(ExportManifest m, Path root, List<Path> files) {
        List<Source> out = new ArrayList<>();
        for (String key : m.dataKeys()) {
            Path best = null;
            int bestLen = 0;
            for (Path f : files) {
                String rel = f.toString().replace('\\', '/');
                String[] parts = key.split("/");
                for (int k = 0; k < parts.length; k++) {
                    String tail = String.join("/", Arrays.copyOfRange(parts, k, parts.length));
                    if (rel.endsWith("/" + tail) || rel.equals(tail)) {
                        if (tail.length() > bestLen) {
                            best = f;
                            bestLen = tail.length();
                        }
                        break;
                    }
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("manifest " + m.key() + " names " + key
                        + ", which is not under " + root);
            }
            out.add(new Source(best, m.schema() == null ? null : m.schema().format()));
        }
        return out;
    }

    static void print(Outcome o, PrintStream out) {
        CostReport r = o.report();
        String cur = r.input().currency();
        out.printf(Locale.ROOT, "cost-report: %,d rows from %d file%s (%s) in %.2f s, %.1f MB/s; %,d bad rows%n",
                o.rows(), r.input().files().size(), r.input().files().size() == 1 ? "" : "s",
                String.join(", ", new java.util.LinkedHashSet<>(r.input().formats())), o.seconds(),
                o.seconds() > 0 ? o.bytes() / 1e6 / o.seconds() : 0, r.input().badRows().count());
        if (r.input().badRows().count() > 0) {
            r.input().badRows().byReason().forEach((k, v) -> out.printf("  bad rows: %s: %d%n", k, v));
            r.input().badRows().samples().stream().limit(5)
                    .forEach(s -> out.printf("    %s:%d %s%n", s.file(), s.line(), s.reason()));
        }
        if (r.detection().firstDay() == null) {
            out.println("  no usage to analyse");
        } else {
            out.printf(Locale.ROOT, "  %s -> %s (%d complete days)%s, %s cost in %s%n", r.detection().firstDay(),
                    r.detection().lastCompleteDay(), r.detection().days(),
                    r.incompleteFrom() == null ? "" : "; " + r.incompleteFrom() + " onwards incomplete, not scored",
                    r.metric().name().toLowerCase(Locale.ROOT), cur);
        }
        List<CostAnomaly> shown = r.detection().anomalies();
        long alerts = shown.stream().filter(a -> !a.suppressed() && a.kind() != AnomalyKind.NEW_SPEND).count();
        long fresh = shown.stream().filter(a -> !a.suppressed() && a.kind() == AnomalyKind.NEW_SPEND).count();
        long supp = shown.stream().filter(CostAnomaly::suppressed).count();
        out.printf("  anomalies: %d, new spend: %d, marked expected: %d%n", alerts, fresh, supp);
        for (CostAnomaly a : shown.stream().sorted(Comparator.comparing(CostAnomaly::date)).toList()) {
            Contributor top = a.contributors().isEmpty() ? null : a.contributors().get(0);
            out.printf(Locale.ROOT, "    %s  %-11s %-56s %s%s%s%n", a.date(), a.kind().code(),
                    trim(a.scope().label(), 56), money(a.impact(), cur),
                    a.kind() == AnomalyKind.NEW_SPEND ? "" : String.format(Locale.ROOT, " (%+.0f%%)", a.impactPercent()),
                    (a.suppressed() ? "  [marked expected]" : "")
                            + (top == null ? "" : String.format(Locale.ROOT, "  top: %s %s %.0f%%",
                            top.dimension().code().replace('_', ' '), trim(top.key(), 32), top.share() * 100)));
            if (!a.suppressed()) {
                out.println("                 id " + a.id());
            }
        }
        MonthEndForecast.Line t = r.forecast() == null ? null : r.forecast().total();
        if (t != null) {
            out.printf(Locale.ROOT, "  month %s: %s to date%s%n", r.forecast().month(), amount(t.monthToDate(), cur),
                    t.daysRemaining() == 0 ? " (complete)" : String.format(Locale.ROOT,
                            ", forecast %s (90%%: %s - %s)", amount(t.forecast(), cur), amount(t.low(), cur),
                            amount(t.high(), cur)));
        }
        out.println("  wrote " + o.files().values().stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    private static String money(double v, String cur) {
        String sym = cur.equals("USD") ? "$" : cur + " ";
        return (v < 0 ? "-" : "+") + sym + String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%,.2f",
                Math.abs(v));
    }

    private static String amount(double v, String cur) {
        return money(v, cur).substring(v < 0 ? 0 : 1);
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Whether stderr is a terminal (Linux: fd 2 is a tty device; elsewhere, a console is attached). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Counts bytes read from the (compressed) files: the basis of MB/s and the ETA. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong counter;

        Counting(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counter.addAndGet(n);
            }
            return n;
        }
    }

    /** "rows 1,234,567 · 95.3 MB/s · 412/1,024 MB · ETA 0:06", rewritten in place at most 4 times a second. */
    static final class ProgressLine {
        private final PrintStream err;
        private final long total;
        private final long t0 = System.nanoTime();
        private long lastPrint;

        ProgressLine(PrintStream err, long total) {
            this.err = err;
            this.total = total;
        }

        void update(long bytes, long rows) {
            long now = System.nanoTime();
            if (now - lastPrint < 250_000_000L) {
                return;
            }
            lastPrint = now;
            double s = (now - t0) / 1e9;
            double rate = s > 0 ? bytes / s : 0;
            long eta = rate > 0 ? (long) ((total - bytes) / rate) : -1;
            err.printf(Locale.ROOT, "\r  rows %,d · %.1f MB/s · %,d/%,d MB · ETA %s   ", rows, rate / 1e6,
                    bytes / 1_000_000, total / 1_000_000, eta < 0 ? "?" : String.format("%d:%02d", eta / 60, eta % 60));
            err.flush();
        }

        void done(long rows, double seconds) {
            err.printf(Locale.ROOT, "\r  rows %,d · %.1f MB/s · %,d MB in %.1f s%s%n", rows,
                    seconds > 0 ? total / 1e6 / seconds : 0, total / 1_000_000, seconds, " ".repeat(20));
        }
    }

    static List<CostFact> facts(Outcome o) {
        return o.report().facts();
    }
}
