package dev.vigil.core.cost.now;

import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.Dimension;
import dev.vigil.core.cost.detect.Scope;
import dev.vigil.core.cost.detect.Thresholds;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Source;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code AWS/Billing EstimatedCharges} (month-to-date, per {@code ServiceName} and in total, published in
 * us-east-1 several times a day) turned into a spend rate per service and scored against that service's learned
 * hourly rate.
 *
 * <p><b>Rate.</b> The metric is cumulative and repeats its last value between updates, so only the points where
 * the value changed are kept; between two such points, rate = Δvalue / Δhours. At a month boundary the value
 * restarts from 0: the first point of a month is differenced against the month's start (value / hours since
 * 00:00 UTC on the 1st). A drop within a month (a credit, a revision) is not spend and is skipped.
 *
 * <p><b>Score.</b> The baseline is the median of the service's previous {@value #WINDOW} rates, the spread 1.4826 ×
 * their median absolute deviation; an anomalous rate is replaced by the median in the history (a spike does not
 * teach the baseline). An interval is a provisional anomaly when its excess over a day (excess rate × 24 h)
 * passes the export detector's $ and % thresholds for the scope — the % against the expected daily cost (the
 * export history's, else the median rate × 24) — and its z-score passes the z threshold. Consecutive anomalous
 * intervals of a service are one anomaly. At least {@value #MIN_HISTORY} earlier rates are needed.
 */
public final class EstimatedCharges {

    static final int WINDOW = 42;
    static final int MIN_HISTORY = 8;

    /** One datapoint: month-to-date charges of a service (or "total") at a time. */
    public record Point(String account, String service, Instant at, double monthToDate) {
    }

    /** One interval's rate. */
    public record Rate(String account, String service, Instant from, Instant to, double hourly) {
    }

    private EstimatedCharges() {
    }

    /**
     * Reads one Metric Streams JSON line; null when it is another metric.
     *
     * @throws IllegalArgumentException for an EstimatedCharges line without a usable value or time
     */
    public static Point parseLine(String line) {
        Map<String, Object> m = JsonTree.object(line);
        if (!"AWS/Billing".equals(JsonTree.optStr(m, "namespace"))
                || !"EstimatedCharges".equals(JsonTree.optStr(m, "metric_name"))) {
            return null;
        }
        Map<String, String> dims = JsonTree.strings(m, "dimensions");
        String currency = dims.get("Currency");
        if (currency != null && !currency.equals("USD")) {
            return null;
        }
        Map<String, Object> v = JsonTree.optObj(m, "value");
        double value = v == null ? Double.NaN : JsonTree.dbl(v, "max");
        if (Double.isNaN(value) || value < 0 || Double.isInfinite(value)) {
            throw new IllegalArgumentException("EstimatedCharges line without a value.max >= 0");
        }
        long ts = JsonTree.lng(m, "timestamp");
        String service = dims.getOrDefault("ServiceName", "total");
        return new Point(JsonTree.optStr(m, "account_id"), service, Instant.ofEpochMilli(ts), value);
    }

    /** Rates of each series, in time order. */
    public static List<Rate> rates(List<Point> points) {
        Map<String, List<Point>> bySeries = new TreeMap<>();
        for (Point p : points) {
            bySeries.computeIfAbsent(p.account() + "|" + p.service(), k -> new ArrayList<>()).add(p);
        }
        List<Rate> out = new ArrayList<>();
        for (List<Point> ps : bySeries.values()) {
            ps.sort((a, b) -> a.at().compareTo(b.at()));
            Point prev = null;
            for (Point p : ps) {
                if (prev != null && p.monthToDate() == prev.monthToDate()
                        && YearMonth.from(p.at().atZone(ZoneOffset.UTC)).equals(YearMonth.from(prev.at().atZone(ZoneOffset.UTC)))) {
                    continue;   // the same value repeated: no update yet
                }
                if (prev == null) {
                    prev = p;
                    continue;
                }
                YearMonth pm = YearMonth.from(prev.at().atZone(ZoneOffset.UTC));
                YearMonth m = YearMonth.from(p.at().atZone(ZoneOffset.UTC));
                if (!m.equals(pm)) {
                    Instant start = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    double h = hours(start, p.at());
                    if (h > 0) {
                        out.add(new Rate(p.account(), p.service(), start, p.at(), p.monthToDate() / h));
                    }
                } else if (p.monthToDate() > prev.monthToDate()) {
                    double h = hours(prev.at(), p.at());
                    if (h > 0) {
                        out.add(new Rate(p.account(), p.service(), prev.at(), p.at(),
                                (p.monthToDate() - prev.monthToDate()) / h));
                    }
                }
                prev = p;
            }
        }
        return out;
    }

    private static double hours(Instant a, Instant b) {
        return (b.toEpochMilli() - a.toEpochMilli()) / 3_600_000.0;
    }

    /** Scores every service's rates in order; returns the provisional anomalies. */
    public static List<ProvisionalAnomaly> detect(List<Rate> rates, DetectionConfig config, ExpectedSpend expected) {
        Map<String, List<Rate>> bySeries = new TreeMap<>();
        for (Rate r : rates) {
            if (!r.service().equals("total")) {
                bySeries.computeIfAbsent(r.account() + "|" + r.service(), k -> new ArrayList<>()).add(r);
            }
        }
        List<ProvisionalAnomaly> out = new ArrayList<>();
        for (List<Rate> rs : bySeries.values()) {
            List<Double> history = new ArrayList<>();
            ProvisionalAnomaly open = null;
            for (Rate r : rs) {
                boolean anomalous = false;
                if (history.size() >= MIN_HISTORY) {
                    double[] w = history.subList(Math.max(0, history.size() - WINDOW), history.size()).stream()
                            .mapToDouble(Double::doubleValue).toArray();
                    double med = median(w);
                    double[] dev = Arrays.stream(w).map(x -> Math.abs(x - med)).toArray();
                    double sigma = Math.max(1.4826 * median(dev), Math.max(0.01, 0.02 * med));
                    double excess = r.hourly() - med;
                    double daily = excess * 24;
                    LocalDate day = LocalDate.ofInstant(r.to(), ZoneOffset.UTC);
                    double exp = expected.daily(r.account(), r.service(), day);
                    if (exp <= 0) {
                        exp = med * 24;
                    }
                    Thresholds t = config.thresholdsFor(new Scope(Dimension.SERVICE, r.service(), r.account()));
                    anomalous = daily >= t.absoluteDollars() && (exp <= 0 || daily / exp * 100 >= t.relativePercent())
                            && excess / sigma >= t.zScore();
                    if (anomalous) {
                        String basis = String.format(Locale.ROOT, "AWS/Billing EstimatedCharges for %s rose at $%.2f/h "
                                + "from %s to %s, against a learned $%.2f/h (median of %d intervals)", r.service(),
                                r.hourly(), r.from(), r.to(), med, w.length);
                        if (open == null) {
                            String id = "prov:" + day + ":" + r.account() + ":estimated-charges:" + r.service() + ":"
                                    + r.to().atZone(ZoneOffset.UTC).toLocalTime().withSecond(0).withNano(0);
                            open = new ProvisionalAnomaly(id, Source.ESTIMATED_CHARGES, r.to(), day, r.account(),
                                    "us-east-1", r.service(), r.service(), excess, daily, daily, exp, Status.OPEN,
                                    new ProvisionalAnomaly.Cause("EstimatedCharges", null,
                                            "AWS/Billing EstimatedCharges ServiceName=" + r.service(), null),
                                    List.of(), List.of(), basis, null, Double.NaN, null, null, null);
                            out.add(open);
                        } else {
                            // the same episode: keep the first detection, take the larger estimate
                            ProvisionalAnomaly o = open;
                            open = new ProvisionalAnomaly(o.id(), o.source(), o.detectedAt(), o.date(), o.account(),
                                    o.region(), o.service(), o.key(), Math.max(o.estimatedHourlyCost(), excess),
                                    Math.max(o.estimatedDailyImpact(), daily), Math.max(o.estimatedImpactOnDate(), daily),
                                    o.expectedDailyCost(), o.status(), o.cause(), o.changes(), o.unpriced(), basis,
                                    null, Double.NaN, null, null, null);
                            out.set(out.size() - 1, open);
                        }
                        history.add(med);
                        continue;
                    }
                }
                open = null;
                history.add(r.hourly());
            }
        }
        return out;
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
