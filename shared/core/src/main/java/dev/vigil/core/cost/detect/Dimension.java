package dev.vigil.core.cost.detect;

import java.util.Locale;

/** The dimensions of the cost-anomaly contract ({@code dimension} field). */
public enum Dimension {
    TOTAL, SERVICE, ACCOUNT, REGION, USAGE_TYPE, RESOURCE, TAG;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Dimension fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}
