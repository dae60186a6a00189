package dev.vigil.core.cost.detect;

import java.util.Locale;

/** What kind of finding: a spike, a lasting level shift (reported once), or spend on something new. */
public enum AnomalyKind {
    SPIKE, LEVEL_SHIFT, NEW_SPEND;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AnomalyKind fromCode(String c) {
        return valueOf(c.trim().toUpperCase(Locale.ROOT));
    }
}
