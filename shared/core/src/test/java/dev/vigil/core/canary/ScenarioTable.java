package dev.vigil.core.canary;

import dev.vigil.core.canary.CanaryScenarios.Kind;
import dev.vigil.core.canary.CanaryScenarios.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The judge over many generated scenarios: counts of pass / marginal / fail per kind. The seeds are split: tuning
 * happened on {@link #TUNING} only; {@link #HELD_OUT} is what docs/canary.md reports beside it.
 * Run {@code main} to print both tables.
 */
final class ScenarioTable {

    static final long[] TUNING = seeds(1, 200);
    static final long[] HELD_OUT = seeds(10_001, 400);

    final Map<Kind, int[]> counts = new EnumMap<>(Kind.class);
    final List<String> misses = new ArrayList<>();

    static long[] seeds(long from, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = from + i;
        }
        return s;
    }

    static ScenarioTable run(long[] seeds, CanaryConfig cfg) {
        ScenarioTable t = new ScenarioTable();
        CanaryJudge judge = new CanaryJudge(cfg);
        for (Kind k : Kind.values()) {
            int[] c = t.counts.computeIfAbsent(k, x -> new int[3]);
            for (long seed : seeds) {
                Scenario s = CanaryScenarios.generate(k, seed);
                CanaryVerdict v = judge.judge(s.window());
                c[v.result().ordinal()]++;
                boolean miss = k == Kind.LOW_SHARE ? false : k.regression() ? v.result() != CanaryResult.FAIL
                        : k.healthy() ? v.result() != CanaryResult.PASS : v.result() == CanaryResult.PASS;
                if (miss && t.misses.size() < 40) {
                    t.misses.add(s.description() + " => " + v.result().label() + " " + v.score() + ": "
                            + v.reason());
                }
            }
        }
        return t;
    }

    double share(Kind k, CanaryResult r) {
        int[] c = counts.get(k);
        return (double) c[r.ordinal()] / (c[0] + c[1] + c[2]);
    }

    String render(String title) {
        StringBuilder b = new StringBuilder("| " + title + " | n | pass | marginal | fail |\n|---|---|---|---|---|\n");
        for (Map.Entry<Kind, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            int n = c[0] + c[1] + c[2];
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% |%n", e.getKey(), n,
                    100.0 * c[0] / n, 100.0 * c[1] / n, 100.0 * c[2] / n));
        }
        return b.toString();
    }

    public static void main(String[] args) {
        CanaryConfig cfg = CanaryConfig.defaults();
        if (args.length > 0) {
            cfg = cfg.with(dev.vigil.core.config.ConfigTree.parse(args[0], "args"));
        }
        for (long[] seeds : new long[][] {TUNING, HELD_OUT}) {
            ScenarioTable t = run(seeds, cfg);
            System.out.println(t.render(seeds == TUNING ? "tuning seeds 1-200" : "held-out seeds 10001-10400"));
            t.misses.forEach(m -> System.out.println("  miss: " + m));
        }
    }
}
