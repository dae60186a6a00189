package dev.vigil.core.detect;

import java.util.Locale;

/** The kind of deviation a verdict describes. {@link #code()} is what events and policies match on. */
public enum Reason {
    /** Inside the band. */
    WITHIN_BAND,
    /** A short excursion above the band. */
    SPIKE,
    /** A short excursion below the band. */
    DIP,
    /** A persistent step to a new level (reported once, then absorbed into the baseline). */
    LEVEL_SHIFT,
    /** The noise grew or shrank markedly while the level stayed put. */
    VARIANCE_CHANGE,
    /** Normal for the series overall, wrong for this hour of day / day of week. */
    SEASONAL_DEVIATION,
    /** The slope changed. */
    TREND_BREAK;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
