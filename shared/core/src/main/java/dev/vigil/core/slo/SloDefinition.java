package dev.vigil.core.slo;

import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.StatisticSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A service level objective declared in config, over Metric Streams series.
 *
 * <pre>
 * slos:
 *   - name: checkout-availability
 *     service: checkout              # a topology service: burn alerts join its incidents and route to its team
 *     objective: 99.9                # percent (0.999 also accepted)
 *     windowDays: 30
 *     sli:                           # event-based: bad events / all events
 *       bad:   {namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count, dimensions: {LoadBalancer: "app/shop/*"}}
 *       total: {namespace: AWS/ApplicationELB, metric: RequestCount,              dimensions: {LoadBalancer: "app/shop/*"}}
 *   - name: checkout-latency
 *     objective: 99
 *     sli:                           # time-slice: a minute is bad when its statistic is above the threshold
 *       series: {namespace: AWS/Lambda, metric: Duration, dimensions: {FunctionName: checkout}}
 *       statistic: p99               # average | max | min | any extra statistic the stream carries (p99, p95…)
 *       above: 800                   # milliseconds, in the metric's unit
 * </pre>
 */
public record SloDefinition(String name, String service, String team, double objective, int windowDays, Sli sli) {

    /** How a datapoint counts towards the SLI. */
    public sealed interface Sli permits Ratio, Threshold {
        List<SeriesSelector> selectors();

        /** Adds the datapoint's bad and total counts to {@code into} ({@code [bad, total]}); false if not counted. */
        boolean count(MetricDatum d, double[] into);
    }

    /** Event-based: {@code bad} (or {@code total - good}) over {@code total}, summed per minute. */
    public record Ratio(SeriesSelector bad, SeriesSelector good, SeriesSelector total) implements Sli {
        @Override
        public List<SeriesSelector> selectors() {
            List<SeriesSelector> l = new ArrayList<>(3);
            l.add(total);
            if (bad != null) {
                l.add(bad);
            }
            if (good != null) {
                l.add(good);
            }
            return l;
        }

        @Override
        public boolean count(MetricDatum d, double[] into) {
            boolean counted = false;
            double sum = d.value().sum();
            if (total.matches(d.series())) {
                into[1] += sum;
                if (good != null) {
                    into[0] += sum;   // every event is bad until a good-count says otherwise
                }
                counted = true;
            }
            if (bad != null && bad.matches(d.series())) {
                into[0] += sum;
                counted = true;
            }
            if (good != null && good.matches(d.series())) {
                into[0] -= sum;
                counted = true;
            }
            return counted;
        }
    }

    /** Time-slice: each series-minute is one slice, bad when the statistic is above (or below) the threshold. */
    public record Threshold(SeriesSelector series, String statistic, double threshold, boolean above) implements Sli {
        @Override
        public List<SeriesSelector> selectors() {
            return List.of(series);
        }

        @Override
        public boolean count(MetricDatum d, double[] into) {
            if (!series.matches(d.series())) {
                return false;
            }
            double v = SloDefinition.statistic(d.value(), statistic);
            if (Double.isNaN(v)) {
                return false;   // e.g. a minute with no samples has no average: not a slice
            }
            into[1] += 1;
            if (above ? v > threshold : v < threshold) {
                into[0] += 1;
            }
            return true;
        }
    }

    static double statistic(StatisticSet v, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "average" -> v.count() > 0 ? v.average() : Double.NaN;
            case "max" -> v.count() > 0 ? v.max() : Double.NaN;
            case "min" -> v.count() > 0 ? v.min() : Double.NaN;
            case "sum" -> v.sum();
            default -> {
                Double x = v.extra().get(name);
                yield x == null ? Double.NaN : x;
            }
        };
    }

    /** The budget: the fraction of events (or slices) allowed to be bad, {@code 1 - objective}. */
    public double budgetFraction() {
        return 1.0 - objective;
    }

    /** For a time-slice SLI, the bad minutes allowed per window: 43.2 for 99.9 % over 30 days. */
    public double budgetMinutes() {
        return budgetFraction() * windowDays * 24 * 60;
    }

    public static List<SloDefinition> listFrom(ConfigTree list) {
        List<SloDefinition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigTree t : list.list()) {
            SloDefinition d = from(t);
            if (!names.add(d.name())) {
                throw new IllegalArgumentException(t.get("name").path() + ": duplicate SLO name " + d.name());
            }
            out.add(d);
        }
        return out;
    }

    public static SloDefinition from(ConfigTree t) {
        String name = t.get("name").requireString();
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(t.get("name").path() + " must be 1-64 of [A-Za-z0-9._-], was " + name);
        }
        double objective = t.get("objective").requireNumber();
        if (objective > 1) {
            objective = objective / 100.0;
        }
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException(t.get("objective").path()
                    + " must be a percentage strictly between 0 and 100");
        }
        int days = t.get("windowDays").integer(30);
        if (days < 3 || days > 90) {
            throw new IllegalArgumentException(t.get("windowDays").path() + " must be between 3 and 90 days");
        }
        ConfigTree s = t.get("sli");
        Sli sli;
        if (s.has("total")) {
            if (s.has("bad") == s.has("good")) {
                throw new IllegalArgumentException(s.path() + " needs exactly one of bad or good next to total");
            }
            sli = new Ratio(s.has("bad") ? SeriesSelector.from(s.get("bad")) : null,
                    s.has("good") ? SeriesSelector.from(s.get("good")) : null, SeriesSelector.from(s.get("total")));
        } else if (s.has("series")) {
            boolean above = s.has("above");
            if (above == s.has("below")) {
                throw new IllegalArgumentException(s.path() + " needs exactly one of above or below");
            }
            double threshold = s.get(above ? "above" : "below").requireNumber();
            sli = new Threshold(SeriesSelector.from(s.get("series")),
                    s.get("statistic").string("average"), threshold, above);
        } else {
            throw new IllegalArgumentException(s.path() + " needs total (with bad or good) or series (with above or below)");
        }
        return new SloDefinition(name, t.get("service").string(null), t.get("team").string(null), objective, days,
                sli);
    }
}
