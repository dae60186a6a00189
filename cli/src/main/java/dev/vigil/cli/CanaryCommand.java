package dev.vigil.cli;

import dev.vigil.core.canary.CanaryConfig;
import dev.vigil.core.canary.CanaryJson;
import dev.vigil.core.canary.CanaryJudge;
import dev.vigil.core.canary.CanaryReport;
import dev.vigil.core.canary.CanaryScenarios;
import dev.vigil.core.canary.CanaryTarget;
import dev.vigil.core.canary.CanaryVerdict;
import dev.vigil.core.canary.CanaryWindow;
import dev.vigil.core.canary.MetricJudgement;
import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.core.metric.format.ParsedRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code vigil canary --input FILE... --function NAME --baseline VERSION --canary VERSION --out DIR [--alias NAME]
 * [--config FILE]}: judges the canary over the whole time range of the input (DESIGN.md contract). Also
 * {@code --simulate KIND [--seed S]} instead of {@code --input}: a generated scenario (docs/canary.md) written to
 * {@code DIR/input.ndjson} and judged the same way.
 *
 * <p>Exit code: 0 pass, 3 marginal, 4 fail (so a script can gate on it), 2 bad input.
 */
final class CanaryCommand {

    static final int EXIT_MARGINAL = 3;
    static final int EXIT_FAIL = 4;

    private CanaryCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String outDir = require(args, "--out");
        List<String> inputs = new ArrayList<>(args.values("--input"));
        String simulate = args.value("--simulate");
        CanaryTarget target;
        if (simulate != null) {
            CanaryScenarios.Kind kind;
            try {
                kind = CanaryScenarios.Kind.valueOf(simulate.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--simulate " + simulate + ": expected one of "
                        + java.util.Arrays.toString(CanaryScenarios.Kind.values()).toLowerCase(Locale.ROOT));
            }
            long seed = args.value("--seed") == null ? 1 : Long.parseLong(args.value("--seed"));
            CanaryScenarios.Scenario s = CanaryScenarios.generate(kind, seed);
            Files.createDirectories(Path.of(outDir));
            Path file = Path.of(outDir, "input.ndjson");
            writeNdjson(CanaryScenarios.datums(s, "123456789012", "us-east-1"), file);
            err.println("vigil canary: simulated " + s.description() + " -> " + file);
            inputs.add(file.toString());
            target = CanaryScenarios.TARGET;
        } else {
            target = new CanaryTarget(require(args, "--function"), args.value("--alias"), require(args, "--baseline"),
                    require(args, "--canary"));
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input FILE... is required (Metric Streams NDJSON)");
        }
        CanaryConfig cfg = CanaryConfig.forFunction(config(args.value("--config")), target.functionName());

        CanaryWindow window = new CanaryWindow(target);
        CloudWatchJsonFormat format = new CloudWatchJsonFormat();
        long datapoints = 0;
        long junk = 0;
        for (Path file : files(inputs)) {
            ParsedRecord r = format.parse(Files.readAllBytes(file));
            window.addAll(r.datums(), cfg.customMetrics());
            datapoints += r.datums().size();
            junk += r.junk().size();
            if (!r.junk().isEmpty()) {
                err.println("vigil canary: " + file + ": " + r.junk().size() + " line(s) not datapoints, first: line "
                        + r.junk().get(0).lineNumber() + ": " + r.junk().get(0).reason());
            }
        }
        if (datapoints == 0) {
            throw new IllegalArgumentException("no Metric Streams datapoints in the input" + (junk > 0 ? " (" + junk
                    + " junk lines)" : ""));
        }
        CanaryVerdict v = new CanaryJudge(cfg).judge(window);
        Path dir = Path.of(outDir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("verdict.json"), CanaryJson.write(v) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), CanaryReport.html(v, window), StandardCharsets.UTF_8);
        summary(v, datapoints, datapoints - window.ignored(), out);
        out.println("wrote " + dir.resolve("verdict.json") + " and " + dir.resolve("report.html"));
        return switch (v.result()) {
            case PASS -> 0;
            case MARGINAL -> EXIT_MARGINAL;
            case FAIL -> EXIT_FAIL;
        };
    }

    private static void summary(CanaryVerdict v, long datapoints, long used, PrintStream out) {
        CanaryTarget t = v.target();
        out.printf(Locale.ROOT, "canary %s%s: version %s vs %s -> %s, score %.1f%n", t.functionName(),
                t.alias() == null ? "" : ":" + t.alias(), t.canaryVersion(), t.baselineVersion(),
                v.result().label().toUpperCase(Locale.ROOT), v.score());
        out.println("  " + v.reason());
        out.printf(Locale.ROOT, "  %d datapoints read, %d for these two versions; canary share %s%n", datapoints,
                used, Double.isNaN(v.canaryShare()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%",
                        100 * v.canaryShare()));
        out.printf(Locale.ROOT, "  %-16s %-10s %-8s %12s %12s %9s %7s%n", "metric", "group", "class", "baseline",
                "canary", "p", "effect");
        for (MetricJudgement j : v.metrics()) {
            boolean rate = j.name().endsWith("Rate");
            out.printf(Locale.ROOT, "  %-16s %-10s %-8s %12s %12s %9s %7s%s%n", j.name(), j.group(),
                    j.classification().label(), fmt(j.baseline(), rate), fmt(j.canary(), rate),
                    Double.isNaN(j.pValue()) ? "-" : j.pValue() < 0.0001 ? "<0.0001"
                            : String.format(Locale.ROOT, "%.4f", j.pValue()),
                    Double.isFinite(j.effectSize()) ? String.format(Locale.ROOT, "%.2fx", j.effectSize()) : "-",
                    j.failed() ? "  <- regression" : "");
        }
    }

    private static String fmt(double v, boolean rate) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return rate ? String.format(Locale.ROOT, "%.3f%%", 100 * v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static ConfigTree config(String file) throws IOException {
        Path p;
        if (file != null) {
            p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--config " + file + ": no such file");
            }
        } else {
            p = Path.of(System.getProperty("vigil.home", "."), "config", "vigil.yaml");
            if (!Files.isRegularFile(p)) {
                return ConfigTree.empty();
            }
        }
        return ConfigTree.parse(Files.readString(p), p.toString());
    }

    private static List<Path> files(List<String> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String in : inputs) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("--input " + in + ": no such file or directory");
            }
        }
        return out;
    }

    private static String require(Args args, String flag) {
        String v = args.value(flag);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(flag + " is required");
        }
        return v;
    }

    /** Metric Streams JSON lines, as the stream writes them. */
    static void writeNdjson(List<MetricDatum> data, Path file) throws IOException {
        StringBuilder b = new StringBuilder(data.size() * 300);
        for (MetricDatum d : data) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric_stream_name", "vigil-canary-sample");
            m.put("account_id", d.series().accountId());
            m.put("region", d.series().region());
            m.put("namespace", d.series().namespace());
            m.put("metric_name", d.series().metricName());
            m.put("dimensions", new LinkedHashMap<>(d.series().dimensions()));
            m.put("timestamp", d.timestamp());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("max", round(d.value().max()));
            v.put("min", round(d.value().min()));
            v.put("sum", round(d.value().sum()));
            v.put("count", round(d.value().count()));
            for (Map.Entry<String, Double> e : new java.util.TreeMap<>(d.value().extra()).entrySet()) {
                v.put(e.getKey(), round(e.getValue()));
            }
            m.put("value", v);
            m.put("unit", d.unit());
            b.append(JsonTree.write(m)).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
