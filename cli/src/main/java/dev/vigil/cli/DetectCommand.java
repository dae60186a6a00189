package dev.vigil.cli;

import dev.vigil.core.detect.Detector;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.detect.NoveltyDetectorConfig;
import dev.vigil.core.detect.SeriesDetector;
import dev.vigil.core.detect.Verdict;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code vigil detect --input series.csv [--config FILE] [--stats]}: scores one series online and writes NAB-style
 * CSV, {@code timestamp,value,anomaly_score,alert}, one row per input row. {@code alert} is the production decision
 * (the verdict is {@code Anomalous}). {@code --config} overrides detector knobs from a properties file (see
 * {@code docs/detector.md}); {@code --stats} prints one summary line on stderr: rows, alerts, drift events, state
 * bytes, throughput.
 */
final class DetectCommand {

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private DetectCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String input = args.value("--input");
        String configFile = args.value("--config");
        NoveltyDetectorConfig config = NoveltyDetectorConfig.defaults();
        if (configFile != null) {
            try (Reader r = Files.newBufferedReader(Path.of(configFile), StandardCharsets.UTF_8)) {
                config = NoveltyDetectorConfig.fromProperties(r);
            }
        }
        Detector detector = Detectors.standard(config);
        boolean stats = args.has("--stats");
        boolean explain = args.has("--explain");
        long started = System.nanoTime();
        long rows = 0;
        long scored = 0;
        long alerts = 0;
        try (Reader r = input == null || input.equals("-")
                ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(r, 1 << 16);
             BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            SeriesDetector series = detector.newSeries();
            w.write(explain ? "timestamp,value,anomaly_score,alert,reason,expected,lower,upper\n"
                    : "timestamp,value,anomaly_score,alert\n");
            String line;
            int lineNo = 0;
            long last = Long.MIN_VALUE;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    err.println("vigil detect: line " + lineNo + ": expected timestamp,value");
                    return 2;
                }
                String ts = line.substring(0, comma).trim();
                String rawValue = line.substring(comma + 1).trim();
                if (lineNo == 1 && ts.equalsIgnoreCase("timestamp")) {
                    continue;
                }
                long millis;
                double value;
                try {
                    millis = parseTime(ts);
                    value = Double.parseDouble(rawValue);
                } catch (DateTimeParseException | NumberFormatException e) {
                    err.println("vigil detect: line " + lineNo + ": " + e.getMessage());
                    return 2;
                }
                double score = 0;
                boolean alert = false;
                Verdict v = null;
                // Online: each row is scored before the detector learns it; equal or older times are not re-learned.
                if (Double.isFinite(value) && millis > last) {
                    v = series.observe(millis, value);
                    score = v.score();
                    alert = v instanceof Verdict.Anomalous;
                    last = millis;
                    scored++;
                    if (alert) {
                        alerts++;
                    }
                }
                rows++;
                w.write(ts);
                w.write(',');
                w.write(rawValue);
                w.write(',');
                w.write(Double.toString(score));
                w.write(alert ? ",1" : ",0");
                if (explain) {
                    writeExplanation(w, v);
                }
                w.write('\n');
            }
            w.flush();
            if (stats) {
                double seconds = (System.nanoTime() - started) / 1e9;
                err.printf(java.util.Locale.ROOT,
                        "vigil detect: rows=%d scored=%d alerts=%d drifts=%d state_bytes=%d seconds=%.3f rows_per_s=%.0f%n",
                        rows, scored, alerts, series.drifts(), series.snapshot().length, seconds,
                        rows / Math.max(seconds, 1e-9));
            }
        }
        return 0;
    }

    /** {@code --explain}: reason,expected,lower,upper of the verdict (empty while learning). */
    private static void writeExplanation(BufferedWriter w, Verdict v) throws IOException {
        dev.vigil.core.detect.Explanation e = v instanceof Verdict.Normal n ? n.explanation()
                : v instanceof Verdict.Anomalous a ? a.explanation() : null;
        if (e == null) {
            w.write(",,,,");
            return;
        }
        w.write(',');
        w.write(e.reason().code());
        w.write(',');
        w.write(Double.toString(e.expected()));
        w.write(',');
        w.write(Double.toString(e.lower()));
        w.write(',');
        w.write(Double.toString(e.upper()));
    }

    static long parseTime(String s) {
        if (s.chars().allMatch(Character::isDigit)) {
            long v = Long.parseLong(s);
            return v < 100_000_000_000L ? v * 1000 : v;   // epoch seconds or milliseconds
        }
        if (s.length() == 19 && s.charAt(10) == ' ') {
            return LocalDateTime.parse(s, NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (s.length() == 19 && s.charAt(10) == 'T') {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    }
}
