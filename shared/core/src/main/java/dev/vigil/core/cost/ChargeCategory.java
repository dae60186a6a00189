package dev.vigil.core.cost;

import java.util.Locale;

/**
 * What a cost line is, across dialects. Only {@link #USAGE} is scanned for spikes: recurring fees land on the 1st,
 * tax and credits follow usage or the calendar, and none of them is a consumption spike.
 */
public enum ChargeCategory {
    USAGE, FEE, TAX, CREDIT, REFUND, DISCOUNT, ADJUSTMENT, OTHER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChargeCategory fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    private static final ChargeCategory[] VALUES = values();

    public static ChargeCategory of(int ordinal) {
        return VALUES[ordinal];
    }
}
