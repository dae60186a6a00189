package dev.vigil.core.incident;

import dev.vigil.core.scorecard.Counters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake {@link IncidentStore} with the real one's rules (versioned engine state, delivery fields kept apart from
 * the body, one verdict per user, first action only): incidents are stored as JSON so nothing is shared by reference.
 */
public final class InMemoryIncidentStore implements IncidentStore {

    private record Delivery(String channel, String ts, int postedRev, long notifiedAt) {
    }

    private String stateJson;
    private long stateVersion;
    private final Map<String, String> bodies = new LinkedHashMap<>();
    private final Map<String, Delivery> deliveries = new HashMap<>();
    private final Map<String, List<String>> started = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private final Map<String, Feedback> feedback = new LinkedHashMap<>();
    private final Map<String, FirstAction> firstActions = new LinkedHashMap<>();
    private final List<RemediationRecord> remediations = new ArrayList<>();
    private final Counters counters = new Counters();
    public int commits;

    @Override
    public synchronized Snapshot loadOpen() {
        EngineState s = IncidentJson.readState(stateJson, stateVersion);
        Map<String, Incident> open = new LinkedHashMap<>();
        for (String id : s.openIds) {
            get(id).ifPresent(i -> open.put(id, i));
        }
        return new Snapshot(s, open);
    }

    @Override
    public synchronized void commit(EngineState state, List<Incident> changed, List<Change> newChanges, Counters c) {
        if (state.version - 1 != stateVersion) {
            throw new ConcurrentIncidentUpdateException("engine state is at version " + stateVersion);
        }
        stateJson = IncidentJson.writeState(state);
        stateVersion = state.version;
        for (Incident i : changed) {
            bodies.put(i.id, IncidentJson.write(i));
        }
        changes.addAll(newChanges);
        counters.addAll(c);
        commits++;
    }

    @Override
    public synchronized void recordDelivery(Incident i) {
        deliveries.put(i.id, new Delivery(i.slackChannel, i.slackTs, i.postedRev, i.notifiedAt));
    }

    @Override
    public synchronized void recordRemediation(RemediationRecord r) {
        remediations.add(r);
        if ("STARTED".equals(r.status()) || "ALREADY_STARTED".equals(r.status())) {
            started.computeIfAbsent(r.incidentId(), k -> new ArrayList<>()).add(r.executionName());
        }
    }

    @Override
    public synchronized Optional<Incident> get(String id) {
        String body = bodies.get(id);
        if (body == null) {
            return Optional.empty();
        }
        Incident i = IncidentJson.read(body);
        Delivery d = deliveries.get(id);
        if (d != null) {
            i.slackChannel = d.channel;
            i.slackTs = d.ts;
            i.postedRev = d.postedRev;
            i.notifiedAt = d.notifiedAt;
        }
        for (Incident.Remediation r : i.remediations.values()) {
            if (started.getOrDefault(id, List.of()).contains(r.executionName())) {
                i.remediationsStarted.add(r.runbookId());
            }
        }
        return Optional.of(i);
    }

    @Override
    public synchronized List<Change> changes(Collection<String> resources, long from, long to) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            if (resources.contains(c.resource()) && c.at() >= from && c.at() <= to) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Silence> silences(long at) {
        List<Silence> out = new ArrayList<>();
        for (Silence s : silences.values()) {
            if (s.until() > at) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public synchronized void putSilence(Silence s) {
        silences.put(s.id(), s);
    }

    @Override
    public synchronized boolean deleteSilence(String id) {
        return silences.remove(id) != null;
    }

    @Override
    public synchronized String recordFeedback(Feedback f) {
        Feedback prev = feedback.put(f.incidentId() + "/" + f.userId(), f);
        return prev == null ? null : prev.verdict();
    }

    @Override
    public synchronized boolean recordFirstAction(FirstAction a) {
        return firstActions.putIfAbsent(a.incidentId(), a) == null;
    }

    @Override
    public synchronized void addCounters(Counters c) {
        counters.addAll(c);
    }

    @Override
    public synchronized ScorecardData scorecardData() {
        List<Incident> all = new ArrayList<>();
        for (String id : bodies.keySet()) {
            get(id).ifPresent(all::add);
        }
        return new ScorecardData(all, new ArrayList<>(feedback.values()), new ArrayList<>(firstActions.values()),
                new ArrayList<>(remediations), counters);
    }
}
