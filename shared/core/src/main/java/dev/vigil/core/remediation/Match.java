package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.detect.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The anomaly pattern a runbook answers: namespace and metric (exact), dimensions (globs; each named dimension
 * must be present and match), direction (the value above or below its band), the least severity, and optionally
 * the detector reasons ({@code spike}, {@code level_shift}…).
 */
public record Match(String namespace, String metricName, Map<String, String> dimensions, Direction direction,
                    Severity minSeverity, Set<String> reasons) {

    public enum Direction {
        ABOVE, BELOW, ANY;

        public static Direction parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Match {
        dimensions = Map.copyOf(dimensions);
        reasons = Set.copyOf(reasons);
    }

    /** Null when the event matches, else why not (for the demo and for tests). */
    public String mismatch(AnomalyEvent e) {
        if (!namespace.equals(e.namespace())) {
            return "namespace " + e.namespace() + " is not " + namespace;
        }
        if (!metricName.equals(e.metricName())) {
            return "metric " + e.metricName() + " is not " + metricName;
        }
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            String v = e.dimensions().get(d.getKey());
            if (v == null || !Limits.globMatches(d.getValue(), v)) {
                return "dimension " + d.getKey() + "=" + v + " does not match " + d.getValue();
            }
        }
        if (direction == Direction.ABOVE && !(e.value() > e.upper())) {
            return "value is not above its band";
        }
        if (direction == Direction.BELOW && !(e.value() < e.lower())) {
            return "value is not below its band";
        }
        Severity s = severity(e.severity());
        if (s == null || s.ordinal() < minSeverity.ordinal()) {
            return "severity " + e.severity() + " is below " + minSeverity.code();
        }
        if (!reasons.isEmpty() && !reasons.contains(e.reason())) {
            return "reason " + e.reason() + " is not one of " + List.copyOf(reasons);
        }
        return null;
    }

    public boolean matches(AnomalyEvent e) {
        return mismatch(e) == null;
    }

    static Severity severity(String code) {
        if (code == null) {
            return null;
        }
        for (Severity s : Severity.values()) {
            if (s.code().equalsIgnoreCase(code)) {
                return s;
            }
        }
        return null;
    }
}
