package dev.vigil.core.detect;

import java.util.Locale;

/** How loud an anomaly is; ordered from least to most severe. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
