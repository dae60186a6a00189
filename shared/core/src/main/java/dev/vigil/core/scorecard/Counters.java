package dev.vigil.core.scorecard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scorecard counts per UTC day (what is saved in the day items and summed by {@code vigil scorecard}), plus the raw
 * samples of durations (for the EMF distributions). Names are the metric names.
 */
public final class Counters {

    public static final String SIGNALS = "Signals";
    public static final String ANOMALIES = "AnomaliesIn";
    public static final String DUPLICATES = "DuplicateSignals";
    public static final String INCIDENTS_OPENED = "IncidentsOpened";
    public static final String ALERTS = "Alerts";
    public static final String INCIDENTS_RESOLVED = "IncidentsResolved";
    public static final String TTR_SECONDS = "TimeToResolveSeconds";
    public static final String TTA_SECONDS = "TimeToAcknowledgeSeconds";
    public static final String ACKS = "Acknowledged";
    public static final String FEEDBACK_USEFUL = "FeedbackUseful";
    public static final String FEEDBACK_NOISE = "FeedbackNoise";
    public static final String SUPPRESSED = "Suppressed";
    public static final String AUTOMATION_STARTED = "AutomationStarted";
    public static final String AUTOMATION_SUCCEEDED = "AutomationSucceeded";
    public static final String AUTOMATION_FAILED = "AutomationFailed";
    public static final String DRIFT = "DriftEvents";
    public static final String CHANGES = "Changes";
    public static final String SLO_PAGES = "SloPages";
    public static final String SLO_TICKETS = "SloTickets";

    /** Suppression reasons: the {@code Reason} dimension of {@link #SUPPRESSED}. */
    public static final List<String> SUPPRESSION_REASONS =
            List.of("silence", "maintenance", "deploy", "inhibited", "threshold", "rate_limit");

    private final Map<String, Map<String, Long>> byDay = new TreeMap<>();
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final Map<String, Double> gauges = new LinkedHashMap<>();
    public static final String OPEN_INCIDENTS = "OpenIncidents";

    public static String day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    public void add(long at, String name, long n) {
        byDay.computeIfAbsent(day(at), d -> new TreeMap<>()).merge(name, n, Long::sum);
    }

    public void suppressed(long at, String reason) {
        add(at, SUPPRESSED, 1);
        add(at, SUPPRESSED + "." + reason, 1);
    }

    /** A duration sample: its sum and count go into the day counters, the value into the EMF distribution. */
    public void sample(long at, String name, double seconds) {
        add(at, name + ".sum", Math.round(seconds));
        add(at, name + ".count", 1);
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(seconds);
    }

    /** A level at the end of the batch (e.g. open incidents): an EMF value, not a day counter. */
    public void gauge(String name, double value) {
        gauges.put(name, value);
    }

    public Map<String, Double> gauges() {
        return gauges;
    }

    public Map<String, Map<String, Long>> byDay() {
        return byDay;
    }

    public Map<String, List<Double>> samples() {
        return samples;
    }

    public long total(String name) {
        long t = 0;
        for (Map<String, Long> d : byDay.values()) {
            t += d.getOrDefault(name, 0L);
        }
        return t;
    }

    public boolean isEmpty() {
        return byDay.isEmpty();
    }

    public void addAll(Counters o) {
        o.byDay.forEach((day, m) -> m.forEach((k, v) ->
                byDay.computeIfAbsent(day, d -> new TreeMap<>()).merge(k, v, Long::sum)));
        o.samples.forEach((k, v) -> samples.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        gauges.putAll(o.gauges);
    }
}
