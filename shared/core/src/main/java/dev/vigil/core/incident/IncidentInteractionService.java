package dev.vigil.core.incident;

import dev.vigil.core.scorecard.Counters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@link IncidentInteractions} decisions to the store and says what to answer in Slack. The first click of
 * any button on an incident is its first human action (MTTA); Useful/Noise are verdicts (precision), one per user.
 */
public final class IncidentInteractionService {

    /**
     * What to tell the user (ephemeral), the incident when its message should be refreshed, and what to announce in
     * the channel (silences created or removed: a mute nobody else can see is how an outage goes unheard), or null.
     */
    public record Reply(String text, Incident incident, String announcement) {
        public Reply(String text, Incident incident) {
            this(text, incident, null);
        }
    }

    private final IncidentStore store;
    private final MetricsSink metrics;

    public IncidentInteractionService(IncidentStore store, MetricsSink metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public Reply click(IncidentInteractions.Click click) {
        IncidentInteractions.Decision d = IncidentInteractions.decide(click);
        if (d instanceof IncidentInteractions.Reject r) {
            return new Reply(r.message(), null);
        }
        String incidentId = d instanceof IncidentInteractions.Acknowledge a ? a.incidentId()
                : ((IncidentInteractions.Verdict) d).incidentId();
        Optional<Incident> found = store.get(incidentId);
        if (found.isEmpty()) {
            return new Reply("incident " + incidentId + " not found (expired?)", null);
        }
        Incident i = found.get();
        Counters c = new Counters();
        String action = d instanceof IncidentInteractions.Verdict v ? v.verdict() : "ack";
        if (store.recordFirstAction(new IncidentStore.FirstAction(incidentId, click.userId(), action, click.at()))) {
            c.add(click.at(), Counters.ACKS, 1);
            if (i.notifiedAt > 0) {
                c.sample(click.at(), Counters.TTA_SECONDS, Math.max(0, click.at() - i.notifiedAt) / 1000.0);
            }
        }
        String text;
        if (d instanceof IncidentInteractions.Verdict v) {
            String prev = store.recordFeedback(new IncidentStore.Feedback(incidentId, v.userId(), v.verdict(), v.at()));
            if (!v.verdict().equals(prev)) {
                c.add(click.at(), "useful".equals(v.verdict()) ? Counters.FEEDBACK_USEFUL : Counters.FEEDBACK_NOISE, 1);
            }
            text = prev == null ? "Thanks: " + incidentId + " marked " + v.verdict() + "."
                    : prev.equals(v.verdict()) ? incidentId + " was already marked " + v.verdict() + " by you."
                    : "Changed your verdict on " + incidentId + " from " + prev + " to " + v.verdict() + ".";
        } else {
            text = "Acknowledged " + incidentId + ".";
        }
        if (!c.isEmpty()) {
            store.addCounters(c);
            metrics.emit(c, click.at());
        }
        return new Reply(text, i);
    }

    /** A {@code /vigil} command from a user with {@code role} ({@link IncidentInteractions#authorise}). */
    public Reply command(IncidentInteractions.Command command, IncidentInteractions.Role role) {
        IncidentInteractions.Decision d = IncidentInteractions.authorise(IncidentInteractions.decide(command), role);
        if (d instanceof IncidentInteractions.Reject r) {
            return new Reply(r.message(), null);
        }
        String who = "<@" + command.userId() + ">";
        if (d instanceof IncidentInteractions.CreateSilence cs) {
            Silence s = cs.silence();
            store.putSilence(s);
            String what = dev.vigil.core.slack.Mrkdwn.escape(s.matcher().describe()) + " until "
                    + Instant.ofEpochMilli(s.until()) + " (" + s.id() + ", reason: "
                    + dev.vigil.core.slack.Mrkdwn.escape(s.reason()) + ")";
            return new Reply("Silenced " + what + ". Undo: /vigil unsilence " + s.id(), null,
                    ":mute: " + who + " silenced " + what + ". Undo: /vigil unsilence " + s.id());
        }
        if (d instanceof IncidentInteractions.DeleteSilence ds) {
            boolean removed = store.deleteSilence(ds.id());
            return new Reply(removed ? "Removed silence " + ds.id() + "." : "No silence " + ds.id() + ".", null,
                    removed ? ":loud_sound: " + who + " removed silence " + ds.id() + "." : null);
        }
        List<Silence> active = store.silences(command.at());
        if (active.isEmpty()) {
            return new Reply("No active silences.", null);
        }
        StringBuilder b = new StringBuilder("Active silences:\n");
        for (Silence s : active) {
            b.append("• ").append(s.id()).append(": ").append(dev.vigil.core.slack.Mrkdwn.escape(
                    s.matcher().describe())).append(" until ").append(Instant.ofEpochMilli(s.until())).append(" by ")
                    .append(dev.vigil.core.slack.Mrkdwn.escape(s.createdBy())).append(" — ")
                    .append(dev.vigil.core.slack.Mrkdwn.escape(s.reason())).append('\n');
        }
        return new Reply(b.toString(), null);
    }
}
