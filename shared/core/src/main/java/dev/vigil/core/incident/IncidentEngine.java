package dev.vigil.core.incident;

import dev.vigil.core.detect.Severity;
import dev.vigil.core.scorecard.Counters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a batch of inputs into incident changes: a pure function of the stored state, the inputs and the config
 * (no clock, no I/O; changes are looked up through {@link ChangeLog}). Event time drives everything, so a replay
 * gives the same incidents as the live run.
 *
 * <p>For each signal, in time order:
 * <ol>
 *   <li><b>Dedupe</b> by signal id (a redelivered message does nothing).</li>
 *   <li><b>Resolve</b> incidents that have been quiet for {@code quietMinutes}.</li>
 *   <li><b>Suppress</b> if a silence, a maintenance window or a deploy window covers it (counted by reason).</li>
 *   <li><b>Correlate</b>: it joins the open incidents it is linked to and close to in time (a repeat of a series
 *       already in, a shared resource, a declared dependency, a shared service, or — when enabled — a co-incident
 *       onset in the same account and region). Linked to several, they merge into the oldest. Linked to none, it
 *       opens a new incident. Every join records why.</li>
 *   <li><b>Rank root causes</b> by earliest onset, upstream position and recent changes.</li>
 *   <li><b>Remediation</b>: a runbook policy that matches the anomaly is started once per incident.</li>
 * </ol>
 * At the end of the batch each incident with something new to show is routed: an incident whose resources all
 * depend on an open critical incident's is inhibited (muted, linked to it); a new message is subject to the channel's
 * rate limit; an existing message is updated in place.
 */
public final class IncidentEngine {

    /** A remediation start for the processor to execute after the state is saved. */
    public record StartRemediation(String incidentId, String runbookId, String executionName, String input) {
    }

    public record Result(List<Incident> changed, List<Change> newChanges, List<StartRemediation> starts,
                         List<Input.RemediationOutcome> outcomes, Counters counters) {
    }

    private static final long MINUTE = 60_000L;
    /**
     * Cost anomalies come once a day, stamped with their billing day: an incident with a cost signal waits 36 hours
     * for the next day's verdict before it resolves, and a repeat on the same key the next day joins it.
     */
    static final long COST_QUIET = 36 * 60 * MINUTE;
    /** Root-cause weights: earliest onset, upstream position, recent change. */
    static final double W_ONSET = 0.35;
    static final double W_UPSTREAM = 0.35;
    static final double W_CHANGE = 0.30;

    private final IncidentConfig cfg;
    private final RunbookPolicies policies;

    public IncidentEngine(IncidentConfig cfg, RunbookPolicies policies) {
        this.cfg = cfg;
        this.policies = policies;
    }

    public IncidentConfig config() {
        return cfg;
    }

