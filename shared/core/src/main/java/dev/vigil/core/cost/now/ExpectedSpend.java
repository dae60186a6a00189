package dev.vigil.core.cost.now;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scope's expected daily cost, which the % threshold is taken against: the median of the scope's daily usage
 * cost over the {@value #WINDOW_DAYS} days before the day (days without spend count as 0). The median rather than
 * the detector's seasonal model: within the hour there is one number to compare with, and a median ignores the
 * odd spike in the history. No history: 0, and then only the $ threshold applies.
 */
public interface ExpectedSpend {

    int WINDOW_DAYS = 14;

    double daily(String account, String service, LocalDate date);

    ExpectedSpend NONE = (a, s, d) -> 0.0;

    /** From aggregated export facts (the CostDaily table's, or a local export's). */
    static ExpectedSpend fromFacts(List<CostFact> facts) {
        Map<String, Map<Long, Double>> byScope = new HashMap<>();
        for (CostFact f : facts) {
            if (f.grain() != CostFact.Grain.DETAIL || f.category() != ChargeCategory.USAGE) {
                continue;
            }
            byScope.computeIfAbsent(f.account() + "|" + f.service(), k -> new HashMap<>())
                    .merge(f.epochDay(), f.cost(), Double::sum);
        }
        return (account, service, date) -> {
            Map<Long, Double> days = byScope.get(account + "|" + service);
            if (days == null) {
                return 0.0;
            }
            long end = date.toEpochDay();
            List<Double> window = new ArrayList<>();
            boolean any = false;
            for (long d = end - WINDOW_DAYS; d < end; d++) {
                Double v = days.get(d);
                any |= v != null;
                window.add(v == null ? 0.0 : v);
            }
            if (!any) {
                return 0.0;
            }
            double[] a = window.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(a);
            return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        };
    }
}
