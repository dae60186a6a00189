package dev.vigil.core.cost.detect;

import dev.vigil.core.cost.CostFact;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Month-end spend, per service and in total, with a 90% prediction interval.
 *
 * <p>Month to date is what the export says (every charge category, through the last complete day). The rest of
 * the month is usage only, forecast from the detector's cleaned daily series (spikes already replaced by their
 * expected value): an ordinary least-squares line (Commons Math {@link SimpleRegression}) through the last 28
 * deseasonalised days, re-seasonalised by day of week. For the sum S of the k remaining days,
 * Var(S) ≈ s² · [Σ wⱼ² + (Σ wⱼ)²/n + (Σ wⱼ(xⱼ − x̄))² / Sxx] with wⱼ the seasonal factor of day j and s² the
 * regression's mean squared error (independent residuals, plus the uncertainty of the fitted line), and the
 * interval is S ± t(0.95, n−2)·√Var(S).
 */
public final class MonthEndForecast {

    /** One forecast line; {@code low}/{@code high} bound the 90% interval. */
    public record Line(String scope, double monthToDate, double forecast, double low, double high,
                       int daysRemaining) {
    }

    /** Total first, then services by forecast, largest first. */
    public record Forecast(YearMonth month, LocalDate through, List<Line> lines) {
        public Line total() {
            return lines.isEmpty() ? null : lines.get(0);
        }
    }

    private MonthEndForecast() {
    }

    public static Forecast forecast(DetectionResult result, List<CostFact> facts, int maxServices) {
        LocalDate through = result.lastCompleteDay();
        YearMonth month = YearMonth.from(through);
        long monthStart = month.atDay(1).toEpochDay();
        long end = through.toEpochDay();
        int remaining = month.lengthOfMonth() - through.getDayOfMonth();
        double mtdTotal = 0;
        Map<String, Double> mtdByService = new HashMap<>();
        for (CostFact f : facts) {
            if (f.grain() == CostFact.Grain.DETAIL && f.epochDay() >= monthStart && f.epochDay() <= end) {
                mtdTotal += f.cost();
                mtdByService.merge(f.service(), f.cost(), Double::sum);
            }
        }
        List<Line> lines = new ArrayList<>();
        SeriesView total = result.series().get(Scope.TOTAL);
        lines.add(line("total", mtdTotal, total, result, remaining));
        List<Line> services = new ArrayList<>();
        for (Map.Entry<String, Double> e : mtdByService.entrySet()) {
            SeriesView v = result.series().get(Scope.of(Dimension.SERVICE, e.getKey()));
            services.add(line(e.getKey(), e.getValue(), v, result, remaining));
        }
        services.sort(Comparator.comparingDouble((Line l) -> -l.forecast()).thenComparing(Line::scope));
        lines.addAll(services.subList(0, Math.min(maxServices, services.size())));
        return new Forecast(month, through, List.copyOf(lines));
    }

    static Line line(String name, double mtd, SeriesView v, DetectionResult r, int remaining) {
        if (remaining == 0) {
            return new Line(name, mtd, mtd, mtd, mtd, 0);
        }
        if (v == null || r.firstDay() == null) {
            return new Line(name, mtd, mtd, mtd, mtd, remaining);   // no usage history: nothing more expected
        }
        double[] y = v.cleaned();
        double[] s = v.seasonal() == null ? new double[] {1, 1, 1, 1, 1, 1, 1} : v.seasonal();
        int n = y.length;
        int from = Math.max(0, n - 28);
        SimpleRegression reg = new SimpleRegression(true);
        for (int i = from; i < n; i++) {
            double w = s[dow(r, i)];
            reg.addData(i, w > 1e-9 ? y[i] / w : y[i]);
        }
        long m = reg.getN();
        if (m < 3) {
            double last = n > 0 ? y[n - 1] : 0;
            double f = mtd + last * remaining;
            return new Line(name, mtd, f, mtd, f + last * remaining, remaining);
        }
        double a = reg.getIntercept();
        double b = reg.getSlope();
        double mse = Double.isNaN(reg.getMeanSquareError()) ? 0 : reg.getMeanSquareError();
        double xbar = (from + n - 1) / 2.0;
        double sxx = reg.getXSumSquares();
        double sum = 0;
        double sumW = 0;
        double sumW2 = 0;
        double sumWdx = 0;
        for (int j = 1; j <= remaining; j++) {
            int x = n - 1 + j;
            double w = s[dow(r, x)];
            sum += Math.max(0, (a + b * x) * w);
            sumW += w;
            sumW2 += w * w;
            sumWdx += w * (x - xbar);
        }
        double var = mse * (sumW2 + sumW * sumW / m + (sxx > 0 ? sumWdx * sumWdx / sxx : 0));
        double tq = new TDistribution(Math.max(1, m - 2)).inverseCumulativeProbability(0.95);
        double half = tq * Math.sqrt(Math.max(0, var));
        double f = mtd + sum;
        return new Line(name, mtd, f, Math.max(mtd, f - half), f + half, remaining);
    }

    private static int dow(DetectionResult r, int index) {
        return r.firstDay().plusDays(index).getDayOfWeek().getValue() - 1;
    }
}
