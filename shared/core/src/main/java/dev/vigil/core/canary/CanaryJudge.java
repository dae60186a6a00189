package dev.vigil.core.canary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The canary judge: the new version against the old one, over the same minutes, on the same traffic mix.
 *
 * <h2>Per metric</h2>
 * <ul>
 *   <li><b>Rates</b> ({@code Errors} per invocation, {@code Throttles} per request) are compared as rates, pooled
 *   over the window, so a canary with 10% of the traffic weighs 10% of the evidence and no more: a pooled
 *   two-proportion z-test, {@code z = (pC − pB) / √(φ·p̄(1−p̄)(1/nB + 1/nC))}. Errors come in bursts, so the binomial
 *   variance is scaled by the dispersion {@code φ ≥ 1} seen within the window (Pearson χ² of the minutes against
 *   each version's own rate, over its degrees of freedom: the quasi-binomial correction). A rate is {@code High}
 *   when it is significantly higher <i>and</i> above the allowed rate {@code max(pB·maxRatio, pB + absTolerance)};
 *   it passes only when its upper confidence bound (Poisson, on the dispersion-scaled counts) is within the allowed
 *   rate. Between the two it is {@code NoData}: too little canary traffic to tell, never a pass.</li>
 *   <li><b>Latency</b> ({@code Duration} mean per minute and each streamed percentile) and custom metrics: the
 *   Mann–Whitney U test on the per-minute values (no normality assumed; robust to a noisy minute), and the effect
 *   size canary median / baseline median. {@code High} needs both {@code p < alpha} and a ratio above
 *   {@code maxRatio}; a ratio above it that is not significant is {@code NoData}.</li>
 *   <li><b>Traffic</b> ({@code Invocations}): fewer canary invocations than {@code minCanaryInvocations}, or fewer
 *   minutes than {@code minMinutes}, is {@code NoData}, and the run cannot pass.</li>
 * </ul>
 * Direction matters: for errors and latency, {@code Low} (better) is fine.
 *
 * <h2>The run</h2>
 * Each group's score is the share of its decided metrics that did not regress; the run's score (0–100) is the
 * weighted mean over groups with a decided metric and a weight. It fails on a regression in a critical group or a
 * score below {@code marginalScore}; it passes at {@code passScore} or more when nothing blocks (no traffic, an
 * undecided error rate or a latency that looks worse but is not yet proven); otherwise it is marginal.
 */
public final class CanaryJudge {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private final CanaryConfig cfg;

    public CanaryJudge(CanaryConfig cfg) {
        this.cfg = cfg;
    }

    public CanaryVerdict judge(CanaryWindow w) {
        return judge(w, Map.of());
    }

    /** @param learned the baseline version's learned behaviour by metric name ({@code Duration}, {@code p99}…) */
    public CanaryVerdict judge(CanaryWindow w, Map<String, LearnedBaseline> learned) {
        List<MinuteStats> b = new ArrayList<>(w.baseline().values());
        List<MinuteStats> c = new ArrayList<>(w.canary().values());
        double nB = sum(b, MinuteStats::invocations);
        double nC = sum(c, MinuteStats::invocations);
        List<MetricJudgement> out = new ArrayList<>();
        List<String> blockers = new ArrayList<>();

        // Traffic gate.
        long minutesC = c.stream().filter(m -> m.invocations() > 0).count();
        long minutesB = b.stream().filter(m -> m.invocations() > 0).count();
        double share = nB + nC > 0 ? nC / (nB + nC) : Double.NaN;
        MetricJudgement traffic;
        if (nC < cfg.minCanaryInvocations() || minutesC < cfg.minMinutes()) {
            traffic = new MetricJudgement("Invocations", CanaryConfig.THROUGHPUT, Classification.NODATA,
                    Direction.EITHER, nB, nC, Double.NaN, Double.NaN, String.format(Locale.ROOT,
                    "too little canary traffic: %s invocations over %d minutes (needs %s over %d)", num(nC),
                    minutesC, num(cfg.minCanaryInvocations()), cfg.minMinutes()));
            blockers.add(traffic.reason());
        } else {
            traffic = new MetricJudgement("Invocations", CanaryConfig.THROUGHPUT, Classification.PASS,
                    Direction.EITHER, nB, nC, Double.NaN, Double.NaN, String.format(Locale.ROOT,
                    "the canary served %.1f%% of invocations (%s of %s) over %d minutes", 100 * share, num(nC),
                    num(nB + nC), minutesC));
        }
        out.add(traffic);
        boolean enoughTraffic = traffic.decided();

        // Rates.
        MetricJudgement errors = rate("ErrorRate", "errors per invocation", b, c, MinuteStats::errors,
                MinuteStats::invocations, enoughTraffic, w.baseline(), w.canary());
        out.add(errors);
        if (!errors.decided() && enoughTraffic) {
            blockers.add(errors.reason());
        }
        boolean throttlesSeen = b.stream().anyMatch(m -> !Double.isNaN(m.throttles()))
                || c.stream().anyMatch(m -> !Double.isNaN(m.throttles()));
        if (throttlesSeen) {
            out.add(rate("ThrottleRate", "throttles per request", b, c, m -> zeroIfNaN(m.throttles()),
                    m -> m.invocations() + zeroIfNaN(m.throttles()), enoughTraffic, w.baseline(), w.canary()));
        } else {
            out.add(new MetricJudgement("ThrottleRate", CanaryConfig.ERRORS, Classification.NODATA,
                    Direction.INCREASE, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "no Throttles datapoints for either version in the window"));
        }

        // Latency: the mean per minute, then every percentile both versions carry.
        MetricJudgement mean = perMinute("Duration", CanaryConfig.LATENCY, Direction.INCREASE,
                cfg.latencyMaxRatio(), values(w.baseline(), MinuteStats::meanDuration), values(w.canary(), MinuteStats::meanDuration),
                learned.get("Duration"), "mean duration (ms)", enoughTraffic);
        out.add(mean);
        TreeSet<String> pcts = new TreeSet<>((x, y) -> Double.compare(pct(x), pct(y)));
        for (MinuteStats m : c) {
            pcts.addAll(m.durationPercentiles.keySet());
        }
        for (String p : pcts) {
            MetricJudgement j = perMinute("Duration " + p, CanaryConfig.LATENCY, Direction.INCREASE,
                    cfg.latencyMaxRatio(), values(w.baseline(), m -> orNaN(m.durationPercentile(p))),
                    values(w.canary(), m -> orNaN(m.durationPercentile(p))), learned.get(p), p + " duration (ms)",
                    enoughTraffic);
            out.add(j);
        }
        for (MetricJudgement j : out) {
            if (CanaryConfig.LATENCY.equals(j.group()) && j.classification() == Classification.NODATA
                    && j.reason().startsWith("looks")) {
                blockers.add(j.name() + " " + j.reason());
            }
        }

        for (CustomMetric cm : cfg.customMetrics()) {
            out.add(perMinute(cm.name(), cm.group(), cm.direction(), cm.maxRatio(),
                    values(w.baseline(), m -> m.custom(cm.name())), values(w.canary(), m -> m.custom(cm.name())),
                    learned.get(cm.name()), cm.name(), enoughTraffic));
        }
        return verdict(w, out, blockers, nB, nC, share);
    }

    private CanaryVerdict verdict(CanaryWindow w, List<MetricJudgement> out, List<String> blockers, double nB,
                                  double nC, double share) {
        Map<String, int[]> byGroup = new LinkedHashMap<>();   // decided, not regressed
        List<MetricJudgement> criticalFailures = new ArrayList<>();
        for (MetricJudgement j : out) {
            MetricGroup g = cfg.group(j.group());
            if (j.failed() && g.critical()) {
                criticalFailures.add(j);
            }
            if (j.decided()) {
                int[] t = byGroup.computeIfAbsent(j.group(), k -> new int[2]);
                t[0]++;
                t[1] += j.failed() ? 0 : 1;
            }
        }
        double weighted = 0;
        double weights = 0;
        for (Map.Entry<String, int[]> e : byGroup.entrySet()) {
            double wt = cfg.group(e.getKey()).weight();
            if (wt > 0) {
                weighted += wt * 100.0 * e.getValue()[1] / e.getValue()[0];
                weights += wt;
            }
        }
        double score = weights > 0 ? weighted / weights : 0;
        score = Math.round(score * 10) / 10.0;
        CanaryResult result;
        String reason;
        List<MetricJudgement> failures = out.stream().filter(MetricJudgement::failed).toList();
        if (!criticalFailures.isEmpty()) {
            result = CanaryResult.FAIL;
            reason = "regression in a critical group: " + summary(criticalFailures);
        } else if (weights > 0 && score < cfg.marginalScore()) {
            result = CanaryResult.FAIL;
            reason = String.format(Locale.ROOT, "score %.1f below %.0f: %s", score, cfg.marginalScore(),
                    summary(failures));
        } else if (!blockers.isEmpty()) {
            result = CanaryResult.MARGINAL;
            reason = "cannot pass yet: " + blockers.get(0);
        } else if (weights == 0) {
            result = CanaryResult.MARGINAL;
            reason = "no scored metric could be decided";
        } else if (score < cfg.passScore()) {
            result = CanaryResult.MARGINAL;
            reason = String.format(Locale.ROOT, "score %.1f below %.0f: %s", score, cfg.passScore(),
                    summary(failures));
        } else {
            result = CanaryResult.PASS;
            reason = failures.isEmpty() ? "no metric regressed" : "only minor regressions: " + summary(failures);
        }
        long from = Math.min(w.baseline().isEmpty() ? Long.MAX_VALUE : w.baseline().firstKey(),
                w.canary().isEmpty() ? Long.MAX_VALUE : w.canary().firstKey());
        long to = Math.max(w.baseline().isEmpty() ? Long.MIN_VALUE : w.baseline().lastKey(),
                w.canary().isEmpty() ? Long.MIN_VALUE : w.canary().lastKey());
        return new CanaryVerdict(w.target(), result, score, out, reason, from == Long.MAX_VALUE ? 0 : from,
                to == Long.MIN_VALUE ? 0 : to + 60_000L, nB, nC, share);
    }

    private static String summary(List<MetricJudgement> js) {
        StringBuilder s = new StringBuilder();
        for (MetricJudgement j : js) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(j.name()).append(' ').append(j.classification().label()).append(" (").append(j.reason())
                    .append(')');
        }
        return s.toString();
    }

    // ---- rates

    private interface Field {
        double of(MinuteStats m);
    }

    private MetricJudgement rate(String name, String what, List<MinuteStats> b, List<MinuteStats> c, Field events,
                                 Field trials, boolean enoughTraffic, SortedMap<Long, MinuteStats> bm,
                                 SortedMap<Long, MinuteStats> cm) {
        double eB = sum(b, events);
        double nB = sum(b, trials);
        double eC = sum(c, events);
        double nC = sum(c, trials);
        String group = CanaryConfig.ERRORS;
        Direction dir = Direction.INCREASE;
        if (!enoughTraffic) {
            return new MetricJudgement(name, group, Classification.NODATA, dir, ratio(eB, nB), ratio(eC, nC),
                    Double.NaN, Double.NaN, "too little canary traffic to compare " + what);
        }
        if (nB <= 0) {
            return new MetricJudgement(name, group, Classification.NODATA, dir, Double.NaN, eC / nC, Double.NaN,
                    Double.NaN, "the baseline version served nothing in the window");
        }
        double pB = eB / nB;
        double pC = eC / nC;
        double allowed = Math.max(pB * cfg.errorMaxRatio(), pB + cfg.errorAbsTolerance());
        Strata st = Strata.of(bm, cm, events, trials);
        double rr = st.mantelHaenszelRatio();
        double phi = st.dispersion(Double.isFinite(rr) && rr > 0 ? rr : 1);
        double z1 = st.z(1, phi);
        double p = Double.isNaN(z1) ? 1 : 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z1));
        double effect = Double.isFinite(rr) ? rr : pB > 0 ? pC / pB : Double.NaN;
        // Evidence that the canary is within the allowed rate: the conditional test against the allowed ratio, or
        // (for rare events) a Poisson upper bound on the canary's own count.
        double zConf = STANDARD_NORMAL.inverseCumulativeProbability(cfg.confidence());
        double zAllowed = pB > 0 ? st.z(allowed / pB, phi) : Double.NaN;
        double upper = new GammaDistribution(null, eC + 1, 1).inverseCumulativeProbability(cfg.confidence()) / nC;
        boolean within = (!Double.isNaN(zAllowed) && zAllowed < -zConf) || upper <= allowed;
        String counts = String.format(Locale.ROOT, "%s vs %s (%s of %s vs %s of %s), same-minute ratio %s%s",
                pct(pC), pct(pB), num(eC), num(nC), num(eB), num(nB),
                Double.isFinite(rr) ? String.format(Locale.ROOT, "%.2f", rr) : "n/a",
                phi > 1.05 ? String.format(Locale.ROOT, ", dispersion %.1f", phi) : "");
        if (z1 > 0 && p < cfg.alpha() && pC > allowed) {
            return new MetricJudgement(name, group, Classification.HIGH, dir, pB, pC, p, effect, String.format(
                    Locale.ROOT, "%s higher: %s, p=%s, above the allowed %s", what, counts, pval(p), pct(allowed)));
        }
        if (!within) {
            return new MetricJudgement(name, group, Classification.NODATA, dir, pB, pC, p, effect, String.format(
                    Locale.ROOT, "%s not yet told apart from the allowed %s: %s; needs more canary traffic", what,
                    pct(allowed), counts));
        }
        if (z1 < 0 && p < cfg.alpha()) {
            return new MetricJudgement(name, group, Classification.LOW, dir, pB, pC, p, effect, String.format(
                    Locale.ROOT, "%s lower (better): %s, p=%s", what, counts, pval(p)));
        }
        return new MetricJudgement(name, group, Classification.PASS, dir, pB, pC, p, effect, String.format(
                Locale.ROOT, "%s within the allowed %s: %s, p=%s", what, pct(allowed), counts, pval(p)));
    }

    /**
     * A rate compared minute by minute. Both versions serve the same minutes, so conditioning on each minute's
     * total count of events removes whatever the minute did to both (a dependency blip, a traffic burst): given
     * {@code m_k} events in minute k, the canary's share is binomial with {@code π_k(R) = R·nC_k / (R·nC_k + nB_k)}
     * when the canary's rate is R times the baseline's (the conditional form of the Cochran–Mantel–Haenszel test).
     * {@code z(R) = (Σ a_k − Σ m_k π_k) / √(φ Σ m_k π_k (1 − π_k))}; φ ≥ 1 is the dispersion left once the minutes'
     * shared swings are removed (Pearson χ² at the fitted ratio over its degrees of freedom).
     */
    static final class Strata {
        final double[] a;   // canary events
        final double[] m;   // both versions' events
        final double[] nc;
        final double[] nb;

        private Strata(double[] a, double[] m, double[] nc, double[] nb) {
            this.a = a;
            this.m = m;
            this.nc = nc;
            this.nb = nb;
        }

        static Strata of(SortedMap<Long, MinuteStats> bm, SortedMap<Long, MinuteStats> cm, Field events,
                         Field trials) {
            List<double[]> rows = new ArrayList<>();
            for (Map.Entry<Long, MinuteStats> e : cm.entrySet()) {
                MinuteStats b = bm.get(e.getKey());
                if (b == null) {
                    continue;
                }
                double nC = trials.of(e.getValue());
                double nB = trials.of(b);
                if (!(nC > 0) || !(nB > 0)) {
                    continue;
                }
                rows.add(new double[] {events.of(e.getValue()), events.of(e.getValue()) + events.of(b), nC, nB});
            }
            int k = rows.size();
            double[] a = new double[k];
            double[] m = new double[k];
            double[] nc = new double[k];
            double[] nb = new double[k];
            for (int i = 0; i < k; i++) {
                a[i] = rows.get(i)[0];
                m[i] = rows.get(i)[1];
                nc[i] = rows.get(i)[2];
                nb[i] = rows.get(i)[3];
            }
            return new Strata(a, m, nc, nb);
        }

        /** Mantel–Haenszel rate ratio: Σ a·nB/N / Σ b·nC/N. */
        double mantelHaenszelRatio() {
            double num = 0;
            double den = 0;
            for (int i = 0; i < a.length; i++) {
                double n = nc[i] + nb[i];
                num += a[i] * nb[i] / n;
                den += (m[i] - a[i]) * nc[i] / n;
            }
            return den > 0 ? num / den : num > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }

        double dispersion(double ratio) {
            double x2 = 0;
            int df = -1;
            for (int i = 0; i < a.length; i++) {
                double pi = ratio * nc[i] / (ratio * nc[i] + nb[i]);
                double var = m[i] * pi * (1 - pi);
                if (var > 0) {
                    double d = a[i] - m[i] * pi;
                    x2 += d * d / var;
                    df++;
                }
            }
            return df > 0 ? Math.max(1, x2 / df) : 1;
        }

        /** z of the canary's events against a canary rate of {@code ratio} × the baseline's; NaN with no events. */
        double z(double ratio, double phi) {
            double obs = 0;
            double exp = 0;
            double var = 0;
            for (int i = 0; i < a.length; i++) {
                double pi = ratio * nc[i] / (ratio * nc[i] + nb[i]);
                obs += a[i];
                exp += m[i] * pi;
                var += m[i] * pi * (1 - pi);
            }
            return var > 0 ? (obs - exp) / Math.sqrt(phi * var) : Double.NaN;
        }
    }

    // ---- per-minute statistics

    private MetricJudgement perMinute(String name, String group, Direction dir, double maxRatio,
                                      SortedMap<Long, Double> bm, SortedMap<Long, Double> cm, LearnedBaseline learned,
                                      String what, boolean enoughTraffic) {
        double[] b = bm.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] c = cm.values().stream().mapToDouble(Double::doubleValue).toArray();
        double medB = median(b);
        double medC = median(c);
        if (!enoughTraffic) {
            return new MetricJudgement(name, group, Classification.NODATA, dir, medB, medC, Double.NaN, Double.NaN,
                    "too little canary traffic to compare " + what);
        }
        if (c.length < cfg.minMinutes()) {
            return new MetricJudgement(name, group, Classification.NODATA, dir, medB, medC, Double.NaN, Double.NaN,
                    String.format(Locale.ROOT, "only %d canary minutes with %s (needs %d)", c.length, what,
                            cfg.minMinutes()));
        }
        if (b.length < cfg.minMinutes()) {
            if (learned == null) {
                return new MetricJudgement(name, group, Classification.NODATA, dir, medB, medC, Double.NaN,
                        Double.NaN, String.format(Locale.ROOT, "only %d baseline minutes with %s (needs %d) and no "
                                + "learned baseline", b.length, what, cfg.minMinutes()));
            }
            return againstLearned(name, group, dir, maxRatio, medC, learned, what);
        }
        double p = new MannWhitneyUTest().mannWhitneyUTest(b, c);
        // The effect: the median of the same-minute ratios where both versions have the minute (what the minute did
        // to both cancels out), else the ratio of the medians.
        List<Double> paired = new ArrayList<>();
        for (Map.Entry<Long, Double> e : cm.entrySet()) {
            Double bv = bm.get(e.getKey());
            if (bv != null && bv > 0) {
                paired.add(e.getValue() / bv);
            }
        }
        double ratio = paired.size() >= cfg.minMinutes()
                ? median(paired.stream().mapToDouble(Double::doubleValue).toArray())
                : medB > 0 ? medC / medB : medC > 0 ? Double.POSITIVE_INFINITY : 1;
        String values = String.format(Locale.ROOT, "median %s vs %s, %.2f× %s, over %d vs %d minutes, p=%s",
                num(medC), num(medB), ratio, paired.size() >= cfg.minMinutes() ? "same-minute" : "of medians",
                c.length, b.length, pval(p));
        boolean higher = ratio > maxRatio;
        boolean lower = ratio < 1 / maxRatio;
        if ((higher || lower) && p < cfg.alpha()) {
            Classification cl = higher ? Classification.HIGH : Classification.LOW;
            String word = dir.bad(cl) ? (higher ? "higher" : "lower") : (higher ? "higher (fine)" : "lower (better)");
            return new MetricJudgement(name, group, cl, dir, medB, medC, p, ratio, what + " " + word + ": " + values);
        }
        if ((higher && dir.bad(Classification.HIGH)) || (lower && dir.bad(Classification.LOW))) {
            return new MetricJudgement(name, group, Classification.NODATA, dir, medB, medC, p, ratio,
                    "looks " + (higher ? "higher" : "lower") + " but not significant yet: " + values);
        }
        return new MetricJudgement(name, group, Classification.PASS, dir, medB, medC, p, ratio,
                what + " comparable: " + values);
    }

    /** No baseline minutes of its own: the canary's median against the learned level ± 3 spreads and the ratio. */
    private MetricJudgement againstLearned(String name, String group, Direction dir, double maxRatio, double medC,
                                           LearnedBaseline l, String what) {
        double ratio = l.level() > 0 ? medC / l.level() : Double.NaN;
        String values = String.format(Locale.ROOT, "median %s vs the baseline version's learned %s ± %s", num(medC),
                num(l.level()), num(l.spread()));
        Classification cl = Classification.PASS;
        if (medC > l.level() * maxRatio && medC > l.level() + 3 * l.spread()) {
            cl = Classification.HIGH;
        } else if (medC < l.level() / maxRatio && medC < l.level() - 3 * l.spread()) {
            cl = Classification.LOW;
        }
        String word = cl == Classification.PASS ? "comparable" : cl == Classification.HIGH ? "higher" : "lower";
        return new MetricJudgement(name, group, cl, dir, l.level(), medC, Double.NaN, ratio,
                what + " " + word + ": " + values);
    }

    // ---- helpers

    private static SortedMap<Long, Double> values(SortedMap<Long, MinuteStats> ms, Field f) {
        SortedMap<Long, Double> out = new java.util.TreeMap<>();
        for (Map.Entry<Long, MinuteStats> e : ms.entrySet()) {
            double v = f.of(e.getValue());
            if (e.getValue().invocations() > 0 && Double.isFinite(v)) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static double sum(List<MinuteStats> ms, Field f) {
        double s = 0;
        for (MinuteStats m : ms) {
            double v = f.of(m);
            if (Double.isFinite(v)) {
                s += v;
            }
        }
        return s;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double ratio(double e, double n) {
        return n > 0 ? e / n : Double.NaN;
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static double pct(String stat) {
        try {
            return Double.parseDouble(stat.substring(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    }

    static String pval(double p) {
        return Double.isNaN(p) ? "n/a" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
