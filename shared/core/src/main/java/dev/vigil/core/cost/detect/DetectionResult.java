package dev.vigil.core.cost.detect;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the detector found over {@code [firstDay, lastCompleteDay]}: the anomalies (newest first; suppressed ones
 * flagged, not removed), and the series behind them for charts and the forecast.
 */
public record DetectionResult(LocalDate firstDay, LocalDate lastCompleteDay, List<CostAnomaly> anomalies,
                              Map<Scope, SeriesView> series, int scopesScored, int explainedAway) {

    public int days() {
        return firstDay == null ? 0 : (int) (lastCompleteDay.toEpochDay() - firstDay.toEpochDay() + 1);
    }

    public LocalDate day(int index) {
        return firstDay.plusDays(index);
    }

    /** Anomalies that should alert: not suppressed by feedback. */
    public List<CostAnomaly> alerting() {
        return anomalies.stream().filter(a -> !a.suppressed()).toList();
    }
}
