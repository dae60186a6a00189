package dev.vigil.core.cost;

import java.util.Locale;

/**
 * Which cost to add up.
 *
 * <p>{@link #AMORTIZED} (the default) spreads Reserved Instance and Savings Plan commitments over the usage they
 * cover: CUR's {@code reservation/EffectiveCost} and {@code savingsPlan/SavingsPlanEffectiveCost}, unused
 * commitment on the fee lines, FOCUS {@code EffectiveCost}. It tracks consumption, which is what a spike is about:
 * with {@link #UNBLENDED}, buying a 1-year RI puts its whole upfront on one day, a Savings Plan's monthly fee lands
 * on the 1st, and covered usage is replaced by negation lines. Unblended (FOCUS {@code BilledCost}) matches the
 * invoice, and is available for teams that reconcile against it.
 */
public enum CostMetric {
    AMORTIZED, UNBLENDED;

    public static CostMetric parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "amortized", "amortised", "effective" -> AMORTIZED;
            case "unblended", "billed" -> UNBLENDED;
            default -> throw new IllegalArgumentException("cost metric must be amortized or unblended, was " + s);
        };
    }
}
