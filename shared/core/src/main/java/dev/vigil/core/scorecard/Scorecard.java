package dev.vigil.core.scorecard;

import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measures an AIOps practice is judged by, computed from stored state (what {@code vigil scorecard} prints; in
 * AWS the same figures come from the EMF metrics on the dashboard).
 *
 * <ul>
 *   <li><b>alert volume per day</b>: incident messages posted (a repeat or an update is not an alert);</li>
 *   <li><b>noise reduction</b>: 1 − alerts / signals in;</li>
 *   <li><b>precision</b>: incidents judged useful / incidents judged (majority of users' verdicts, ties useful);</li>
 *   <li><b>MTTA</b>: first post → first human action (any incident button), mean and median;</li>
 *   <li><b>MTTR</b>: first signal → last signal of resolved incidents (the quiet period that confirms the
 *       resolution is not counted);</li>
 *   <li><b>automation success rate</b>: remediation executions succeeded / finished;</li>
 *   <li><b>drift events</b> and <b>suppressed-alert counts</b> by reason.</li>
 * </ul>
 */
public record Scorecard(Map<String, Map<String, Long>> perDay, long signals, long anomalies, long incidents,
                        long alerts, double noiseReduction, long judged, long useful, double precision,
                        long acknowledged, double mttaSeconds, double medianTtaSeconds, long resolved,
                        double mttrSeconds, double medianTtrSeconds, long automationStarted, long automationSucceeded,
                        long automationFailed, double automationSuccessRate, long drift,
                        Map<String, Long> suppressed) {

    public static Scorecard from(IncidentStore.ScorecardData d) {
        Counters c = d.counters();
        Map<String, Incident> byId = new HashMap<>();
        for (Incident i : d.incidents()) {
            byId.put(i.id, i);
        }
        Map<String, int[]> votes = new HashMap<>();
        for (IncidentStore.Feedback f : d.feedback()) {
            int[] v = votes.computeIfAbsent(f.incidentId(), k -> new int[2]);
            v["useful".equals(f.verdict()) ? 0 : 1]++;
        }
        long useful = votes.values().stream().filter(v -> v[0] >= v[1]).count();
        List<Double> tta = new ArrayList<>();
        for (IncidentStore.FirstAction a : d.firstActions()) {
            Incident i = byId.get(a.incidentId());
            if (i != null && i.notifiedAt > 0) {
                tta.add(Math.max(0, a.at() - i.notifiedAt) / 1000.0);
            }
        }
        List<Double> ttr = new ArrayList<>();
        long incidents = 0;
        for (Incident i : d.incidents()) {
            if (i.status != Incident.Status.MERGED) {
                incidents++;
            }
            if (i.status == Incident.Status.RESOLVED) {
                ttr.add((i.resolvedAt - i.openedAt) / 1000.0);
            }
        }
        long signals = c.total(Counters.SIGNALS);
        long alerts = c.total(Counters.ALERTS);
        long ok = c.total(Counters.AUTOMATION_SUCCEEDED);
        long failed = c.total(Counters.AUTOMATION_FAILED);
        Map<String, Long> suppressed = new LinkedHashMap<>();
        for (String r : Counters.SUPPRESSION_REASONS) {
            suppressed.put(r, c.total(Counters.SUPPRESSED + "." + r));
        }
        return new Scorecard(new TreeMap<>(c.byDay()), signals, c.total(Counters.ANOMALIES), incidents, alerts,
                signals == 0 ? 0 : 1.0 - alerts / (double) signals, votes.size(), useful,
                votes.isEmpty() ? Double.NaN : useful / (double) votes.size(), tta.size(), mean(tta), median(tta),
                ttr.size(), mean(ttr), median(ttr), c.total(Counters.AUTOMATION_STARTED), ok, failed,
                ok + failed == 0 ? Double.NaN : ok / (double) (ok + failed), c.total(Counters.DRIFT), suppressed);
    }

    static double mean(List<Double> v) {
        return v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("  per day (UTC)       signals  anomalies  incidents  alerts  suppressed  resolved  drift\n");
        for (Map.Entry<String, Map<String, Long>> e : perDay.entrySet()) {
            Map<String, Long> m = e.getValue();
            b.append(String.format(Locale.ROOT, "  %-18s %8d %10d %10d %7d %11d %9d %6d%n", e.getKey(),
                    m.getOrDefault(Counters.SIGNALS, 0L), m.getOrDefault(Counters.ANOMALIES, 0L),
                    m.getOrDefault(Counters.INCIDENTS_OPENED, 0L), m.getOrDefault(Counters.ALERTS, 0L),
                    m.getOrDefault(Counters.SUPPRESSED, 0L), m.getOrDefault(Counters.INCIDENTS_RESOLVED, 0L),
                    m.getOrDefault(Counters.DRIFT, 0L)));
        }
        int days = Math.max(1, perDay.size());
        b.append('\n');
        b.append(String.format(Locale.ROOT, "  alert volume         %d alerts over %d day(s): %.1f per day%n", alerts, days,
                alerts / (double) days));
        b.append(String.format(Locale.ROOT, "  noise reduction      %d signals in (%d metric anomalies) -> %d incidents, "
                + "%d alerts: %.1f%% fewer pages%n", signals, anomalies, incidents, alerts, noiseReduction * 100));
        b.append(String.format(Locale.ROOT, "  alert precision      %s (%d useful of %d judged)%n", pct(precision), useful,
                judged));
        b.append(String.format(Locale.ROOT, "  MTTA                 %s mean, %s median (%d acknowledged)%n",
                dur(mttaSeconds), dur(medianTtaSeconds), acknowledged));
        b.append(String.format(Locale.ROOT, "  MTTR                 %s mean, %s median (%d resolved)%n", dur(mttrSeconds),
                dur(medianTtrSeconds), resolved));
        b.append(String.format(Locale.ROOT, "  automation           %s success (%d succeeded, %d failed, %d started)%n",
                pct(automationSuccessRate), automationSucceeded, automationFailed, automationStarted));
        b.append(String.format(Locale.ROOT, "  drift events         %d%n", drift));
        StringBuilder s = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> e : suppressed.entrySet()) {
            total += e.getValue();
            s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        b.append(String.format(Locale.ROOT, "  suppressed           %d (%s)%n", total, s));
        return b.toString();
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String dur(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
