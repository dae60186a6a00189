package dev.vigil.core.cost.detect;

import java.util.Arrays;

/**
 * The expected cost of a day from the days before it: day-of-week seasonality, a robust level and a robust trend.
 *
 * <ol>
 *   <li><b>Seasonality</b> (with at least 14 days): each day's ratio to the mean of the 7-day window around it (one
 *       of each weekday, so the weekly level); the weekday's index is the median of its ratios, normalised to
 *       average 1. Medians keep one odd week from setting the pattern.</li>
 *   <li><b>Level</b>: deseasonalised values since the last change point; the median of the last 7.</li>
 *   <li><b>Trend</b> (with at least 14 days since the change point): the Theil–Sen slope (median of pairwise
 *       slopes) of the last 28 deseasonalised days, which ignores up to ~29% outliers; projected from the middle of
 *       the last 7 days (3 days back) to the target day (so 4 days forward).</li>
 *   <li><b>Spread</b>: 1.4826 × the median absolute deviation of the residuals around level + trend, i.e. a
 *       standard deviation that spikes do not inflate; floored at 2% of the expected cost and 1 cent.</li>
 * </ol>
 * Callers pass a history in which earlier spikes were already replaced by their expected value (see
 * {@link CostSpikeDetector}), which is what makes the model robust to past spikes.
 */
public final class ExpectedCost {

    /** Expected cost and spread; {@code expected} is NaN when the history is too short. */
    public record Estimate(double expected, double sigma, double[] seasonal) {
        public boolean ok() {
            return !Double.isNaN(expected);
        }
    }

    private ExpectedCost() {
    }

    /**
     * @param y        the (cleaned) series
     * @param dow      day of week (0..6) of each index
     * @param t        the day to predict (uses indexes before it only)
     * @param cp       first index of the current regime (after a change point, or where the series starts)
     * @param window   how far back seasonality looks
     * @param minLevel days since {@code cp} needed for a level
     */
    public static Estimate estimate(double[] y, int[] dow, int t, int cp, int window, int minLevel) {
        int from = Math.max(0, t - window);
        int regimeStart = Math.max(cp, from);
        int nRegime = t - regimeStart;
        if (nRegime < Math.max(1, minLevel)) {
            return new Estimate(Double.NaN, Double.NaN, null);
        }
        double[] s = seasonal(y, dow, Math.max(from, seasonStart(cp, from, t)), t);
        // deseasonalised regime values
        int nLevel = Math.min(7, nRegime);
        double[] last = new double[nLevel];
        for (int i = 0; i < nLevel; i++) {
            int idx = t - nLevel + i;
            last[i] = deseason(y[idx], s[dow[idx]]);
        }
        double level = median(last);
        double slope = 0;
        int nTrend = Math.min(28, nRegime);
        double[] xs = new double[nTrend];
        double[] zs = new double[nTrend];
        for (int i = 0; i < nTrend; i++) {
            int idx = t - nTrend + i;
            xs[i] = idx;
            zs[i] = deseason(y[idx], s[dow[idx]]);
        }
        if (nRegime >= 14) {
            slope = theilSen(xs, zs);
        }
        // the level is the median of the last 7 days, centred (nLevel-1)/2 days before t-1
        double centre = t - 1 - (nLevel - 1) / 2.0;
        double expectedZ = Math.max(0, level + slope * (t - centre));
        double[] res = new double[nTrend];
        for (int i = 0; i < nTrend; i++) {
            res[i] = zs[i] - (level + slope * (xs[i] - centre));
        }
        double sigmaZ = 1.4826 * mad(res);
        double season = s[dow[t]];
        double expected = expectedZ * season;
        double sigma = Math.max(sigmaZ * season, Math.max(0.02 * expected, 0.01));
        return new Estimate(expected, sigma, s);
    }

    /** Seasonality may use the pre-shift history: ratios to the weekly mean do not depend on the level. */
    private static int seasonStart(int cp, int from, int t) {
        return from;
    }

    private static double deseason(double v, double s) {
        return s > 1e-9 ? v / s : v;
    }

    /** Day-of-week indexes (mean 1) from y[from..to), or all ones with fewer than 14 days. */
    static double[] seasonal(double[] y, int[] dow, int from, int to) {
        double[] s = new double[7];
        Arrays.fill(s, 1.0);
        int n = to - from;
        if (n < 14) {
            return s;
        }
        double[][] ratios = new double[7][(n / 7) + 2];
        int[] counts = new int[7];
        for (int i = from; i < to; i++) {
            int a = Math.max(from, Math.min(i - 3, to - 7));
            double sum = 0;
            for (int j = a; j < a + 7; j++) {
                sum += y[j];
            }
            double mean = sum / 7;
            if (mean <= 1e-9) {
                continue;
            }
            int d = dow[i];
            if (counts[d] < ratios[d].length) {
                ratios[d][counts[d]++] = y[i] / mean;
            }
        }
        double total = 0;
        int have = 0;
        for (int d = 0; d < 7; d++) {
            if (counts[d] >= 2) {
                s[d] = median(Arrays.copyOf(ratios[d], counts[d]));
                total += s[d];
                have++;
            }
        }
        if (have == 7 && total > 1e-9) {
            for (int d = 0; d < 7; d++) {
                s[d] = s[d] * 7 / total;
            }
        } else {
            Arrays.fill(s, 1.0);
        }
        return s;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        int m = c.length / 2;
        return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
    }

    static double mad(double[] v) {
        double med = median(v);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = Math.abs(v[i] - med);
        }
        return median(d);
    }

    /** Median of the slopes of all pairs. */
    static double theilSen(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        return median(Arrays.copyOf(slopes, k));
    }
}
