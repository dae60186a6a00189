package dev.vigil.core.cost.report;

import java.util.Locale;

/** Amounts for people: $1,234.56, and signed deltas. */
final class Money {
    private Money() {
    }

    static String of(double v, String currency) {
        String sym = currency == null || currency.equals("USD") ? "$" : currency + " ";
        double a = Math.abs(v);
        if (a == 0) {
            return sym + "0";
        }
        String s = a >= 100 ? String.format(Locale.ROOT, "%,.0f", a) : a >= 1 ? String.format(Locale.ROOT, "%,.2f", a)
                : String.format(Locale.ROOT, "%.4f", a);
        return (v < 0 ? "-" : "") + sym + s;
    }

    static String signed(double v, String currency) {
        return (v >= 0 ? "+" : "") + of(v, currency);
    }

    static String pct(double p) {
        if (Double.isInfinite(p) || Double.isNaN(p)) {
            return "new";
        }
        return String.format(Locale.ROOT, "%+.0f%%", p);
    }
}
