package dev.vigil.core.cost.detect;

import java.time.LocalDate;

/**
 * Analyst feedback: "this anomaly was expected". The marked day is absorbed into the baseline, and later anomalies
 * of the same scope, no more than {@link DetectionConfig#similarImpactFactor()} times as large and within
 * {@link DetectionConfig#suppressDays()} days, are suppressed (kept in the report, not alerted). {@code impact}
 * may be NaN (a click on a Slack button knows only the id): it is then read off the marked day.
 */
public record ExpectedMark(String anomalyId, LocalDate date, Scope scope, double impact, String by, String note) {

    public static ExpectedMark of(String anomalyId, double impact, String by, String note) {
        CostAnomaly.ParsedId p = CostAnomaly.parseId(anomalyId);
        return new ExpectedMark(anomalyId, p.date(), p.scope(), impact, by, note);
    }
}
