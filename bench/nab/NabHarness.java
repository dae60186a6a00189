import dev.vigil.core.detect.NoveltyDetector;
import dev.vigil.core.detect.NoveltyDetectorConfig;
import dev.vigil.core.detect.SeriesDetector;
import dev.vigil.core.detect.Verdict;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Benchmark harness (not a test): runs NoveltyDetector with several candidate configurations over every series of
 * a NAB directory in one JVM, and writes NAB's results layout for each, with the detector's score and its
 * production decision (alert 0/1):  OUT/<config>/<category>/vigil_<file>.csv  timestamp,value,anomaly_score,alert
 *
 *   java -cp shared/core/target/classes bench/nab/NabHarness.java NAB_DIR OUT CONFIGS [threads]
 *
 * CONFIGS has one candidate a line: a name, then knob=value overrides of the defaults ("base" alone = defaults).
 * Rows are fed as `vigil detect` feeds them: each row scored before it is learned, equal or older times skipped.
 * bench/nab/loco.py drives this and scores the output.
 */
public class NabHarness {
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    record Series(String category, String file, String[] ts, String[] raw, long[] t, double[] x) { }

    public static void main(String[] a) throws Exception {
        Path nab = Path.of(a[0], "data");
        Path out = Path.of(a[1]);
        int threads = a.length > 3 ? Integer.parseInt(a[3]) : 2;
        List<Series> series = new ArrayList<>();
        try (Stream<Path> s = Files.walk(nab)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                series.add(read(p));
            }
        }
        List<String[]> configs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a[2]))) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            configs.add(line.split("\\s+"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> jobs = new ArrayList<>();
        long started = System.nanoTime();
        for (String[] c : configs) {
            Properties p = new Properties();
            for (int i = 1; i < c.length; i++) {
                int eq = c[i].indexOf('=');
                p.setProperty(c[i].substring(0, eq), c[i].substring(eq + 1));
            }
            NoveltyDetectorConfig cfg = NoveltyDetectorConfig.defaults().with(p);
            NoveltyDetector det = new NoveltyDetector(cfg);
            for (Series s : series) {
                jobs.add(pool.submit(() -> {
                    run(det, s, out.resolve(c[0]).resolve(s.category()).resolve("vigil_" + s.file()));
                    return null;
                }));
            }
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        System.err.printf("harness: %d configs x %d series in %.1f s%n", configs.size(), series.size(),
                (System.nanoTime() - started) / 1e9);
    }

    static Series read(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        int n = lines.size() - 1;
        String[] ts = new String[n];
        String[] raw = new String[n];
        long[] t = new long[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            String line = lines.get(i + 1);
            int comma = line.indexOf(',');
            ts[i] = line.substring(0, comma).trim();
            raw[i] = line.substring(comma + 1).trim();
            t[i] = LocalDateTime.parse(ts[i], NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            x[i] = Double.parseDouble(raw[i]);
        }
        return new Series(p.getParent().getFileName().toString(), p.getFileName().toString(), ts, raw, t, x);
    }

    static void run(NoveltyDetector det, Series s, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        SeriesDetector d = det.newSeries();
        long last = Long.MIN_VALUE;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("timestamp,value,anomaly_score,alert,reason\n");
            for (int i = 0; i < s.t().length; i++) {
                double score = 0;
                boolean alert = false;
                String reason = "";
                if (Double.isFinite(s.x()[i]) && s.t()[i] > last) {
                    Verdict v = d.observe(s.t()[i], s.x()[i]);
                    score = v.score();
                    alert = v instanceof Verdict.Anomalous;
                    reason = v instanceof Verdict.Anomalous an ? an.explanation().reason().code()
                            : v instanceof Verdict.Normal nn ? nn.explanation().reason().code() : "";
                    last = s.t()[i];
                }
                w.write(s.ts()[i]);
                w.write(',');
                w.write(s.raw()[i]);
                w.write(',');
                w.write(Double.toString(score));
                w.write(alert ? ",1," : ",0,");
                w.write(reason);
                w.write('\n');
            }
        }
    }
}
