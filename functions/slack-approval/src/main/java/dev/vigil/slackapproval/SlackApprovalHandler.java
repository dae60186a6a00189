package dev.vigil.slackapproval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.core.cost.detect.ExpectedMark;
import dev.vigil.core.cost.report.SlackDigest;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.IncidentInteractions;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.Approvals;
import dev.vigil.core.remediation.AuditEntry;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.StepCallbacks;
import dev.vigil.core.remediation.WorkflowErrors;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.slack.BlockAction;
import dev.vigil.core.slack.BlockActions;
import dev.vigil.core.slack.SlackSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack interactivity behind the HTTP API: the Approve/Reject buttons of a remediation request, and (when enabled,
 * see {@link InteractionRoutes}) the incident buttons, the {@code /vigil} command and the cost digest's "Mark
 * expected" button. Every request passes the same signature and replay checks first.
 *
 * <ol>
 *   <li>Verify the {@code v0} signature over the raw body, in constant time; refuse timestamps more than five
 *       minutes off. Forged or stale: 401, nothing read, nothing written.</li>
 *   <li>Refuse a replay of an already-seen signed request (a conditional put of its signature): 401, no change.</li>
 *   <li>Parse {@code block_actions}; only Vigil's two buttons count.</li>
 *   <li>Decide through {@link Approvals}: allowed approvers only; exactly once (conditional writes); two distinct
 *       approvers for high risk; nothing after expiry.</li>
 *   <li>Tell Step Functions (SendTaskSuccess / SendTaskFailure; a heartbeat after a first approval), write the audit
 *       entry, update the message through {@code response_url} with who decided and when (or answer only the
 *       clicking user, ephemerally, when nothing changed).</li>
 * </ol>
 * <p>Slack drops an answer that takes over 3 s. With a {@link Deferrer} (deployed: {@code SLACK_ACK_FIRST=true},
 * an asynchronous self-invoke) the handler answers 200 right after steps 1 and 2 and the workspace check, and steps
 * 3 to 5 run in the deferred invocation, which verifies the signature again at its signing time (a replay was
 * refused at the door) and sends slash-command replies to their {@code response_url}. Without one it answers after
 * step 5 (the Slack client has 1 s timeouts, one retry, and waits out no Retry-After over 1 s). Plain Jackson streaming and the JDK's HMAC: no reflection-heavy
 * library on this path, and SnapStart primes it.
 */
public class SlackApprovalHandler implements RequestStreamHandler {

    /** The slash command registered on the Slack app (see README, "Set up the Slack app"). */
    static final String SLASH_COMMAND = "/vigil";

    /** Replay markers outlive the 5-minute signature window. */
    static final long REPLAY_MEMORY_SECONDS = 600;

    private final ApprovalWiring w;
    private final InteractionRoutes routes;
    private final InteractionPolicy policy;
    private final GroupCache approverGroup = new GroupCache();
    private final GroupCache silencerGroup = new GroupCache();
    /** Null: answer synchronously. Else: acknowledge after the checks and run the rest through it. */
    private final Deferrer deferrer;

    public SlackApprovalHandler() {
        this(ApprovalWiring.fromEnvironment(), InteractionRoutes.fromEnvironment(), InteractionPolicy.fromEnvironment(),
                "true".equals(System.getenv("SLACK_ACK_FIRST")) ? new LambdaSelfInvoke() : null);
        SnapStartPriming.register();
    }

    public SlackApprovalHandler(ApprovalWiring wiring) {
        this(wiring, InteractionRoutes.none());
    }

    public SlackApprovalHandler(ApprovalWiring wiring, InteractionRoutes routes) {
        this(wiring, routes, InteractionPolicy.approversOnly());
    }

    public SlackApprovalHandler(ApprovalWiring wiring, InteractionRoutes routes, InteractionPolicy policy) {
        this(wiring, routes, policy, null);
    }

