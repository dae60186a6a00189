package dev.vigil.core.incident;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.detect.Severity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One thing that may deserve a human: a metric anomaly, a cost anomaly or an SLO burn-rate alert, normalised.
 *
 * @param id         stable per occurrence (the anomaly event id; a hash for the others): redeliveries are dropped
 * @param seriesKey  what repeats: a series, a cost key, an SLO. A repeat on a series updates its incident.
 * @param resources  scoped resource keys ({@link Resources#scoped}); the topology the signal belongs to
 * @param services   services named by the signal itself (an SLO's service); the engine adds the topology's
 * @param route      {@code page} or {@code ticket} for SLO alerts, null otherwise
 * @param anomaly    the metric anomaly behind the signal, when there is one (runbook policies match on it)
 */
public record Signal(String id, Kind kind, String seriesKey, String accountId, String region, String namespace,
                     String metricName, SortedMap<String, String> dimensions, long timestamp, Severity severity,
                     double score, String title, List<String> resources, Set<String> services, String route,
                     AnomalyEvent anomaly) {

    public enum Kind {
        METRIC, COST, SLO;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Signal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seriesKey, "seriesKey");
        Objects.requireNonNull(severity, "severity");
        dimensions = new TreeMap<>(dimensions == null ? Map.of() : dimensions);
        resources = List.copyOf(resources);
        services = services == null ? Set.of() : Set.copyOf(services);
    }

    /** A metric anomaly ({@code vigil.anomaly}). */
    public static Signal of(AnomalyEvent e) {
        List<String> keys = Resources.of(e.namespace(), e.dimensions());
        List<String> scoped = new java.util.ArrayList<>(keys.size());
        for (String k : keys) {
            scoped.add(Resources.scoped(e.accountId(), e.region(), k));
        }
        String title = e.namespace() + " " + e.metricName() + " " + Resources.unscoped(scoped.get(0)) + ": "
                + e.reason() + " (" + fmt(e.value()) + " vs expected " + fmt(e.expected()) + ")";
        return new Signal(e.id(), Kind.METRIC, e.seriesId(), e.accountId(), e.region(), e.namespace(),
                e.metricName(), e.dimensions(), e.timestamp(), severity(e.severity()), e.score(), title, scoped,
                Set.of(), null, e);
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "?";
        }
        return String.format(java.util.Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }

    /** Parses a severity code ({@code low|medium|high|critical}); unknown codes are medium. */
    public static Severity severity(String code) {
        if (code != null) {
            for (Severity s : Severity.values()) {
                if (s.code().equalsIgnoreCase(code.trim())) {
                    return s;
                }
            }
        }
        return Severity.MEDIUM;
    }
}
