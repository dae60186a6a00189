package dev.vigil.core.incident;

import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.detect.Severity;
import dev.vigil.core.slo.SloDefinition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the incident engine and the SLO tracker are told: one YAML document (see {@code docs/incidents.md} and
 * {@code config/vigil.yaml}). Every knob has a default; a bad value fails at load time, naming its path.
 *
 * @param windowMinutes        a signal joins an open incident it is linked to if it comes at most this long after
 *                             the incident's last signal (default 15)
 * @param quietMinutes         an incident with no signal for this long resolves (default 30)
 * @param coOnsetMinutes       when &gt; 0, signals of one account and region whose onsets are this close are grouped
 *                             even without a topology link (a region-wide event); default 0 (off)
 * @param changeLookbackMinutes how far before an onset a deploy or config change counts as a suspect (default 60)
 * @param deployWindowMinutes  signals on a resource are suppressed this long after a deploy on it starts (or until
 *                             it ends, whichever is later); 0 disables (default 15)
 * @param deploySuppressBelow  only signals less severe than this are suppressed in a deploy window (default critical)
 * @param inhibitMinSeverity   an open incident at least this severe mutes incidents on its dependants (default
 *                             critical); null disables inhibition
 * @param channels             team → (severity code | {@code ticket} | {@code default}) → Slack channel; the team
 *                             {@code default} is the fallback
 * @param rateLimitMax         new incident messages per channel per {@code rateLimitMinutes} (default 10 per 60)
 * @param rateLimitExempt      severities never rate limited (default critical)
 * @param notifyImmediately    an incident this severe is told at once (default high)
 * @param notifyMinSeverity    below {@code notifyImmediately}, an incident is told once it is at least this severe
 * @param notifyMinSignals     ... and has at least this many signals (default medium and 2: a lone blip stays quiet,
 *                             a repeat or a second symptom speaks); SLO alerts are always told
 */
public record IncidentConfig(int windowMinutes, int quietMinutes, int coOnsetMinutes, int changeLookbackMinutes,
                             int deployWindowMinutes, Severity deploySuppressBelow, Severity inhibitMinSeverity,
                             Topology topology, List<Silence> silences, List<MaintenanceWindow> maintenance,
                             Map<String, Map<String, String>> channels, int rateLimitMax, int rateLimitMinutes,
                             Set<Severity> rateLimitExempt, Severity notifyImmediately, Severity notifyMinSeverity,
                             int notifyMinSignals, List<SloDefinition> slos) {

    public IncidentConfig {
        silences = List.copyOf(silences);
        maintenance = List.copyOf(maintenance);
        channels = Map.copyOf(channels);
        rateLimitExempt = rateLimitExempt.isEmpty() ? Set.of() : Set.copyOf(rateLimitExempt);
        slos = List.copyOf(slos);
    }

    public static IncidentConfig defaults() {
        return from(ConfigTree.empty());
    }

    /** Loads the config file an environment variable names ({@code INCIDENT_CONFIG}, {@code SLO_CONFIG}). */
    public static IncidentConfig load(java.nio.file.Path path) {
        try {
            return parse(java.nio.file.Files.readString(path), path.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the config file " + path + ": " + e.getMessage(), e);
        }
    }

    public static IncidentConfig parse(String yaml, String sourceName) {
        return from(ConfigTree.parse(yaml, sourceName));
    }

    public static IncidentConfig from(ConfigTree root) {
        ConfigTree c = root.get("correlation");
        ConfigTree s = root.get("suppression");
        ConfigTree r = root.get("routing");
        ConfigTree i = root.get("inhibition");

        List<Silence> silences = new ArrayList<>();
        int n = 0;
        for (ConfigTree t : s.get("silences").list()) {
            Matcher m = Matcher.from(t.get("match"));
            if (m.isEmpty()) {
                throw new IllegalArgumentException(t.get("match").path() + " must name at least one field");
            }
            long from = instant(t.get("from"), Long.MIN_VALUE);
            long until = instant(t.get("until"), Long.MAX_VALUE);
            silences.add(new Silence(t.get("id").string("config-" + n++), m, from, until,
                    t.get("reason").string(""), t.get("createdBy").string("config"), "config"));
        }
        List<MaintenanceWindow> maintenance = new ArrayList<>();
        for (ConfigTree t : s.get("maintenance").list()) {
            maintenance.add(MaintenanceWindow.from(t));
        }

        Map<String, Map<String, String>> channels = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigTree> e : r.get("channels").entries().entrySet()) {
            channels.put(e.getKey(), e.getValue().stringMap());
        }
        if (!channels.containsKey("default")) {
            channels.put("default", Map.of("default", "#vigil-alerts"));
        }
        Set<Severity> exempt = EnumSet.noneOf(Severity.class);
        ConfigTree rl = r.get("rateLimit");
        List<String> exemptCodes = rl.has("exempt") ? rl.get("exempt").stringList() : List.of("critical");
        for (String code : exemptCodes) {
            exempt.add(Signal.severity(code));
        }
        String inhibit = i.get("minSeverity").string("critical");
        boolean inhibitOn = i.get("enabled").bool(true);

        int window = positive(c.get("windowMinutes"), 15);
        int quiet = positive(c.get("quietMinutes"), 30);
        return new IncidentConfig(window, quiet, nonNegative(c.get("coOnsetMinutes"), 0),
                nonNegative(c.get("changeLookbackMinutes"), 60), nonNegative(s.get("deployWindowMinutes"), 15),
                Signal.severity(s.get("deploySuppressBelow").string("critical")),
                inhibitOn ? Signal.severity(inhibit) : null,
                Topology.from(root.get("topology")), silences, maintenance, channels,
                positive(rl.get("max"), 10), positive(rl.get("perMinutes"), 60), exempt,
                Signal.severity(r.get("notify").get("immediately").string("high")),
                Signal.severity(r.get("notify").get("minSeverity").string("medium")),
                positive(r.get("notify").get("minSignals"), 2),
                SloDefinition.listFrom(root.get("slos")));
    }

    private static int positive(ConfigTree t, int fallback) {
        int v = t.integer(fallback);
        if (v <= 0) {
            throw new IllegalArgumentException(t.path() + " must be greater than 0, was " + v);
        }
        return v;
    }

    private static int nonNegative(ConfigTree t, int fallback) {
        int v = t.integer(fallback);
        if (v < 0) {
            throw new IllegalArgumentException(t.path() + " must not be negative, was " + v);
        }
        return v;
    }

    private static long instant(ConfigTree t, long fallback) {
        if (t.isMissing()) {
            return fallback;
        }
        try {
            return java.time.Instant.parse(t.requireString()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(t.path() + " must be an ISO-8601 instant (2026-01-31T02:00:00Z)", e);
        }
    }

    /**
     * The Slack channel for an incident: the first of its teams that has a route, by route key (a severity code or
     * {@code ticket}), then that team's {@code default}; then the same lookups in the {@code default} team.
     */
    public String channelFor(List<String> teams, String routeKey) {
        for (String team : teams) {
            Map<String, String> m = channels.get(team);
            if (m != null) {
                String ch = m.getOrDefault(routeKey, m.get("default"));
                if (ch != null) {
                    return ch;
                }
            }
        }
        Map<String, String> d = channels.get("default");
        return d.getOrDefault(routeKey, d.getOrDefault("default", "#vigil-alerts"));
    }
}
