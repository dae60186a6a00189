package dev.vigil.core.incident;

import static dev.vigil.core.incident.JsonValues.bool;
import static dev.vigil.core.incident.JsonValues.dbl;
import static dev.vigil.core.incident.JsonValues.list;
import static dev.vigil.core.incident.JsonValues.lng;
import static dev.vigil.core.incident.JsonValues.obj;
import static dev.vigil.core.incident.JsonValues.str;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored JSON body of an {@link Incident} and of the {@link EngineState}. Delivery fields (Slack channel and ts,
 * posted revision, first-post time, confirmed remediation starts) and the storage version are NOT in the body: the
 * store keeps them as separate attributes, so that recording a delivery never rewrites what the engine decided.
 */
public final class IncidentJson {

    private IncidentJson() {
    }

    public static String write(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id);
        m.put("status", i.status.name());
        m.put("severity", i.severity.code());
        m.put("title", i.title);
        m.put("accountId", i.accountId);
        m.put("region", i.region);
        m.put("openedAt", i.openedAt);
        m.put("lastSignalAt", i.lastSignalAt);
        m.put("resolvedAt", i.resolvedAt);
        m.put("closedAt", i.closedAt);
        m.put("mergedInto", i.mergedInto);
        m.put("rev", i.rev);
        m.put("route", i.route);
        m.put("channel", i.channel);
        m.put("postAllowed", i.postAllowed);
        m.put("heldReason", i.heldReason);
        m.put("inhibitedBy", i.inhibitedBy);
        m.put("signalCount", i.signalCount);
        List<Object> members = new ArrayList<>();
        for (Incident.Member x : i.members.values()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("seriesKey", x.seriesKey);
            mm.put("kind", x.kind);
            mm.put("title", x.title);
            mm.put("resources", x.resources);
            mm.put("first", x.first);
            mm.put("last", x.last);
            mm.put("count", x.count);
            mm.put("peak", x.peak.code());
            mm.put("peakScore", x.peakScore);
            mm.put("route", x.route);
            members.add(mm);
        }
        m.put("members", members);
        m.put("resources", new ArrayList<>(i.resources));
        m.put("services", new ArrayList<>(i.services));
        m.put("teams", i.teams);
        List<Object> grouping = new ArrayList<>();
        for (Incident.Grouping g : i.grouping) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("seriesKey", g.seriesKey());
            gm.put("reason", g.reason());
            gm.put("at", g.at());
            grouping.add(gm);
        }
        m.put("grouping", grouping);
        List<Object> causes = new ArrayList<>();
        for (Incident.RootCause c : i.rootCauses) {
            causes.add(Map.of("resource", c.resource(), "confidence", c.confidence(), "evidence", c.evidence()));
        }
        m.put("rootCauses", causes);
        List<Object> changes = new ArrayList<>();
        for (Change c : i.changes) {
            changes.add(change(c));
        }
        m.put("changes", changes);
        List<Object> rems = new ArrayList<>();
        for (Incident.Remediation r : i.remediations.values()) {
            rems.add(Map.of("runbookId", r.runbookId(), "executionName", r.executionName(), "input", r.input()));
        }
        m.put("remediations", rems);
        return JsonValues.write(m);
    }

    public static Map<String, Object> change(Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("resource", c.resource());
        m.put("at", c.at());
        m.put("until", c.until());
        m.put("kind", c.kind());
        m.put("summary", c.summary());
        m.put("actor", c.actor());
        return m;
    }

    public static Change change(Object o) {
        return new Change(str(o, "id"), str(o, "resource"), lng(o, "at", 0), lng(o, "until", 0), str(o, "kind"),
                str(o, "summary"), str(o, "actor"));
    }

    public static Incident read(String json) {
        Map<String, Object> m = JsonValues.readObject(json);
        Incident i = new Incident();
        i.id = str(m, "id");
        i.status = Incident.Status.valueOf(str(m, "status"));
        i.severity = Signal.severity(str(m, "severity"));
        i.title = str(m, "title");
        i.accountId = str(m, "accountId");
        i.region = str(m, "region");
        i.openedAt = lng(m, "openedAt", 0);
        i.lastSignalAt = lng(m, "lastSignalAt", 0);
        i.resolvedAt = lng(m, "resolvedAt", 0);
        i.closedAt = lng(m, "closedAt", 0);
        i.mergedInto = str(m, "mergedInto");
        i.rev = (int) lng(m, "rev", 0);
        i.route = str(m, "route") == null ? "notify" : str(m, "route");
        i.channel = str(m, "channel");
        i.postAllowed = bool(m, "postAllowed");
        i.heldReason = str(m, "heldReason");
        i.inhibitedBy = str(m, "inhibitedBy");
        i.signalCount = (int) lng(m, "signalCount", 0);
        for (Object o : list(m, "members")) {
            Incident.Member x = new Incident.Member();
            x.seriesKey = str(o, "seriesKey");
            x.kind = str(o, "kind");
            x.title = str(o, "title");
            x.resources = strings(list(o, "resources"));
            x.first = lng(o, "first", 0);
            x.last = lng(o, "last", 0);
            x.count = (int) lng(o, "count", 0);
            x.peak = Signal.severity(str(o, "peak"));
            x.peakScore = dbl(o, "peakScore", 0);
            x.route = str(o, "route");
            i.members.put(x.seriesKey, x);
        }
        i.resources.addAll(strings(list(m, "resources")));
        i.services.addAll(strings(list(m, "services")));
        i.teams.addAll(strings(list(m, "teams")));
        for (Object o : list(m, "grouping")) {
            i.grouping.add(new Incident.Grouping(str(o, "seriesKey"), str(o, "reason"), lng(o, "at", 0)));
        }
        for (Object o : list(m, "rootCauses")) {
            i.rootCauses.add(new Incident.RootCause(str(o, "resource"), dbl(o, "confidence", 0),
                    strings(list(o, "evidence"))));
        }
        for (Object o : list(m, "changes")) {
            i.changes.add(change(o));
        }
        for (Object o : list(m, "remediations")) {
            Incident.Remediation r = new Incident.Remediation(str(o, "runbookId"), str(o, "executionName"),
                    str(o, "input"));
            i.remediations.put(r.runbookId(), r);
        }
        return i;
    }

    static List<String> strings(List<?> l) {
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    public static String writeState(EngineState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("openIds", s.openIds);
        Map<String, Object> posts = new LinkedHashMap<>();
        s.channelPosts.forEach((k, v) -> posts.put(k, new ArrayList<>(v)));
        m.put("channelPosts", posts);
        m.put("recent", s.recentIds());
        return JsonValues.write(m);
    }

    public static EngineState readState(String json, long version) {
        EngineState s = new EngineState();
        s.version = version;
        if (json == null || json.isBlank()) {
            return s;
        }
        Map<String, Object> m = JsonValues.readObject(json);
        s.openIds.addAll(strings(list(m, "openIds")));
        obj(m, "channelPosts").forEach((k, v) -> {
            ArrayDeque<Long> d = new ArrayDeque<>();
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    d.add(((Number) o).longValue());
                }
            }
            s.channelPosts.put(k, d);
        });
        s.restoreRecent(strings(list(m, "recent")));
        return s;
    }
}