    /** @param deferrer null to answer synchronously; else verified requests are acknowledged and run later */
    public SlackApprovalHandler(ApprovalWiring wiring, InteractionRoutes routes, InteractionPolicy policy,
                                Deferrer deferrer) {
        this.w = wiring;
        this.routes = routes;
        this.policy = policy;
        this.deferrer = deferrer;
    }

    /** What the handler answered (the HTTP status and, for tests, what it did). */
    public record Answer(int status, String body, String outcome) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null && deferrer instanceof LambdaSelfInvoke self) {
            self.calledAs(context.getInvokedFunctionArn());
        }
        Answer a = handle(HttpApiEvent.read(input));
        HttpApiEvent.write(output, a.status(), a.body());
    }

    /** A deferred request (the function's own asynchronous event): the rest of the work, after the checks. */
    public Answer handleDeferred(byte[] event) {
        try {
            return handle(HttpApiEvent.read(new java.io.ByteArrayInputStream(event)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Answer handle(Map<String, String> headers, byte[] body) {
        Map<String, String> lower = new java.util.HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return handle(new HttpApiEvent(lower, body));
    }

    Answer handle(HttpApiEvent req) {
        long t0 = System.nanoTime();
        Instant now = w.clock().instant();
        String signature = req.header("X-Slack-Signature");
        String timestamp = req.header("X-Slack-Request-Timestamp");
        // A deferred request was checked (window and replay) when it arrived; its signature is checked again, at
        // the time it was signed, so that only a request Slack signed can ever reach the work below.
        Instant signedAt = now;
        if (req.deferred()) {
            try {
                signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
            } catch (RuntimeException e) {
                return done(new Answer(401, "invalid request signature", "refused-bad_timestamp"), t0);
            }
        }
        SlackSignature.Verdict v = SlackSignature.verify(w.signingSecret().get(), timestamp, signature, req.body(),
                signedAt);
        if (v != SlackSignature.Verdict.VALID) {
            return done(new Answer(401, "invalid request signature", "refused-" + v.name().toLowerCase()), t0);
        }
        if (!req.deferred()
                && !w.approvals().firstSighting(replayKey(signature), now.plusSeconds(REPLAY_MEMORY_SECONDS))) {
            return done(new Answer(401, "replayed request", "refused-replay"), t0);
        }
        if (deferrer != null && !req.deferred()) {
            // Acknowledge first (issue 10 item 4): everything after here may take several calls in series.
            try {
                deferrer.defer(HttpApiEvent.deferredEvent(req));
                return done(new Answer(200, "", "deferred"), t0);
            } catch (RuntimeException | LinkageError e) {
                // Lambda unreachable (or its client missing from the jar): the request is already past the replay
                // guard, so it is answered the slow way rather than lost.
                w.log().warn("could not defer; answering synchronously", Map.of("error",
                        e.getClass().getSimpleName()));
            }
        }
        String form = new String(req.body(), StandardCharsets.UTF_8);
        String command = BlockActions.formField(form, "command");
        if (command != null) {
            if (!sameWorkspace(BlockActions.formField(form, "team_id"), BlockActions.formField(form, "api_app_id"))) {
                return done(new Answer(403, "not this Vigil's Slack workspace or app", "refused-workspace"), t0);
            }
            Answer a = SLASH_COMMAND.equals(command) ? slashCommand(command, form, now)
                    : new Answer(400, "not a Vigil command", "bad-request");
            String url = BlockActions.formField(form, "response_url");
            if (req.deferred() && url != null && !a.body().isEmpty()) {
                // The HTTP answer went out already: the reply goes to the command's response_url, to the caller.
                try {
                    w.slack().respond(url, ApprovalMessages.ephemeral(a.body()));
                } catch (RuntimeException e) {
                    w.log().warn("response_url failed", Map.of("error", e.getClass().getSimpleName()));
                }
            }
            return done(a, t0);
        }
        BlockAction click;
        try {
            String payload = BlockActions.payloadField(form);
            if (payload == null) {
                return done(new Answer(400, "no payload field", "bad-request"), t0);
            }
            click = BlockActions.parse(payload);
            if (policy.teamId() != null || policy.appId() != null) {
                Map<String, Object> p = JsonTree.object(payload);
                Object team = p.get("team") instanceof Map<?, ?> t ? t.get("id") : click.teamId();
                Object app = p.get("api_app_id");
                if (!sameWorkspace(team == null ? null : team.toString(), app == null ? null : app.toString())) {
                    return done(new Answer(403, "not this Vigil's Slack workspace or app", "refused-workspace"), t0);
                }
            }
        } catch (IllegalArgumentException e) {
            return done(new Answer(400, "not a block_actions payload", "bad-request"), t0);
        }
        if (IncidentInteractions.isIncidentAction(click.actionId())) {
            return done(incidentClick(click, now), t0);
        }
        if (SlackDigest.MARK_EXPECTED_ACTION.equals(click.actionId())) {
            return done(markExpected(click), t0);
        }
        Approvals.Vote vote;
        if (ApprovalMessages.APPROVE_ACTION.equals(click.actionId())) {
            vote = Approvals.Vote.APPROVE;
        } else if (ApprovalMessages.REJECT_ACTION.equals(click.actionId())) {
            vote = Approvals.Vote.REJECT;
        } else {
            respond(click, ApprovalMessages.ephemeral("That button is not one of Vigil's approval buttons."));
            return done(new Answer(200, "", "ignored-foreign-action"), t0);
        }
        if (click.value() == null || click.value().isBlank()) {
            respond(click, ApprovalMessages.ephemeral("This button carries no approval id; nothing was done."));
            return done(new Answer(200, "", "unknown"), t0);
        }
        Approvals.Result r = new Approvals(w.approvals()).decide(click.value(), click.userId(), vote,
                approvers(), now);
        String outcome = act(r, click, vote, now);
        return done(new Answer(200, "", outcome), t0);
    }

    /** A configured workspace and app must match the request's; unconfigured ones are not checked. */
    private boolean sameWorkspace(String teamId, String appId) {
        return (policy.teamId() == null || policy.teamId().equals(teamId))
                && (policy.appId() == null || policy.appId().equals(appId));
    }

    /**
     * {@code /vigil silence …} and friends: the answer is the HTTP body, shown to the caller only; a silence created
     * or removed is also announced in the configured channel (or, without one, where the command was typed).
     */
    private Answer slashCommand(String command, String form, Instant now) {
        if (routes.incidents() == null) {
            return new Answer(200, "Incident commands are not enabled in this Vigil deployment.", "command-disabled");
        }
        String userId = BlockActions.formField(form, "user_id");
        IncidentInteractionService.Reply reply = routes.incidents().command(new IncidentInteractions.Command(command,
                orEmpty(BlockActions.formField(form, "text")), userId,
                BlockActions.formField(form, "user_name"), now.toEpochMilli()), role(userId));
        if (reply.announcement() != null) {
            String channel = policy.announceChannel() != null ? policy.announceChannel()
                    : BlockActions.formField(form, "channel_id");
            try {
                w.slack().post(channel, reply.announcement(), null);
            } catch (RuntimeException e) {
                // The silence stands; say so to the caller, who can announce it by hand.
                w.log().warn("silence announcement failed", Map.of("error", e.getClass().getSimpleName()));
                return new Answer(200, reply.text() + "\n(Could not announce this in the channel: please tell "
                        + "the team.)", "incident-command");
            }
        }
        return new Answer(200, reply.text(), "incident-command");
    }

    /** What this user may do with silences and marks. */
    private IncidentInteractions.Role role(String userId) {
        if (userId == null || userId.isBlank()) {
            return IncidentInteractions.Role.MEMBER;
        }
        if (approvers().contains(userId)) {
            return IncidentInteractions.Role.APPROVER;
        }
        if (policy.silencerIds().contains(userId)
                || (policy.silencerGroup() != null && silencerGroup.members(policy.silencerGroup()).contains(userId))) {
            return IncidentInteractions.Role.SILENCER;
        }
        return IncidentInteractions.Role.MEMBER;
    }

    /** Acknowledge / useful / noise on an incident message: stored once, answered to the clicking user. */
    private Answer incidentClick(BlockAction click, Instant now) {
        if (routes.incidents() == null) {
            respond(click, ApprovalMessages.ephemeral("Incident feedback is not enabled in this Vigil deployment."));
            return new Answer(200, "", "incident-disabled");
        }
        IncidentInteractionService.Reply reply = routes.incidents().click(new IncidentInteractions.Click(
                click.actionId(), click.value(), click.userId(), click.userName(), now.toEpochMilli()));
        respond(click, ApprovalMessages.ephemeral(reply.text()));
        return new Answer(200, "", "incident-" + click.actionId().substring(click.actionId().lastIndexOf('.') + 1));
    }

    /** The cost digest's "Mark expected": similar cost anomalies are suppressed from the next run on. */
    private Answer markExpected(BlockAction click) {
        if (routes.costMarks() == null) {
            respond(click, ApprovalMessages.ephemeral("Cost feedback is not enabled in this Vigil deployment."));
            return new Answer(200, "", "cost-disabled");
        }
        if (click.value() == null || click.value().isBlank()) {
            respond(click, ApprovalMessages.ephemeral("This button carries no anomaly id; nothing was done."));
            return new Answer(200, "", "cost-unknown");
        }
        if (role(click.userId()) == IncidentInteractions.Role.MEMBER) {
            // A mark suppresses similar cost anomalies from then on: a silence by another name.
            respond(click, ApprovalMessages.ephemeral("Only approvers and members of the silencer group may mark "
                    + "cost anomalies expected; nothing was done."));
            return new Answer(200, "", "cost-not-allowed");
        }
        ExpectedMark mark;
        try {
            // A click knows only the anomaly id; the detector reads the impact off the marked day.
            mark = ExpectedMark.of(click.value(), Double.NaN, click.userId(), "marked expected in Slack");
        } catch (IllegalArgumentException e) {
            respond(click, ApprovalMessages.ephemeral("`" + dev.vigil.core.slack.Mrkdwn.escape(click.value())
                    + "` is not a Vigil cost anomaly id; nothing was done."));
            return new Answer(200, "", "cost-unknown");
        }
        routes.costMarks().addMark(mark);
        String said = "Marked as expected by <@" + click.userId() + ">: similar cost anomalies on this scope ("
                + dev.vigil.core.slack.Mrkdwn.escape(click.value()) + ") are suppressed from the next report on.";
        respond(click, ApprovalMessages.ephemeral(said));
        if (policy.announceChannel() != null) {
            try {
                w.slack().post(policy.announceChannel(), ":mute: " + said, null);
            } catch (RuntimeException e) {
                w.log().warn("mark announcement failed", Map.of("error", e.getClass().getSimpleName()));
            }
        }
        return new Answer(200, "", "cost-marked-expected");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private String act(Approvals.Result r, BlockAction click, Approvals.Vote vote, Instant now) {
        if (r instanceof Approvals.Result.Approved a) {
            ApprovalRecord rec = a.record();
            audit(rec, click, "approve", now);
            try {
                w.callbacks().success(rec.taskToken(), approvedOutput(rec));
            } catch (StepCallbacks.TaskGoneException gone) {
                respond(click, ApprovalMessages.ephemeral("Your approval arrived after the workflow had stopped "
                        + "waiting: nothing will run."));
                return "approved-too-late";
            } catch (RuntimeException e) {
                // The decision is committed but the workflow did not hear it: the next click on this request
                // resends it (AlreadyDecided below), so the workflow never silently expires on an approval.
                w.log().warn("SendTaskSuccess failed; the next click resends it", Map.of("approvalId",
                        rec.approvalId(), "error", e.getClass().getSimpleName()));
                respond(click, ApprovalMessages.ephemeral("Your approval is recorded, but the workflow could not be "
                        + "reached. Click Approve again to resend it."));
                return "approved-callback-failed";
            }
            updateMessage(click, rec);
            return "approved";
        } else if (r instanceof Approvals.Result.Rejected rj) {
            ApprovalRecord rec = rj.record();
            audit(rec, click, "reject", now);
            try {
                w.callbacks().failure(rec.taskToken(), WorkflowErrors.APPROVAL_REJECTED,
                        "rejected by " + rec.decidedBy() + " at " + rec.decidedAt());
            } catch (StepCallbacks.TaskGoneException gone) {
                // The workflow already stopped waiting: nothing would have run anyway.
            } catch (RuntimeException e) {
                w.log().warn("SendTaskFailure failed; the next click resends it", Map.of("approvalId",
                        rec.approvalId(), "error", e.getClass().getSimpleName()));
                respond(click, ApprovalMessages.ephemeral("Your rejection is recorded, but the workflow could not be "
                        + "reached. Click Reject again to resend it."));
                return "rejected-callback-failed";
            }
            updateMessage(click, rec);
            return "rejected";
        } else if (r instanceof Approvals.Result.AwaitingSecond s) {
            ApprovalRecord rec = s.record();
            audit(rec, click, "first-approval", now);
            try {
                w.callbacks().heartbeat(rec.taskToken());
            } catch (StepCallbacks.TaskGoneException gone) {
                respond(click, ApprovalMessages.ephemeral("The workflow stopped waiting before your approval: "
                        + "nothing will run."));
                return "approved-too-late";
            }
            updateMessage(click, rec);
            return "awaiting-second-approver";
        } else if (r instanceof Approvals.Result.SameApproverTwice s) {
            respond(click, ApprovalMessages.ephemeral("You already approved this. It is high risk: a second, "
                    + "different approver must approve it."));
            return "same-approver-twice";
        } else if (r instanceof Approvals.Result.AlreadyDecided d) {
            ApprovalRecord rec = d.record();
            String resent = resend(rec);
            if (resent != null) {
                return resent;
            }
            String what = switch (rec.status()) {
                case APPROVED -> "already approved by <@" + rec.decidedBy() + ">";
                case REJECTED -> "already rejected by <@" + rec.decidedBy() + ">";
                default -> "no longer open (" + rec.status().name().toLowerCase() + ")";
            };
            respond(click, ApprovalMessages.ephemeral("This request was " + what
                    + (rec.decidedAt() == null ? "" : " at " + rec.decidedAt()) + ". Nothing changed."));
            return "already-decided";
        } else if (r instanceof Approvals.Result.Expired e) {
            ApprovalRecord rec = e.record();
            if (e.expiredNow()) {
                try {
                    w.callbacks().failure(rec.taskToken(), WorkflowErrors.APPROVAL_EXPIRED,
                            "the approval window closed at " + rec.expiresAt());
                } catch (StepCallbacks.TaskGoneException gone) {
                    // already timed out on the workflow side
                }
                updateMessage(click, rec);
            }
            respond(click, ApprovalMessages.ephemeral("This request expired at " + rec.expiresAt()
                    + " without a decision. Nothing was done."));
            return "expired";
        } else if (r instanceof Approvals.Result.NotAllowed n) {
            respond(click, ApprovalMessages.ephemeral("You are not an approver for Vigil remediations, so "
                    + "your click changed nothing."));
            return "not-an-approver";
        } else if (r instanceof Approvals.Result.Unknown u) {
            respond(click, ApprovalMessages.ephemeral("Vigil does not know approval `" + u.approvalId()
                    + "` (it may have expired and been cleaned up). Nothing was done."));
            return "unknown";
        }
        throw new IllegalStateException("unhandled approval result " + r);
    }

    /** What Step Functions gets on approval: the same for the first send and any resend. */
    private static String approvedOutput(ApprovalRecord rec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", "approved");
        out.put("approvalId", rec.approvalId());
        List<String> who = new ArrayList<>();
        if (rec.firstApprover() != null) {
            who.add(rec.firstApprover());
        }
        who.add(rec.decidedBy());
        out.put("approvers", who);
        out.put("decidedAt", rec.decidedAt().toString());
        return JsonTree.write(out);
    }

    /**
     * A click on a request already approved or rejected sends the stored decision to Step Functions again: the
     * first send may have failed after the decision was committed. A task that is gone (the workflow already heard
     * it, or stopped waiting) means done; the usual "already decided" answer follows (null). A resend that fails
     * again is answered as such.
     */
    private String resend(ApprovalRecord rec) {
        if (rec.taskToken() == null || (rec.status() != ApprovalRecord.Status.APPROVED
                && rec.status() != ApprovalRecord.Status.REJECTED)) {
            return null;
        }
        try {
            if (rec.status() == ApprovalRecord.Status.APPROVED) {
                w.callbacks().success(rec.taskToken(), approvedOutput(rec));
            } else {
                w.callbacks().failure(rec.taskToken(), WorkflowErrors.APPROVAL_REJECTED,
                        "rejected by " + rec.decidedBy() + " at " + rec.decidedAt());
            }
            w.log().info("decision resent to the workflow", Map.of("approvalId", rec.approvalId()));
        } catch (StepCallbacks.TaskGoneException gone) {
            // already delivered (or the workflow stopped waiting): nothing to resend
        } catch (RuntimeException e) {
            w.log().warn("decision resend failed", Map.of("approvalId", rec.approvalId(),
                    "error", e.getClass().getSimpleName()));
            return "resend-failed";
        }
        return null;
    }

    private Set<String> approvers() {
        if (w.approverGroup() == null) {
            return w.approverIds();
        }
        Set<String> all = new HashSet<>(w.approverIds());
        all.addAll(approverGroup.members(w.approverGroup()));
        return all;
    }

    /** A user group's members, fetched at most every five minutes; the last good list while Slack is down. */
    private final class GroupCache {
        private volatile Set<String> members = Set.of();
        private volatile long fetchedAt;
        private volatile boolean fetched;

        Set<String> members(String group) {
            long nowMs = System.currentTimeMillis();
            if (!fetched || nowMs - fetchedAt > 300_000) {
                try {
                    members = w.slack().usergroupMembers(group);
                    fetchedAt = nowMs;
                    fetched = true;
                } catch (RuntimeException e) {
                    w.log().warn("user group unavailable; using the explicit ids only",
                            Map.of("group", group, "error", e.getClass().getSimpleName()));
                }
            }
            return members;
        }
    }

    private void updateMessage(BlockAction click, ApprovalRecord rec) {
        if (rec.planJson() == null) {
            return;
        }
        Plan plan = Plan.fromMap(JsonTree.object(rec.planJson()));
        respond(click, ApprovalMessages.decided(plan, rec).replaceOriginal());
    }

    /** response_url failures are logged, not thrown: the decision stands and the workflow will post the outcome. */
    private void respond(BlockAction click, String payload) {
        if (click.responseUrl() == null) {
            return;
        }
        try {
            w.slack().respond(click.responseUrl(), payload);
        } catch (RuntimeException e) {
            w.log().warn("response_url failed", Map.of("error", e.getClass().getSimpleName()));
        }
    }

    private void audit(ApprovalRecord rec, BlockAction click, String vote, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("approvalId", rec.approvalId());
        d.put("vote", vote);
        d.put("userId", click.userId());
        d.put("userName", click.userName());
        d.put("status", rec.status().name());
        d.put("requiredApprovals", rec.requiredApprovals());
        w.audit().append(new AuditEntry(rec.incidentId(), AuditEntry.keyFor(rec.planId(), AuditEntry.DECISION,
                click.userId(), vote), now, AuditEntry.DECISION, rec.planId(), click.userId(), null, d));
    }

    private Answer done(Answer a, long t0) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", a.status());
        f.put("outcome", a.outcome());
        f.put("millis", (System.nanoTime() - t0) / 1_000_000);
        w.log().info("interaction", f);
        return a;
    }

    /**
     * The replay guard's key: a digest of the trimmed signature, so that the same signature sent again with a
     * space or a newline around it (which the verifier accepts) is still the same request.
     */
    static String replayKey(String signature) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(signature.trim()
                    .getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
