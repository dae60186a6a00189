package dev.vigil.core.cost.now;

import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.cost.detect.Dimension;
import dev.vigil.core.cost.detect.Scope;
import dev.vigil.core.cost.detect.SeriesView;
import dev.vigil.core.cost.detect.Thresholds;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When an export covers a provisional anomaly's day, says what became of the estimate, from the export
 * detector's result on the same history (the billing path's reader, CostDaily, {@code CostSpikeDetector}):
 * <ul>
 *   <li><b>confirmed</b>: the export detector has an anomaly on the same scope (the service, in the account or
 *       overall) and day, and its excess is within {@value #AGREE} of the estimate for the day;</li>
 *   <li><b>revised</b>: the export shows an excess (an export anomaly, or an excess over expected past the
 *       scope's $ threshold) that differs from the estimate by more: the export's figure replaces it;</li>
 *   <li><b>retracted</b>: no excess in the export (the change was covered by a reservation or Savings Plan,
 *       failed, or was undone before it cost much).</li>
 * </ul>
 * The export's excess on a day is the sum, over the estimate's services, of actual − expected from the detector's
 * series for the service in that account (or overall, when the export holds one account).
 */
public final class Reconciler {

    /** Relative difference between export and estimate under which the estimate is confirmed as it was. */
    public static final double AGREE = 0.25;

    private final DetectionConfig config;

    public Reconciler(DetectionConfig config) {
        this.config = config;
    }

    /**
     * @param exportAt when the export covering the day was delivered (lead time is measured to it)
     * @param now      when this reconciliation runs
     */
    public List<ProvisionalAnomaly> reconcile(List<ProvisionalAnomaly> anomalies, DetectionResult export,
                                              Instant exportAt, Instant now) {
        List<ProvisionalAnomaly> out = new ArrayList<>();
        for (ProvisionalAnomaly a : anomalies) {
            out.add(reconcileOne(a, export, exportAt, now));
        }
        return out;
    }

    public ProvisionalAnomaly reconcileOne(ProvisionalAnomaly a, DetectionResult export, Instant exportAt,
                                           Instant now) {
        if (a.status() != Status.OPEN || export.firstDay() == null || a.date().isAfter(export.lastCompleteDay())
                || a.date().isBefore(export.firstDay())) {
            return a;   // already reconciled, or the export does not cover the day yet
        }
        Set<String> services = new LinkedHashSet<>();
        services.add(a.service());
        for (ProvisionalAnomaly.ChangeLine l : a.changes()) {
            if (l.service() != null) {
                services.add(l.service());
            }
        }
        double excess = 0;
        boolean anomalyOnScope = false;
        for (String s : services) {
            excess += excess(export, s, a.account(), a.date());
            for (CostAnomaly x : export.anomalies()) {
                if (x.date().equals(a.date()) && x.scope().dimension() == Dimension.SERVICE
                        && x.scope().key().equals(s) && (x.scope().account() == null
                        || x.scope().account().equals(a.account())) && x.impact() > 0) {
                    anomalyOnScope = true;
                }
            }
        }
        double estimate = a.source() == ProvisionalAnomaly.Source.CLOUDTRAIL ? a.estimatedImpactOnDate()
                : a.estimatedDailyImpact();
        Thresholds t = config.thresholdsFor(new Scope(Dimension.SERVICE, a.service(), a.account()));
        Status s;
        boolean agrees = estimate > 0 && Math.abs(excess - estimate) <= AGREE * estimate;
        if (anomalyOnScope && agrees) {
            s = Status.CONFIRMED;
        } else if (anomalyOnScope || excess >= t.absoluteDollars() && excess >= AGREE * Math.max(estimate, 0)) {
            s = Status.REVISED;
        } else {
            s = Status.RETRACTED;
        }
        return a.reconciled(s, now, excess, exportAt);
    }

    private static double excess(DetectionResult export, String service, String account, LocalDate date) {
        SeriesView v = export.series().get(new Scope(Dimension.SERVICE, service, account));
        if (v == null) {
            v = export.series().get(new Scope(Dimension.SERVICE, service, null));
        }
        if (v == null) {
            return 0;
        }
        int i = (int) (date.toEpochDay() - export.firstDay().toEpochDay());
        if (i < 0 || i >= v.actual().length) {
            return 0;
        }
        double expected = v.expected()[i];
        if (Double.isNaN(expected)) {
            // too little history for the model: the mean of the week before stands in
            double sum = 0;
            int n = 0;
            for (int k = Math.max(0, i - 7); k < i; k++) {
                sum += v.actual()[k];
                n++;
            }
            expected = n == 0 ? 0 : sum / n;
        }
        return v.actual()[i] - expected;
    }

    /** Provisional precision and lead time, for the scorecard and the report. */
    public record Score(int reconciled, int confirmed, int revised, int retracted, double precision,
                        double medianLeadTimeHours) {
    }

    /** Precision: the share of reconciled estimates the export bore out (confirmed or revised, not retracted). */
    public static Score score(List<ProvisionalAnomaly> anomalies) {
        int c = 0;
        int r = 0;
        int x = 0;
        List<Double> leads = new ArrayList<>();
        for (ProvisionalAnomaly a : anomalies) {
            switch (a.status()) {
                case CONFIRMED -> c++;
                case REVISED -> r++;
                case RETRACTED -> x++;
                default -> {
                    continue;
                }
            }
            if (!Double.isNaN(a.leadTimeHours()) && a.status() != Status.RETRACTED) {
                leads.add(a.leadTimeHours());
            }
        }
        int n = c + r + x;
        leads.sort(Double::compare);
        double median = leads.isEmpty() ? Double.NaN : leads.size() % 2 == 1 ? leads.get(leads.size() / 2)
                : (leads.get(leads.size() / 2 - 1) + leads.get(leads.size() / 2)) / 2;
        return new Score(n, c, r, x, n == 0 ? Double.NaN : (c + r) / (double) n, median);
    }
}
