package dev.vigil.core.cost.report;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Inline SVG line charts for the report: actual daily cost, the expected cost (dashed) and the alert band (shaded),
 * with one day marked. No script, no external asset: it renders anywhere HTML does, including mail clients that
 * strip scripts.
 */
final class Svg {

    private Svg() {
    }

    static String chart(LocalDate firstDay, double[] actual, double[] expected, double[] lower, double[] upper,
                        int from, int mark, String currency, String title) {
        int w = 760;
        int h = 220;
        int left = 64;
        int right = 12;
        int top = 14;
        int bottom = 30;
        int n = actual.length - from;
        if (n <= 0) {
            return "";
        }
        double max = 0;
        for (int i = from; i < actual.length; i++) {
            max = Math.max(max, actual[i]);
            if (Double.isFinite(upper[i])) {
                max = Math.max(max, Math.min(upper[i], 3 * Math.max(actual[i], expected[i])));
            }
        }
        max = niceCeiling(max <= 0 ? 1 : max * 1.08);
        double pw = w - left - right;
        double ph = h - top - bottom;
        double step = n > 1 ? pw / (n - 1) : pw;
        final double mx = max;
        java.util.function.IntToDoubleFunction x = i -> left + (i - from) * step;
        java.util.function.DoubleUnaryOperator y = v -> top + ph - Math.max(0, Math.min(v, mx)) / mx * ph;

        StringBuilder s = new StringBuilder(8192);
        s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.esc(title))
                .append("</title>");
        // grid and y labels
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double yy = y.applyAsDouble(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>",
                    left, w - right, yy, yy));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"ylab\">%s</text>", left - 6,
                    yy + 4, Html.esc(Money.of(v, currency))));
        }
        // band
        StringBuilder band = new StringBuilder();
        int runStart = -1;
        for (int i = from; i <= actual.length; i++) {
            boolean ok = i < actual.length && Double.isFinite(upper[i]) && Double.isFinite(lower[i]);
            if (ok && runStart < 0) {
                runStart = i;
            }
            if (!ok && runStart >= 0) {
                band.append("M");
                for (int j = runStart; j < i; j++) {
                    band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(j),
                            y.applyAsDouble(upper[j])));
                }
                for (int j = i - 1; j >= runStart; j--) {
                    band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(j),
                            y.applyAsDouble(lower[j])));
                }
                band.append("Z ");
                runStart = -1;
            }
        }
        if (band.length() > 0) {
            s.append("<path class=\"band\" d=\"").append(band).append("\"/>");
        }
        s.append(polyline(expected, from, x, y, "expected"));
        s.append(polyline(actual, from, x, y, "actual"));
        if (mark >= from && mark < actual.length) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" class=\"mark\"/>",
                    x.applyAsDouble(mark), y.applyAsDouble(actual[mark])));
        }
        // x labels: about 6
        int every = Math.max(1, n / 6);
        for (int i = from; i < actual.length; i += every) {
            LocalDate d = firstDay.plusDays(i);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"xlab\">%s</text>",
                    x.applyAsDouble(i), h - 10, d.toString().substring(5)));
        }
        s.append("</svg>");
        return s.toString();
    }

    private static String polyline(double[] v, int from, java.util.function.IntToDoubleFunction x,
                                   java.util.function.DoubleUnaryOperator y, String cls) {
        StringBuilder s = new StringBuilder();
        StringBuilder pts = new StringBuilder();
        for (int i = from; i <= v.length; i++) {
            boolean ok = i < v.length && Double.isFinite(v[i]);
            if (ok) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(v[i])));
            } else if (pts.length() > 0) {
                s.append("<polyline class=\"").append(cls).append("\" points=\"").append(pts).append("\"/>");
                pts.setLength(0);
            }
        }
        return s.toString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least v. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
