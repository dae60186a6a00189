package dev.vigil.core.incident;

import dev.vigil.core.detect.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incident: the signals that belong together, why they do, what probably caused them, and where it was told.
 * Mutable, owned by one {@link IncidentEngine} run at a time (the incident function runs one invocation at a time),
 * serialised by {@link IncidentJson}.
 *
 * <p>Revisions: {@code rev} counts changes worth showing (a new series, a higher severity, a resolution);
 * {@code postedRev} is the revision the Slack message shows. A message is posted or updated while
 * {@code postedRev < rev}, which makes delivery retry by itself after a Slack outage.
 */
public final class Incident {

    public enum Status { OPEN, RESOLVED, MERGED }

    /** One series (or cost key, or SLO) in the incident. */
    public static final class Member {
        public String seriesKey;
        public String kind;
        public String title;
        public List<String> resources = new ArrayList<>();
        public long first;
        public long last;
        public int count;
        public Severity peak = Severity.LOW;
        public double peakScore;
        public String route;

        public Member() {
        }

        Member(Signal s) {
            seriesKey = s.seriesKey();
            kind = s.kind().code();
            title = s.title();
            resources = new ArrayList<>(s.resources());
            first = s.timestamp();
            last = s.timestamp();
            count = 1;
            peak = s.severity();
            peakScore = s.score();
            route = s.route();
        }
    }

    /** Why a series (or a merged incident) joined. */
    public record Grouping(String seriesKey, String reason, long at) {
    }

    /** A candidate root cause with its confidence (0..1, summing to 1 over the candidates) and evidence. */
    public record RootCause(String resource, double confidence, List<String> evidence) {
        public RootCause {
            evidence = List.copyOf(evidence);
        }
    }

    /** A remediation the incident asked for: the deterministic execution name and its input. */
    public record Remediation(String runbookId, String executionName, String input) {
    }

    public String id;
    public Status status = Status.OPEN;
    public Severity severity = Severity.LOW;
    public String title = "";
    public String accountId;
    public String region;
    public long openedAt;
    public long lastSignalAt;
    /** The last minute the problem was seen (MTTR ends here); 0 while open. */
    public long resolvedAt;
    /** When the quiet period elapsed and the incident was closed; 0 while open. */
    public long closedAt;
    public String mergedInto;

    /** Storage version (optimistic locking). */
    public long version;
    public int rev;
    public int postedRev;

    public String route = "notify";
    public String channel;
    public boolean postAllowed;
    public String heldReason;
    public String inhibitedBy;
    /** Set after delivery: where the message lives and when it was first posted (MTTA starts here). */
    public String slackChannel;
    public String slackTs;
    public long notifiedAt;

    public int signalCount;
    public final Map<String, Member> members = new LinkedHashMap<>();
    public final Set<String> resources = new LinkedHashSet<>();
    public final Set<String> services = new LinkedHashSet<>();
    public final List<String> teams = new ArrayList<>();
    public final List<Grouping> grouping = new ArrayList<>();
    public final List<RootCause> rootCauses = new ArrayList<>();
    public final List<Change> changes = new ArrayList<>();
    public final Map<String, Remediation> remediations = new LinkedHashMap<>();
    /** Runbook ids whose start was confirmed (kept outside the JSON body, updated by the processor). */
    public final Set<String> remediationsStarted = new LinkedHashSet<>();

    /** Series kept in full; more are counted in {@link #signalCount} but not listed (keeps the item small). */
    public static final int MAX_MEMBERS = 100;
    public static final int MAX_GROUPING = 120;

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public boolean posted() {
        return slackTs != null;
    }

    public boolean needsDelivery() {
        return postAllowed && postedRev < rev;
    }

    /** {@code page} for critical incidents and SLO pages, {@code ticket} when only ticket-level SLO alerts are in. */
    void recomputeRoute() {
        boolean page = severity == Severity.CRITICAL;
        boolean allTicket = !members.isEmpty();
        for (Member m : members.values()) {
            page |= "page".equals(m.route);
            allTicket &= "ticket".equals(m.route);
        }
        route = page ? "page" : allTicket ? "ticket" : "notify";
    }

    /** The routing key for the channel table: {@code ticket} or the severity code. */
    public String routeKey() {
        return "ticket".equals(route) ? "ticket" : severity.code();
    }
}