    /** One batch. {@code open} holds the open incidents (by id); it is updated in place. */
    public Result process(EngineState state, Map<String, Incident> open, List<Input> inputs,
                          List<Silence> dynamicSilences, ChangeLog changeLog) {
        Run run = new Run(state, open, dynamicSilences, changeLog);
        List<Input> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingLong(Input::at));
        long now = Long.MIN_VALUE;
        for (Input in : sorted) {
            now = Math.max(now, in.at());
            run.accept(in);
        }
        if (now != Long.MIN_VALUE) {
            run.route(now);
        }
        state.openIds.clear();
        for (Incident i : open.values()) {
            if (i.isOpen()) {
                state.openIds.add(i.id);
            }
        }
        return new Result(new ArrayList<>(run.changed.values()), run.newChanges, run.starts, run.outcomes,
                run.counters);
    }

    /** The state of one batch run. */
    private final class Run {
        final EngineState state;
        final Map<String, Incident> open;
        final List<Silence> dynamicSilences;
        final ChangeLog changeLog;
        final Map<String, Incident> changed = new LinkedHashMap<>();
        final List<Change> newChanges = new ArrayList<>();
        final List<StartRemediation> starts = new ArrayList<>();
        final List<Input.RemediationOutcome> outcomes = new ArrayList<>();
        final Counters counters = new Counters();
        final Map<String, List<Change>> changeCache = new HashMap<>();

        Run(EngineState state, Map<String, Incident> open, List<Silence> dynamicSilences, ChangeLog changeLog) {
            this.state = state;
            this.open = open;
            this.dynamicSilences = dynamicSilences;
            this.changeLog = changeLog;
        }

        void accept(Input in) {
            if (in instanceof Input.SignalInput s) {
                signal(s.signal(), s.dedupeKey());
            } else if (in instanceof Input.ChangeInput c) {
                if (state.remember("change/" + c.change().id())) {
                    Change ch = c.change();
                    newChanges.add(ch);
                    // A change on a resource of a service is evidence for the whole service.
                    for (String svc : cfg.topology().servicesOf(List.of(ch.resource()))) {
                        newChanges.add(new Change(ch.id(), Resources.scope(ch.resource()) + "|service:" + svc,
                                ch.at(), ch.until(), ch.kind(), ch.summary(), ch.actor()));
                    }
                    changeCache.clear();
                    counters.add(c.at(), Counters.CHANGES, 1);
                }
            } else if (in instanceof Input.Tick t) {
                resolveQuiet(t.at());
            } else if (in instanceof Input.RemediationOutcome o) {
                if (state.remember("outcome/" + o.executionName() + "/" + o.status())) {
                    outcomes.add(o);
                    counters.add(o.at(), o.succeeded() ? Counters.AUTOMATION_SUCCEEDED
                            : Counters.AUTOMATION_FAILED, 1);
                }
            } else if (in instanceof Input.Drift d) {
                if (state.remember("drift/" + d.id())) {
                    counters.add(d.at(), Counters.DRIFT, 1);
                }
            } else if (in instanceof Input.SloCleared c) {
                state.remember(c.id());
            }
            // Input.Ignored: nothing to do
        }

        void signal(Signal s, String dedupeKey) {
            long t = s.timestamp();
            if (!state.remember(dedupeKey)) {
                counters.add(t, Counters.DUPLICATES, 1);
                return;
            }
            counters.add(t, Counters.SIGNALS, 1);
            counters.add(t, Counters.SIGNALS + "." + s.kind().code(), 1);
            if (s.kind() == Signal.Kind.METRIC) {
                counters.add(t, Counters.ANOMALIES, 1);
            }
            if ("page".equals(s.route())) {
                counters.add(t, Counters.SLO_PAGES, 1);
            } else if ("ticket".equals(s.route())) {
                counters.add(t, Counters.SLO_TICKETS, 1);
            }
            resolveQuiet(t);

            Set<String> services = new LinkedHashSet<>(s.services());
            services.addAll(cfg.topology().servicesOf(s.resources()));
            String suppressed = suppression(s, services);
            if (suppressed != null) {
                counters.suppressed(t, suppressed);
                return;
            }

            List<Incident> linked = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            long window = s.kind() == Signal.Kind.COST ? COST_QUIET : cfg.windowMinutes() * MINUTE;
            for (Incident i : openSortedByAge()) {
                if (t > i.lastSignalAt + window || t < i.openedAt - window) {
                    continue;
                }
                String why = link(s, services, i);
                if (why != null) {
                    linked.add(i);
                    reasons.add(why);
                }
            }
            Incident target;
            if (linked.isEmpty()) {
                target = newIncident(s);
                target.grouping.add(new Incident.Grouping(s.seriesKey(), "opened the incident: " + s.title(), t));
                counters.add(t, Counters.INCIDENTS_OPENED, 1);
            } else {
                target = linked.get(0);
                for (int k = 1; k < linked.size(); k++) {
                    merge(linked.get(k), target, reasons.get(k), t);
                }
            }
            boolean isNewMember = !target.members.containsKey(s.seriesKey());
            if (!linked.isEmpty() && isNewMember && target.grouping.size() < Incident.MAX_GROUPING) {
                target.grouping.add(new Incident.Grouping(s.seriesKey(), reasons.get(0) + " ("
                        + minutesPhrase(t - target.lastSignalAt) + " after the incident's last signal)", t));
            }
            add(target, s, services);
            rankRootCauses(target);
            if (!target.postAllowed && !target.posted()) {
                inhibit(target, t);   // before remediation: a muted incident does not act either
            }
            remediation(target, s);
            changed.put(target.id, target);
        }

        List<Incident> openSortedByAge() {
            List<Incident> l = new ArrayList<>();
            for (Incident i : open.values()) {
                if (i.isOpen()) {
                    l.add(i);
                }
            }
            l.sort(Comparator.comparingLong((Incident i) -> i.openedAt).thenComparing(i -> i.id));
            return l;
        }

        String suppression(Signal s, Set<String> services) {
            long t = s.timestamp();
            for (Silence si : cfg.silences()) {
                if (si.activeAt(t) && si.matcher().matches(s, services, cfg.topology())) {
                    return "silence";
                }
            }
            for (Silence si : dynamicSilences) {
                if (si.activeAt(t) && si.matcher().matches(s, services, cfg.topology())) {
                    return "silence";
                }
            }
            for (MaintenanceWindow w : cfg.maintenance()) {
                if (w.activeAt(t) && w.matcher().matches(s, services, cfg.topology())) {
                    return "maintenance";
                }
            }
            if (cfg.deployWindowMinutes() > 0 && s.severity().ordinal() < cfg.deploySuppressBelow().ordinal()) {
                long window = cfg.deployWindowMinutes() * MINUTE;
                for (Change c : changes(s.resources(), t - window - 24 * 60 * MINUTE, t)) {
                    // Only a deploy of the resource itself opens its window: a deploy elsewhere in the service is
                    // evidence for root causes, not a reason to stay silent.
                    if ("deploy".equals(c.kind()) && s.resources().contains(c.resource()) && t >= c.at()
                            && t <= Math.max(c.at() + window, c.until())) {
                        return "deploy";
                    }
                }
            }
            return null;
        }

        /** Why {@code s} belongs to {@code i}, or null. Strongest reason first. */
        String link(Signal s, Set<String> services, Incident i) {
            if (i.members.containsKey(s.seriesKey())) {
                return "repeat of " + s.seriesKey();
            }
            for (String r : s.resources()) {
                if (i.resources.contains(r)) {
                    return "shares resource " + Resources.unscoped(r);
                }
            }
            Topology topo = cfg.topology();
            for (String r : s.resources()) {
                for (String q : i.resources) {
                    if (topo.dependsOn(r, q)) {
                        return Resources.unscoped(r) + " depends on " + Resources.unscoped(q);
                    }
                    if (topo.dependsOn(q, r)) {
                        return Resources.unscoped(q) + " depends on " + Resources.unscoped(r);
                    }
                }
            }
            for (String svc : services) {
                if (i.services.contains(svc)) {
                    return "both belong to service " + svc;
                }
            }
            if (cfg.coOnsetMinutes() > 0 && Math.abs(s.timestamp() - i.openedAt) <= cfg.coOnsetMinutes() * MINUTE
                    && sameScope(s, i)) {
                return "same account and region, onset within " + cfg.coOnsetMinutes() + " min of the incident's";
            }
            return null;
        }

        boolean sameScope(Signal s, Incident i) {
            return java.util.Objects.equals(s.accountId(), i.accountId) && java.util.Objects.equals(s.region(), i.region);
        }

        Incident newIncident(Signal s) {
            Incident i = new Incident();
            i.id = "inc-" + sha(s.id()).substring(0, 12);
            i.accountId = s.accountId();
            i.region = s.region();
            i.openedAt = s.timestamp();
            i.lastSignalAt = s.timestamp();
            i.severity = s.severity();
            open.put(i.id, i);
            return i;
        }

        /**
         * Adds the signal (its id is new: {@link #signal} dedupes by id first). A signal that arrives late — stamped
         * before the series' last one, because the queue delivered it after a later one or it was redriven — still
         * counts: its time widens the member's span instead of being taken for a repeat.
         */
        void add(Incident i, Signal s, Set<String> services) {
            Incident.Member m = i.members.get(s.seriesKey());
            boolean notable = false;
            if (m != null) {
                m.first = Math.min(m.first, s.timestamp());
                m.last = Math.max(m.last, s.timestamp());
                m.count++;
                m.peakScore = Math.max(m.peakScore, s.score());
                if (s.severity().ordinal() > m.peak.ordinal()) {
                    m.peak = s.severity();
                }
                if ("page".equals(s.route()) && !"page".equals(m.route)) {
                    m.route = "page";
                    notable = true;
                }
            } else if (i.members.size() < Incident.MAX_MEMBERS) {
                i.members.put(s.seriesKey(), new Incident.Member(s));
                notable = true;
            }
            i.signalCount++;
            i.lastSignalAt = Math.max(i.lastSignalAt, s.timestamp());
            i.openedAt = Math.min(i.openedAt, s.timestamp());
            for (String r : s.resources()) {
                notable |= i.resources.add(r);
            }
            i.services.addAll(services);
            if (s.severity().ordinal() > i.severity.ordinal()) {
                i.severity = s.severity();
                notable = true;
            }
            String oldRoute = i.route;
            i.recomputeRoute();
            notable |= !oldRoute.equals(i.route);
            teams(i);
            if (notable) {
                i.rev++;
            }
        }

        void teams(Incident i) {
            i.teams.clear();
            for (String svc : i.services) {
                Topology.Service d = cfg.topology().service(svc);
                String team = d == null ? null : d.tags().get("team");
                if (team != null && !i.teams.contains(team)) {
                    i.teams.add(team);
                }
            }
        }

        void merge(Incident from, Incident into, String why, long t) {
            for (Incident.Member m : from.members.values()) {
                Incident.Member cur = into.members.get(m.seriesKey);
                if (cur == null && into.members.size() < Incident.MAX_MEMBERS) {
                    into.members.put(m.seriesKey, m);
                } else if (cur != null) {
                    cur.first = Math.min(cur.first, m.first);
                    cur.last = Math.max(cur.last, m.last);
                    cur.count += m.count;
                }
            }
            into.resources.addAll(from.resources);
            into.services.addAll(from.services);
            into.signalCount += from.signalCount;
            into.openedAt = Math.min(into.openedAt, from.openedAt);
            into.lastSignalAt = Math.max(into.lastSignalAt, from.lastSignalAt);
            if (from.severity.ordinal() > into.severity.ordinal()) {
                into.severity = from.severity;
            }
            into.grouping.add(new Incident.Grouping(null, "merged " + from.id + " (" + from.members.size()
                    + " series): " + why, t));
            for (Incident.Grouping g : from.grouping) {
                if (into.grouping.size() < Incident.MAX_GROUPING) {
                    into.grouping.add(g);
                }
            }
            from.remediations.forEach(into.remediations::putIfAbsent);
            into.recomputeRoute();
            teams(into);
            into.rev++;
            from.status = Incident.Status.MERGED;
            from.mergedInto = into.id;
            from.closedAt = t;
            from.rev++;
            changed.put(from.id, from);
            changed.put(into.id, into);
        }

        void resolveQuiet(long t) {
            for (Incident i : openSortedByAge()) {
                long quiet = quietFor(i);
                if (i.lastSignalAt + quiet <= t) {
                    i.status = Incident.Status.RESOLVED;
                    i.resolvedAt = i.lastSignalAt + MINUTE;
                    i.closedAt = i.lastSignalAt + quiet;
                    i.rev++;
                    changed.put(i.id, i);
                    counters.add(i.closedAt, Counters.INCIDENTS_RESOLVED, 1);
                    counters.sample(i.closedAt, Counters.TTR_SECONDS, (i.resolvedAt - i.openedAt) / 1000.0);
                    // Incidents it muted speak for themselves again if they are still going.
                    for (Incident d : open.values()) {
                        if (i.id.equals(d.inhibitedBy)) {
                            d.inhibitedBy = null;
                            d.rev++;
                            changed.put(d.id, d);
                        }
                    }
                }
            }
        }

        List<Change> changes(Collection<String> direct, long from, long to) {
            Set<String> resources = new LinkedHashSet<>(direct);
            for (String r : direct) {
                for (String svc : cfg.topology().servicesOf(List.of(r))) {
                    resources.add(Resources.scope(r) + "|service:" + svc);
                }
            }
            String key = String.join(",", resources) + "@" + from + "-" + to;
            return changeCache.computeIfAbsent(key, k -> {
                List<Change> l = new ArrayList<>();
                Set<String> ids = new java.util.HashSet<>();
                List<Change> all = new ArrayList<>(changeLog.changes(resources, from, to));
                for (Change c : newChanges) {
                    if (resources.contains(c.resource()) && c.at() >= from && c.at() <= to) {
                        all.add(c);
                    }
                }
                for (Change c : all) {
                    if (ids.add(c.id())) {
                        l.add(c);   // one change seen through its resource and its service counts once
                    }
                }
                return l;
            });
        }

        /**
         * Root-cause candidates are the incident's resources, scored on three pieces of evidence (weights
         * {@value #W_ONSET}, {@value #W_UPSTREAM}, {@value #W_CHANGE}):
         * <ul>
         *   <li>earliest onset: {@code exp(-Δ / 5 min)}, Δ = the resource's first signal minus the incident's;</li>
         *   <li>upstream position: the share of the other resources that depend on it (declared topology); without
         *       a declared edge, a weak prior from its tier (data stores before compute before entry points);</li>
         *   <li>a change on it before its onset (within {@code changeLookbackMinutes}): {@code exp(-age / 30 min)}.</li>
         * </ul>
         * Confidence is the score divided by the sum of the scores.
         */
        void rankRootCauses(Incident i) {
            Map<String, Long> onset = new LinkedHashMap<>();
            for (Incident.Member m : i.members.values()) {
                for (String r : m.resources) {
                    onset.merge(r, m.first, Math::min);
                }
            }
            int n = onset.size();
            Topology topo = cfg.topology();
            List<Object[]> scored = new ArrayList<>();
            double sum = 0;
            i.changes.clear();
            for (Map.Entry<String, Long> e : onset.entrySet()) {
                String r = e.getKey();
                long on = e.getValue();
                List<String> evidence = new ArrayList<>();
                double dt = (on - i.openedAt) / (double) MINUTE;
                double sOnset = Math.exp(-dt / 5.0);
                evidence.add(dt < 0.5 ? "earliest onset (" + hhmm(on) + ")" : "onset " + hhmm(on) + ", "
                        + minutesPhrase(on - i.openedAt) + " after the first signal");
                double sUp = 0;
                if (n > 1) {
                    if (topo.declares(r)) {
                        int dependants = 0;
                        for (String q : onset.keySet()) {
                            if (!q.equals(r) && topo.dependsOn(q, r)) {
                                dependants++;
                            }
                        }
                        sUp = dependants / (double) (n - 1);
                        if (dependants > 0) {
                            evidence.add("upstream: " + dependants + " of the other " + (n - 1)
                                    + " resources depend on it");
                        }
                    } else {
                        sUp = 0.25 * Resources.tier(r);
                        if (Resources.tier(r) == 2) {
                            evidence.add("a data store or queue (usually upstream of compute)");
                        }
                    }
                }
                double sChange = 0;
                long lookback = cfg.changeLookbackMinutes() * MINUTE;
                for (Change c : changes(List.of(r), on - lookback, on + 2 * MINUTE)) {
                    double age = Math.max(0, (on - c.at()) / (double) MINUTE);
                    double sc = Math.exp(-age / 30.0);
                    if (sc > sChange) {
                        sChange = sc;
                    }
                    evidence.add(c.kind() + " " + minutesPhrase(on - c.at()) + " before onset: " + c.summary());
                    if (!i.changes.contains(c) && i.changes.size() < 10) {
                        i.changes.add(c);
                    }
                }
                double score = W_ONSET * sOnset + W_UPSTREAM * sUp + W_CHANGE * sChange + 1e-6;
                sum += score;
                scored.add(new Object[] {r, score, evidence});
            }
            scored.sort((a, b) -> Double.compare((double) b[1], (double) a[1]));
            i.rootCauses.clear();
            for (int k = 0; k < Math.min(3, scored.size()); k++) {
                Object[] c = scored.get(k);
                @SuppressWarnings("unchecked")
                List<String> ev = (List<String>) c[2];
                i.rootCauses.add(new Incident.RootCause((String) c[0], Math.round((double) c[1] / sum * 1000) / 1000.0,
                        ev));
            }
            String top = i.rootCauses.isEmpty() ? "" : Resources.unscoped(i.rootCauses.get(0).resource());
            String svc = i.services.isEmpty() ? "" : i.services.iterator().next() + ": ";
            i.title = i.members.size() == 1 ? svc + i.members.values().iterator().next().title
                    : svc + top + " and " + (i.members.size() - 1) + " related signal" + (i.members.size() > 2 ? "s" : "")
                    + " on " + i.resources.size() + " resources";
        }

        void remediation(Incident i, Signal s) {
            if (s.anomaly() == null || i.inhibitedBy != null) {
                return;
            }
            for (String rb : policies.matching(s.anomaly())) {
                if (!i.remediations.containsKey(rb)) {
                    String name = RemediationStarter.executionName(i.id, rb);
                    String input = RemediationStarter.input(i.id, rb, s.anomaly());
                    i.remediations.put(rb, new Incident.Remediation(rb, name, input));
                    starts.add(new StartRemediation(i.id, rb, name, input));
                    counters.add(s.timestamp(), Counters.AUTOMATION_STARTED, 1);
                    i.rev++;
                }
            }
        }

        /** Inhibition, then the rate limit, for incidents that have never been allowed a message. */
        void route(long now) {
            for (Incident i : new ArrayList<>(changed.values())) {
                if (i.postAllowed || i.posted()) {
                    continue;
                }
                if (!i.isOpen()) {
                    continue;   // ended before it could be told: stays unposted (counted when it was held)
                }
                if (inhibit(i, now)) {
                    if (!"inhibited".equals(i.heldReason)) {
                        i.heldReason = "inhibited";
                        counters.suppressed(now, "inhibited");
                    }
                    continue;
                }
                if (!worthTelling(i)) {
                    if (!"threshold".equals(i.heldReason)) {
                        i.heldReason = "threshold";
                        counters.suppressed(now, "threshold");
                    }
                    continue;
                }
                i.channel = cfg.channelFor(i.teams, i.routeKey());
                ArrayDeque<Long> posts = state.channelPosts.computeIfAbsent(i.channel, c -> new ArrayDeque<>());
                long window = cfg.rateLimitMinutes() * MINUTE;
                while (!posts.isEmpty() && posts.peekFirst() <= now - window) {
                    posts.removeFirst();
                }
                if (!cfg.rateLimitExempt().contains(i.severity) && posts.size() >= cfg.rateLimitMax()) {
                    if (!"rate_limit".equals(i.heldReason)) {
                        i.heldReason = "rate_limit";
                        counters.suppressed(now, "rate_limit");
                    }
                    continue;
                }
                posts.addLast(now);
                i.postAllowed = true;
                i.heldReason = null;
                counters.add(now, Counters.ALERTS, 1);
            }
            state.channelPosts.values().removeIf(ArrayDeque::isEmpty);
        }

        /** The notification threshold: severe enough at once, or persistent enough; SLO alerts always. */
        boolean worthTelling(Incident i) {
            if (!"notify".equals(i.route) || i.severity.ordinal() >= cfg.notifyImmediately().ordinal()) {
                return true;
            }
            return i.severity.ordinal() >= cfg.notifyMinSeverity().ordinal() && i.signalCount >= cfg.notifyMinSignals();
        }

        /** Marks {@code i} muted by an inhibiting incident, if there is one; true when muted. */
        boolean inhibit(Incident i, long at) {
            Incident by = inhibitor(i);
            if (by == null) {
                i.inhibitedBy = null;
                return false;
            }
            if (!by.id.equals(i.inhibitedBy)) {
                i.inhibitedBy = by.id;
                i.grouping.add(new Incident.Grouping(null, "muted: every resource depends on " + by.id + " ("
                        + by.severity.code() + ")", at));
            }
            return true;
        }

        /** An open incident, at least {@code inhibitMinSeverity}, that every resource of {@code i} depends on. */
        Incident inhibitor(Incident i) {
            Severity min = cfg.inhibitMinSeverity();
            if (min == null || i.resources.isEmpty()) {
                return null;
            }
            for (Incident c : openSortedByAge()) {
                if (c == i || c.severity.ordinal() < min.ordinal() || c.openedAt > i.openedAt) {
                    continue;
                }
                boolean all = true;
                for (String r : i.resources) {
                    boolean dep = false;
                    for (String q : c.resources) {
                        dep |= cfg.topology().dependsOn(r, q);
                    }
                    all &= dep;
                }
                if (all) {
                    return c;
                }
            }
            return null;
        }
    }

    long quietFor(Incident i) {
        for (Incident.Member m : i.members.values()) {
            if ("cost".equals(m.kind)) {
                return COST_QUIET;
            }
        }
        return cfg.quietMinutes() * MINUTE;
    }

    static String minutesPhrase(long millis) {
        long m = Math.round(millis / 60_000.0);
        return m == 0 ? "under a minute" : m + " min";
    }

    static String hhmm(long t) {
        return java.time.Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC).toLocalTime().toString()
                .substring(0, 5) + "Z";
    }

    static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
