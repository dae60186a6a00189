package dev.vigil.core.cost.report;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.detect.CostSpikeDetector;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.cost.detect.ExpectedMark;
import dev.vigil.core.cost.detect.MonthEndForecast;
import dev.vigil.core.cost.read.BadRows;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a FinOps report shows, computed once and rendered by {@link AnomaliesJson}, {@link CostCsv},
 * {@link HtmlReport} and {@link SlackDigest}.
 *
 * @param source       what was analysed (export id or input path)
 * @param incompleteFrom the first day left out as incomplete (null when none)
 * @param dailyByCategory cost per day per charge category (all of them, for the summary and daily_costs.csv)
 */
public record CostReport(String source, Instant generatedAt, CostMetric metric, DetectionResult detection,
                         MonthEndForecast.Forecast forecast, List<CostFact> facts, LocalDate incompleteFrom,
                         Map<LocalDate, Map<ChargeCategory, Double>> dailyByCategory, Input input,
                         DetectionConfig config) {

    /** Figures about what was read. */
    public record Input(long rows, BadRows badRows, List<String> formats, Set<String> currencies, boolean hourly,
                        long overflowResourceRows, long overflowTagRows, List<String> files) {
        public String currency() {
            return currencies.size() == 1 ? currencies.iterator().next() : currencies.isEmpty() ? "USD" : "mixed";
        }
    }

    /**
     * The last complete day: the newest day of a live export is still being written (CUR and Data Exports refresh
     * it several times a day), so when the data reaches to within two days of {@code asOf} its last day is left
     * out; otherwise (a closed period, an old file) every day counts. Never later than the day before asOf.
     */
    public static LocalDate lastCompleteDay(LocalDate maxDataDay, LocalDate asOf) {
        LocalDate last = maxDataDay;
        if (!maxDataDay.isBefore(asOf.minusDays(2))) {
            last = maxDataDay.minusDays(1);
        }
        LocalDate dayBefore = asOf.minusDays(1);
        return last.isAfter(dayBefore) ? dayBefore : last;
    }

    /** Detection, forecast and summary over {@code facts}, as of {@code asOf} (today, in production). */
    public static CostReport build(String source, List<CostFact> facts, Input input, CostMetric metric,
                                   DetectionConfig config, List<ExpectedMark> marks, LocalDate asOf, Instant now) {
        long max = Long.MIN_VALUE;
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL) {
                max = Math.max(max, f.epochDay());
            }
        }
        Map<LocalDate, Map<ChargeCategory, Double>> daily = new TreeMap<>();
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL) {
                daily.computeIfAbsent(f.day(), d -> new EnumMap<>(ChargeCategory.class))
                        .merge(f.category(), f.cost(), Double::sum);
            }
        }
        if (max == Long.MIN_VALUE) {
            DetectionResult empty = new DetectionResult(null, asOf.minusDays(1), List.of(), Map.of(), 0, 0);
            return new CostReport(source, now, metric, empty, null, facts, null, daily, input, config);
        }
        LocalDate maxDay = LocalDate.ofEpochDay(max);
        LocalDate last = lastCompleteDay(maxDay, asOf);
        DetectionResult r = new CostSpikeDetector(config).detect(facts, last, marks);
        MonthEndForecast.Forecast fc = r.firstDay() == null ? null : MonthEndForecast.forecast(r, facts, 12);
        return new CostReport(source, now, metric, r, fc, facts, maxDay.isAfter(last) ? last.plusDays(1) : null,
                daily, input, config);
    }

    public double dayTotal(LocalDate d) {
        Map<ChargeCategory, Double> m = dailyByCategory.get(d);
        return m == null ? 0 : m.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double dayUsage(LocalDate d) {
        Map<ChargeCategory, Double> m = dailyByCategory.get(d);
        return m == null ? 0 : m.getOrDefault(ChargeCategory.USAGE, 0.0);
    }
}
