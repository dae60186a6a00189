package dev.vigil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code vigil synth --series N --minutes M [--out FILE] [--seed S]}: a seeded, realistic Metric Streams NDJSON for
 * load tests and benchmarks: N series (Lambda Duration / Invocations, ALB RequestCount / TargetResponseTime, EC2
 * CPUUtilization) over M minutes, daily seasonality, noise, and a few spikes.
 */
final class SynthCommand {

    private static final long T0 = 1_793_577_600_000L;   // 2026-11-02T00:00Z

    private SynthCommand() {
    }

    static int run(Args args, PrintStream out) throws IOException {
        int series = Integer.parseInt(args.value("--series") == null ? "2000" : args.value("--series"));
        int minutes = Integer.parseInt(args.value("--minutes") == null ? "300" : args.value("--minutes"));
        long seed = Long.parseLong(args.value("--seed") == null ? "42" : args.value("--seed"));
        String outFile = args.value("--out");
        try (Writer w = outFile == null
                ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)
                : Files.newBufferedWriter(Path.of(outFile), StandardCharsets.UTF_8)) {
            write(w, series, minutes, seed);
        }
        return 0;
    }

    static void write(Writer w, int series, int minutes, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[][] kinds = {
            {"AWS/Lambda", "Duration", "FunctionName", "Milliseconds"},
            {"AWS/Lambda", "Invocations", "FunctionName", "Count"},
            {"AWS/ApplicationELB", "RequestCount", "LoadBalancer", "Count"},
            {"AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "Seconds"},
            {"AWS/EC2", "CPUUtilization", "InstanceId", "Percent"},
        };
        double[] base = new double[series];
        for (int s = 0; s < series; s++) {
            base[s] = 10 + rnd.nextDouble() * 500;
        }
        StringBuilder b = new StringBuilder(320);
        for (int m = 0; m < minutes; m++) {
            long ts = T0 + m * 60_000L;
            double daily = 1 + 0.5 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0);
            for (int s = 0; s < series; s++) {
                String[] k = kinds[s % kinds.length];
                double v = base[s] * daily * (1 + 0.05 * rnd.nextGaussian());
                if (rnd.nextInt(20_000) == 0) {
                    v *= 8;   // a rare spike
                }
                double count = k[3].equals("Count") ? Math.max(1, Math.round(v)) : 1 + rnd.nextInt(60);
                double sum = k[3].equals("Count") ? count : v * count;
                b.setLength(0);
                b.append("{\"metric_stream_name\":\"vigil-synth\",\"account_id\":\"123456789012\",")
                        .append("\"region\":\"us-east-1\",\"namespace\":\"").append(k[0])
                        .append("\",\"metric_name\":\"").append(k[1]).append("\",\"dimensions\":{\"").append(k[2])
                        .append("\":\"res-").append(s).append("\"},\"timestamp\":").append(ts)
                        .append(",\"value\":{\"max\":").append(fmt(v * 1.2)).append(",\"min\":")
                        .append(fmt(v * 0.8)).append(",\"sum\":").append(fmt(sum)).append(",\"count\":")
                        .append(fmt(count)).append("},\"unit\":\"").append(k[3]).append("\"}\n");
                w.write(b.toString());
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
