package dev.vigil.core.cost.detect;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds cost spikes in daily usage cost, scope by scope (total, service, account, region, tag, and service within
 * each account), and explains each one by its contributors one level down.
 *
 * <p>Per scope, day by day in order (so each day only sees its past):
 * <ol>
 *   <li>Expected cost and spread from {@link ExpectedCost} on the <em>cleaned</em> history.</li>
 *   <li>A day is anomalous when its excess passes all three thresholds of the scope ($, %, z).</li>
 *   <li>An anomalous day is replaced by its expected value in the cleaned history (so a spike does not teach the
 *       baseline). Consecutive anomalous days in one direction form one episode, reported once, on its first
 *       day. When an episode lasts {@code levelShiftDays}, it is a level shift: the finding becomes a
 *       {@link AnomalyKind#LEVEL_SHIFT}, the cleaned history gets its real values back, and the baseline restarts
 *       at the shift (a change point), so the new level is absorbed and not reported again.</li>
 *   <li>A scope with (near) no spend for {@code newSpendQuietDays} that starts spending is new spend: reported once
 *       as {@link AnomalyKind#NEW_SPEND} and not scored for spikes while it ramps up.</li>
 *   <li>Analyst marks: the marked day is absorbed; similar later anomalies are flagged suppressed.</li>
 * </ol>
 * Only USAGE is scored: recurring fees (RI, Savings Plans, Support on the 1st), tax, credits and refunds are not
 * consumption. Days after {@code lastCompleteDay} (the export's still-incomplete current day) are ignored.
 *
 * <p>Noise: one cause often shows at several levels (a service in an account, the account, the service, the
 * total). On each day, anomalies are visited from the most specific scope; a broader one whose impact is at least
 * {@code explainShare} explained by a narrower kept one is dropped.
 */
public final class CostSpikeDetector {

    private final DetectionConfig config;

    public CostSpikeDetector(DetectionConfig config) {
        this.config = config;
    }

    public DetectionConfig config() {
        return config;
    }

    public DetectionResult detect(List<CostFact> facts, LocalDate lastCompleteDay, List<ExpectedMark> marks) {
        long last = lastCompleteDay.toEpochDay();
        long first = Long.MAX_VALUE;
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL && f.epochDay() <= last && f.epochDay() < first) {
                first = f.epochDay();
            }
        }
        if (first == Long.MAX_VALUE) {
            return new DetectionResult(null, lastCompleteDay, List.of(), Map.of(), 0, 0);
        }
        final long firstDay = first;
        int n = (int) (last - first + 1);
        int[] dow = new int[n];
        for (int i = 0; i < n; i++) {
            dow[i] = LocalDate.ofEpochDay(first + i).getDayOfWeek().getValue() - 1;
        }

        Map<Scope, double[]> series = new HashMap<>();
        Set<String> accounts = new HashSet<>();
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL && f.category() == ChargeCategory.USAGE) {
                accounts.add(f.account());
            }
        }
        boolean multiAccount = accounts.size() > 1;
        for (CostFact f : facts) {
            if (f.category() != ChargeCategory.USAGE || f.epochDay() > last || f.epochDay() < first) {
                continue;
            }
            int d = (int) (f.epochDay() - first);
            if (f.grain() == CostFact.Grain.DETAIL) {
                add(series, Scope.TOTAL, n, d, f.cost());
                add(series, Scope.of(Dimension.SERVICE, f.service()), n, d, f.cost());
                add(series, Scope.of(Dimension.REGION, f.a()), n, d, f.cost());
                if (multiAccount) {
                    add(series, Scope.of(Dimension.ACCOUNT, f.account()), n, d, f.cost());
                    add(series, new Scope(Dimension.SERVICE, f.service(), f.account()), n, d, f.cost());
                }
            } else if (f.grain() == CostFact.Grain.TAG) {
                add(series, Scope.of(Dimension.TAG, f.a() + "=" + f.b()), n, d, f.cost());
            }
        }

        Map<Scope, double[]> ramps = newSpendRamps(facts, first, n, multiAccount);

        Map<Scope, List<ExpectedMark>> marksByScope = new HashMap<>();
        for (ExpectedMark m : marks) {
            marksByScope.computeIfAbsent(m.scope(), k -> new ArrayList<>()).add(m);
        }

        List<CostAnomaly> findings = new ArrayList<>();
        Map<Scope, SeriesView> views = new TreeMap<>();
        int scored = 0;
        for (Map.Entry<Scope, double[]> e : new TreeMap<>(series).entrySet()) {
            Scope scope = e.getKey();
            double[] y = e.getValue();
            Thresholds th = config.thresholdsFor(scope);
            boolean chart = scope.dimension() == Dimension.TOTAL
                    || (scope.dimension() == Dimension.SERVICE && scope.account() == null);
            if (max(y) < th.absoluteDollars() && !chart) {
                continue;   // cannot exceed the $ threshold: skip the work
            }
            scored++;
            SeriesView view = analyse(scope, y, dow, firstDay, th, marksByScope.getOrDefault(scope, List.of()),
                    ramps.get(scope), findings);
            views.put(scope, view);
        }

        // noise: keep the most specific explanation of each day's movement
        Map<LocalDate, List<CostAnomaly>> byDay = new TreeMap<>();
        for (CostAnomaly a : findings) {
            byDay.computeIfAbsent(a.date(), k -> new ArrayList<>()).add(a);
        }
        List<CostAnomaly> kept = new ArrayList<>();
        int explained = 0;
        for (List<CostAnomaly> day : byDay.values()) {
            day.sort(Comparator.comparingInt((CostAnomaly a) -> a.scope().rank())
                    .thenComparing(a -> -Math.abs(a.impact())));
            List<CostAnomaly> keptToday = new ArrayList<>();
            for (CostAnomaly a : day) {
                boolean isExplained = false;
                for (CostAnomaly k : keptToday) {
                    // REGION and TAG cut across the hierarchy: any narrower kept anomaly may explain them
                    boolean related = a.scope().contains(k.scope()) || a.scope().dimension() == Dimension.REGION
                            || a.scope().dimension() == Dimension.TAG;
                    if (related && Math.signum(k.impact()) == Math.signum(a.impact())
                            && Math.abs(k.impact()) >= config.explainShare() * Math.abs(a.impact())) {
                        isExplained = true;
                        break;
                    }
                }
                if (isExplained) {
                    explained++;
                } else {
                    keptToday.add(a);
                }
            }
            kept.addAll(keptToday);
        }

        List<CostAnomaly> out = new ArrayList<>(kept.size());
        for (CostAnomaly a : kept) {
            out.add(a.withContributors(contributors(a, facts, firstDay, n, dow, multiAccount)));
            SeriesView v = views.get(a.scope());
            if (v == null) {
                v = analyse(a.scope(), series.get(a.scope()), dow, firstDay, config.thresholdsFor(a.scope()),
                        List.of(), ramps.get(a.scope()), new ArrayList<>());
                views.put(a.scope(), v);
            }
        }
        out.sort(Comparator.comparing(CostAnomaly::date).reversed()
                .thenComparing(a -> -Math.abs(a.impact())));
        // only keep views worth showing: total, services, and the anomalies' scopes
        Set<Scope> wanted = new HashSet<>();
        wanted.add(Scope.TOTAL);
        for (CostAnomaly a : out) {
            wanted.add(a.scope());
        }
        Map<Scope, SeriesView> shown = new LinkedHashMap<>();
        for (Map.Entry<Scope, SeriesView> e : views.entrySet()) {
            Scope s = e.getKey();
            if (wanted.contains(s) || (s.dimension() == Dimension.SERVICE && s.account() == null)) {
                shown.put(s, e.getValue());
            }
        }
        return new DetectionResult(LocalDate.ofEpochDay(first), lastCompleteDay, List.copyOf(out), shown, scored,
                explained);
    }

    private static void add(Map<Scope, double[]> m, Scope s, int n, int d, double v) {
        m.computeIfAbsent(s, k -> new double[n])[d] += v;
    }

    private static double max(double[] y) {
        double m = 0;
        for (double v : y) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * New spend seen from above: a (service, account) pair that starts spending after a quiet period ramps up for
     * {@code newSpendRampDays}; during that time its cost is set aside when the broader scopes that contain it
     * (total, service, account, region, tag) are scored, so the ramp is reported once, as new spend.
     */
    private Map<Scope, double[]> newSpendRamps(List<CostFact> facts, long first, int n, boolean multiAccount) {
        long last = first + n - 1;
        Map<String, double[]> pairs = new HashMap<>();
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL && f.category() == ChargeCategory.USAGE && f.epochDay() >= first
                    && f.epochDay() <= last) {
                pairs.computeIfAbsent(f.service() + "\u0000" + f.account(), k -> new double[n])
                        [(int) (f.epochDay() - first)] += f.cost();
            }
        }
        Map<String, Integer> newPairs = new HashMap<>();
        for (Map.Entry<String, double[]> e : pairs.entrySet()) {
            String[] sa = e.getKey().split("\u0000", 2);
            Thresholds th = config.thresholdsFor(new Scope(Dimension.SERVICE, sa[0], sa[1]));
            double eps = Math.max(0.01, 0.01 * th.absoluteDollars());
            double[] y = e.getValue();
            for (int i = 0; i < n; i++) {
                if (y[i] > eps) {
                    if (i >= config.newSpendQuietDays()) {
                        newPairs.put(e.getKey(), i);
                    }
                    break;
                }
            }
        }
        Map<Scope, double[]> ramps = new HashMap<>();
        if (newPairs.isEmpty()) {
            return ramps;
        }
        for (CostFact f : facts) {
            if (f.category() != ChargeCategory.USAGE || f.epochDay() < first || f.epochDay() > last) {
                continue;
            }
            Integer fs = newPairs.get(f.service() + "\u0000" + f.account());
            int d = (int) (f.epochDay() - first);
            if (fs == null || d < fs || d >= fs + config.newSpendRampDays()) {
                continue;
            }
            if (f.grain() == CostFact.Grain.DETAIL) {
                add(ramps, Scope.TOTAL, n, d, f.cost());
                add(ramps, Scope.of(Dimension.SERVICE, f.service()), n, d, f.cost());
                add(ramps, Scope.of(Dimension.REGION, f.a()), n, d, f.cost());
                if (multiAccount) {
                    add(ramps, Scope.of(Dimension.ACCOUNT, f.account()), n, d, f.cost());
                }
            } else if (f.grain() == CostFact.Grain.TAG) {
                add(ramps, Scope.of(Dimension.TAG, f.a() + "=" + f.b()), n, d, f.cost());
            }
        }
        return ramps;
    }

    private static final class Episode {
        final int start;
        final boolean up;
        final int findingIndex;
        int days = 1;

        Episode(int start, boolean up, int findingIndex) {
            this.start = start;
            this.up = up;
            this.findingIndex = findingIndex;
        }
    }

    /** The sequential scan of one scope; appends its findings. */
    SeriesView analyse(Scope scope, double[] y, int[] dow, long firstDay, Thresholds th, List<ExpectedMark> marks,
                       double[] ramp, List<CostAnomaly> findings) {
        int n = y.length;
        double[] c = y.clone();
        double[] expected = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(expected, Double.NaN);
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        double[] seasonal = null;

        double eps = Math.max(0.01, 0.01 * th.absoluteDollars());
        int firstSpend = -1;
        for (int i = 0; i < n; i++) {
            if (y[i] > eps) {
                firstSpend = i;
                break;
            }
        }
        boolean isNew = firstSpend >= config.newSpendQuietDays();
        int cp = isNew ? firstSpend : 0;
        int minLevel = isNew ? config.newSpendRampDays() : config.minHistoryDays();
        boolean newSpendReported = false;
        Episode episode = null;
        List<CostAnomaly> local = new ArrayList<>();
        // a mark made from a Slack click knows only the anomaly id: its impact is read off the marked day
        double[] markImpact = new double[marks.size()];
        for (int i = 0; i < marks.size(); i++) {
            markImpact[i] = marks.get(i).impact();
        }

        for (int t = 0; t < n; t++) {
            LocalDate date = LocalDate.ofEpochDay(firstDay + t);
            if (isNew && !newSpendReported && t >= firstSpend && y[t] >= th.absoluteDollars()) {
                newSpendReported = true;
                local.add(finding(scope, date, AnomalyKind.NEW_SPEND, y[t], 0, 0, y[t], th, 1.0, marks, markImpact));
            }
            ExpectedCost.Estimate est = ExpectedCost.estimate(c, dow, t, cp, config.windowDays(), minLevel);
            if (!est.ok()) {
                continue;
            }
            seasonal = est.seasonal();
            expected[t] = est.expected();
            double band = Math.max(th.zScore() * est.sigma(),
                    Math.max(th.absoluteDollars(), th.relativePercent() / 100 * est.expected()));
            upper[t] = est.expected() + band;
            lower[t] = Math.max(0, est.expected() - th.zScore() * est.sigma());
            if (isNew && t < firstSpend + config.newSpendRampDays()) {
                continue;   // ramping up: new spend, not spikes
            }
            // new spend ramping up inside this scope is reported as new spend, not as this scope's spike
            double dev = y[t] - est.expected() - (ramp == null ? 0 : ramp[t]);
            boolean up = dev > 0;
            double rel = est.expected() > 1e-9 ? Math.abs(dev) / est.expected() * 100 : Double.POSITIVE_INFINITY;
            double z = Math.abs(dev) / est.sigma();
            boolean anomalous = (up || config.detectDrops()) && Math.abs(dev) >= th.absoluteDollars()
                    && rel >= th.relativePercent() && z >= th.zScore();
            if (!anomalous) {
                episode = null;
                continue;
            }
            int exact = exactMark(marks, date);
            if (exact >= 0) {
                // the analyst said this was expected: learn it, alert nothing
                if (Double.isNaN(markImpact[exact])) {
                    markImpact[exact] = Math.abs(dev);
                }
                local.add(finding(scope, date, AnomalyKind.SPIKE, y[t], est.expected(), est.sigma(), dev, th, z,
                        marks, markImpact).withSuppressed(true));
                episode = null;
                continue;
            }
            if (episode != null && episode.up == up) {
                episode.days++;
                c[t] = est.expected();
                CostAnomaly f = local.get(episode.findingIndex);
                if (episode.days >= config.levelShiftDays()) {
                    local.set(episode.findingIndex, f.withKind(AnomalyKind.LEVEL_SHIFT).withDuration(episode.days));
                    cp = episode.start;
                    minLevel = Math.min(3, config.levelShiftDays());
                    System.arraycopy(y, episode.start, c, episode.start, t - episode.start + 1);
                    episode = null;
                } else {
                    local.set(episode.findingIndex, f.withDuration(episode.days));
                }
                continue;
            }
            local.add(finding(scope, date, AnomalyKind.SPIKE, y[t], est.expected(), est.sigma(), dev, th, z, marks,
                    markImpact));
            episode = new Episode(t, up, local.size() - 1);
            c[t] = est.expected();
        }
        findings.addAll(local);
        return new SeriesView(scope, y, expected, lower, upper, c, seasonal);
    }

    private static int exactMark(List<ExpectedMark> marks, LocalDate date) {
        for (int i = 0; i < marks.size(); i++) {
            if (marks.get(i).date().equals(date)) {
                return i;
            }
        }
        return -1;
    }

    private CostAnomaly finding(Scope scope, LocalDate date, AnomalyKind kind, double actual, double expected,
                                double sigma, double impact, Thresholds th, double z, List<ExpectedMark> marks,
                                double[] markImpact) {
        double pct = expected > 1e-9 ? impact / expected * 100 : (impact > 0 ? 100.0 : 0.0);
        double score = kind == AnomalyKind.NEW_SPEND ? 1.0
                : Math.min(1.0, Math.max(0.0, 1 - Math.pow(2, -z / Math.max(0.1, th.zScore()))));
        double ratio = Math.abs(impact) / Math.max(0.01, th.absoluteDollars());
        String severity = ratio >= 10 ? "critical" : ratio >= 4 ? "high" : ratio >= 2 ? "medium" : "low";
        double upper = expected + Math.max(th.zScore() * sigma,
                Math.max(th.absoluteDollars(), th.relativePercent() / 100 * expected));
        double lower = Math.max(0, expected - th.zScore() * sigma);
        boolean suppressed = false;
        for (int i = 0; i < marks.size(); i++) {
            long age = date.toEpochDay() - marks.get(i).date().toEpochDay();
            if (age > 0 && age <= config.suppressDays() && !Double.isNaN(markImpact[i])
                    && Math.abs(impact) <= config.similarImpactFactor() * Math.abs(markImpact[i])) {
                suppressed = true;
                break;
            }
        }
        return new CostAnomaly(CostAnomaly.idOf(date, scope), date, scope, kind, actual, expected, lower, upper, impact,
                pct, score, severity, List.of(), 1, suppressed);
    }

    // ------------------------------------------------------------------------------------------ contributors

    private static List<Dimension> children(Scope s, boolean multiAccount) {
        List<Dimension> c = new ArrayList<>();
        switch (s.dimension()) {
            case TOTAL -> {
                c.add(Dimension.SERVICE);
                if (multiAccount) {
                    c.add(Dimension.ACCOUNT);
                }
                c.add(Dimension.REGION);
            }
            case SERVICE -> {
                c.add(Dimension.USAGE_TYPE);
                if (multiAccount && s.account() == null) {
                    c.add(Dimension.ACCOUNT);
                }
                c.add(Dimension.REGION);
                c.add(Dimension.RESOURCE);
                c.add(Dimension.TAG);
            }
            case ACCOUNT -> {
                c.add(Dimension.SERVICE);
                c.add(Dimension.REGION);
                c.add(Dimension.USAGE_TYPE);
            }
            case REGION, TAG -> {
                c.add(Dimension.SERVICE);
                if (multiAccount) {
                    c.add(Dimension.ACCOUNT);
                }
            }
            default -> { }
        }
        return c;
    }

    private static boolean inScope(Scope s, CostFact f) {
        if (s.account() != null && !s.account().equals(f.account())) {
            return false;
        }
        return switch (s.dimension()) {
            case TOTAL -> true;
            case SERVICE -> f.service().equals(s.key());
            case ACCOUNT -> f.account().equals(s.key());
            case REGION -> f.grain() == CostFact.Grain.DETAIL && f.a().equals(s.key());
            case TAG -> f.grain() == CostFact.Grain.TAG && (f.a() + "=" + f.b()).equals(s.key());
            default -> false;
        };
    }

    private static String childKey(Dimension child, CostFact f) {
        return switch (child) {
            case SERVICE -> f.service();
            case ACCOUNT -> f.account();
            case REGION -> f.grain() == CostFact.Grain.DETAIL ? f.a() : null;
            case USAGE_TYPE -> f.grain() == CostFact.Grain.DETAIL ? f.b() : null;
            case RESOURCE -> f.grain() == CostFact.Grain.RESOURCE ? f.a() : null;
            case TAG -> f.grain() == CostFact.Grain.TAG ? f.a() + "=" + f.b() : null;
            default -> null;
        };
    }

    /** The grain a child's series is read from, given the parent's. */
    private static CostFact.Grain grainFor(Scope parent, Dimension child) {
        if (child == Dimension.RESOURCE) {
            return CostFact.Grain.RESOURCE;
        }
        if (child == Dimension.TAG || parent.dimension() == Dimension.TAG) {
            return CostFact.Grain.TAG;
        }
        return CostFact.Grain.DETAIL;
    }

    private List<Contributor> contributors(CostAnomaly a, List<CostFact> facts, long first, int n, int[] dow,
                                           boolean multiAccount) {
        int t = (int) (a.date().toEpochDay() - first);
        List<Contributor> out = new ArrayList<>();
        for (Dimension child : children(a.scope(), multiAccount)) {
            CostFact.Grain grain = grainFor(a.scope(), child);
            Map<String, double[]> bySeries = new HashMap<>();
            for (CostFact f : facts) {
                if (f.grain() != grain || f.category() != ChargeCategory.USAGE || f.epochDay() < first
                        || f.epochDay() >= first + n || !inScope(a.scope(), f)) {
                    continue;
                }
                String key = childKey(child, f);
                if (key == null) {
                    continue;
                }
                bySeries.computeIfAbsent(key, k -> new double[n])[(int) (f.epochDay() - first)] += f.cost();
            }
            List<Contributor> cs = new ArrayList<>();
            for (Map.Entry<String, double[]> e : bySeries.entrySet()) {
                double[] y = e.getValue();
                double expected = childExpected(y, dow, t, a.kind());
                double impact = y[t] - expected;
                if (Math.signum(impact) == Math.signum(a.impact()) && Math.abs(impact) >= 0.005) {
                    cs.add(new Contributor(child, e.getKey(), y[t], expected, impact,
                            a.impact() == 0 ? 0 : impact / a.impact()));
                }
            }
            cs.sort(Comparator.comparingDouble((Contributor c) -> -Math.abs(c.impact())).thenComparing(Contributor::key));
            out.addAll(cs.subList(0, Math.min(config.maxContributors(), cs.size())));
        }
        return out;
    }

    private double childExpected(double[] y, int[] dow, int t, AnomalyKind kind) {
        if (kind == AnomalyKind.NEW_SPEND) {
            return 0;
        }
        ExpectedCost.Estimate e = ExpectedCost.estimate(y, dow, t, 0, config.windowDays(), 7);
        if (e.ok()) {
            return e.expected();
        }
        int from = Math.max(0, t - 7);
        return t > from ? ExpectedCost.median(Arrays.copyOfRange(y, from, t)) : 0;
    }
}
