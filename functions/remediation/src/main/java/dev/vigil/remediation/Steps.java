package dev.vigil.remediation;

import dev.vigil.aws.slack.SlackUnavailableException;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.ActionDefinition;
import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.Approvals;
import dev.vigil.core.remediation.AuditEntry;
import dev.vigil.core.remediation.ExecutorException;
import dev.vigil.core.remediation.GuardrailVerdict;
import dev.vigil.core.remediation.Guardrails;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.PlanResult;
import dev.vigil.core.remediation.Planner;
import dev.vigil.core.remediation.ResourceState;
import dev.vigil.core.remediation.Runbook;
import dev.vigil.core.remediation.Verification;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.slack.SlackChat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remediation workflow's task steps. Each takes the task's JSON payload (as the state machine builds it) and
 * returns the JSON result (what the state machine stores at the task's ResultPath): the {@code events/remediation/}
 * fixtures are exactly these payloads and results, asserted here and replayed by the ASL engine test.
 *
 * <p>Every step can run twice without doing anything twice: audit entries have deterministic keys and conditional
 * puts; execute and rollback first look for their own earlier entry and return it; actions set absolute values or
 * pass idempotency tokens.
 */
public final class Steps {

    /** How long before the workflow's own timeouts the Approvals table stops accepting decisions. */
    static final Duration DECISION_MARGIN = Duration.ofSeconds(15);

    private final Wiring w;

    public Steps(Wiring w) {
        this.w = w;
    }

    // ------------------------------------------------------------------ plan

    public Map<String, Object> plan(Map<String, Object> req) {
        String executionName = JsonTree.str(req, "executionName");
        String incidentId = JsonTree.str(req, "incidentId");
        String runbookId = JsonTree.str(req, "runbookId");
        AnomalyEvent anomaly = anomaly(req);
        Runbook runbook = w.catalog().runbook(runbookId)
                .orElseThrow(() -> new PlanningFailedException("no runbook " + runbookId + " in the catalog"));
        String mismatch = runbook.match().mismatch(anomaly);
        if (mismatch != null) {
            throw new PlanningFailedException("runbook " + runbookId + " does not match this anomaly: " + mismatch);
        }
        ActionDefinition action = w.catalog().action(runbook.actionId());
        Instant now = w.clock().instant();
        ResourceState current;
        String arn;
        try {
            arn = Planner.resourceArn(runbook, anomaly);
            current = action.type().needsResource() ? executor(action).read(arn) : ResourceState.empty(null);
        } catch (IllegalArgumentException e) {
            throw new PlanningFailedException(e.getMessage(), e);
        } catch (ExecutorException e) {
            throw e.throttled() ? new ThrottledException(e.getMessage(), e)
                    : new PlanningFailedException("cannot read " + runbook.resource() + ": " + e.getMessage(), e);
        }
        List<Double> recent = recent(anomaly, now, 30);
        PlanResult r = Planner.plan(executionName, incidentId, anomaly, runbook, action, current, recent, now);
        if (r instanceof PlanResult.Unplannable u) {
            throw new PlanningFailedException(u.reason());
        }
        Plan plan = ((PlanResult.Planned) r).plan();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("runbookId", runbookId);
        detail.put("actionId", plan.actionId());
        detail.put("mode", plan.mode().code());
        detail.put("risk", plan.risk().code());
        detail.put("parameters", plan.parameters());
        detail.put("change", plan.change());
        detail.put("previous", plan.previous().toMap());
        audit(plan, AuditEntry.PLANNED, "vigil", null, detail, now);
        return plan.toMap();
    }

    /** Recent values for the sparkline; a read failure only costs the sparkline. */
    private List<Double> recent(AnomalyEvent a, Instant now, int minutes) {
        if (w.metrics() == null) {
            return List.of();
        }
        try {
            return w.metrics().read(a, now.minus(Duration.ofMinutes(minutes)), now);
        } catch (RuntimeException e) {
            w.log().warn("recent datapoints unavailable", Map.of("series", a.seriesId(), "error", e.toString()));
            return List.of();
        }
    }

    // ------------------------------------------------------------------ guardrails

    public Map<String, Object> guardrails(Map<String, Object> req) {
        Plan plan = plan(req, "plan");
        ActionDefinition action = w.catalog().action(plan.actionId());
        Instant now = w.clock().instant();
        ResourceState current = null;
        if (action.type().needsResource()) {
            current = read(action, plan.resourceArn());
        }
        List<Instant> history = plan.resourceArn() == null ? List.of()
                : w.audit().changesOf(plan.resourceArn(), now.minus(Duration.ofHours(1)));
        GuardrailVerdict verdict = Guardrails.evaluate(plan, action, current, history, now);
        audit(plan, AuditEntry.GUARDRAILS, "vigil", null, verdict.toMap(), now);
        return verdict.toMap();
    }

    // ------------------------------------------------------------------ approval

    /** Short, stable per plan: a retried request reuses its item (and updates its token) instead of adding one. */
    static String approvalIdFor(String planId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("approval|" + planId)
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder("a");
            String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
            for (int i = 0; i < 11; i++) {
                b.append(alphabet.charAt((d[i] & 0xff) % alphabet.length()));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores the task token in the Approvals table (and only there), then posts the request with buttons carrying
     * the approval id. If Slack cannot be reached, the request is withdrawn (ABANDONED: a later click changes
     * nothing) and SlackUnavailableException fails the task: the workflow fails safe, nothing runs.
     */
    public Map<String, Object> requestApproval(Map<String, Object> req) {
        String token = JsonTree.str(req, "taskToken");
        Plan plan = plan(req, "plan");
        Instant now = w.clock().instant();
        String id = approvalIdFor(plan.planId());
        // Decisions close a little before the workflow's own heartbeat timeout, so that an accepted click always
        // finds the task still waiting.
        Instant expires = now.plusSeconds(plan.approvalWindowSeconds()).minus(DECISION_MARGIN);
        Instant hard = plan.createdAt().plusSeconds(plan.approvalMaxSeconds()).minus(DECISION_MARGIN);
        if (hard.isBefore(expires)) {
            expires = hard;
        }
        ApprovalRecord record = w.approvals().find(id).orElse(null);
        if (record != null && record.status() != ApprovalRecord.Status.PENDING) {
            throw new ApprovalExpiredException("approval " + id + " is already " + record.status());
        }
        if (record == null) {
            record = new ApprovalRecord(id, token, plan.planId(), plan.incidentId(), plan.executionName(), plan.risk(),
                    Math.max(1, plan.requiredApprovals()), ApprovalRecord.Status.PENDING, null, null, null, null, null,
                    null, now, expires, hard, JsonTree.write(plan.toMap()), 0);
            if (!w.approvals().put(record)) {
                record = w.approvals().find(id).orElseThrow();
            }
        }
        if (!token.equals(record.taskToken())) {
            // A retry of this task runs with a new token; the old one is dead. Keep the item, swap the token.
            ApprovalRecord swapped = new ApprovalRecord(id, token, record.planId(), record.incidentId(),
                    record.executionName(), record.risk(), record.requiredApprovals(), record.status(),
                    record.firstApprover(), record.firstApprovedAt(), record.decidedBy(), record.decidedAt(),
                    record.channel(), record.messageTs(), record.createdAt(), record.expiresAt(), record.hardDeadline(),
                    record.planJson(), record.version() + 1);
            if (!w.approvals().put(swapped)) {
                throw new IllegalStateException("approval " + id + " changed while its token was being replaced");
            }
            record = swapped;
        }
        ApprovalMessages.Message m = ApprovalMessages.request(plan, id, record.expiresAt());
        String channel = channel(plan);
        try {
            if (record.messageTs() == null) {
                SlackChat.Posted p = w.slack().post(channel, m.text(), m.blocksJson());
                ApprovalRecord withMsg = record.withMessage(p.channel(), p.ts());
                if (w.approvals().put(withMsg)) {
                    record = withMsg;
                }
            } else {
                w.slack().update(record.channel(), record.messageTs(), m.text(), m.blocksJson());
            }
        } catch (SlackUnavailableException e) {
            ApprovalRecord cur = w.approvals().find(id).orElse(record);
            if (cur.status() == ApprovalRecord.Status.PENDING) {
                w.approvals().put(cur.withDecision(ApprovalRecord.Status.ABANDONED, null, now));
            }
            throw e;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("approvalId", id);
        detail.put("channel", record.channel());
        detail.put("messageTs", record.messageTs());
        detail.put("requiredApprovals", record.requiredApprovals());
        detail.put("expiresAt", record.expiresAt().toString());
        audit(plan, AuditEntry.APPROVAL_REQUESTED, "vigil", null, detail, now);
        return detail;
    }

    /** The expiry path: the request becomes EXPIRED (if still pending) and its message says so. */
    public Map<String, Object> expire(Map<String, Object> req) {
        Plan plan = plan(req, "plan");
        Instant now = w.clock().instant();
        String id = approvalIdFor(plan.planId());
        boolean expiredNow = new Approvals(w.approvals()).expire(id, now);
        ApprovalRecord r = w.approvals().find(id).orElse(null);
        boolean messageUpdated = false;
        if (r != null && r.messageTs() != null && r.status() == ApprovalRecord.Status.EXPIRED) {
            ApprovalMessages.Message m = ApprovalMessages.decided(plan, r);
            try {
                w.slack().update(r.channel(), r.messageTs(), m.text(), m.blocksJson());
                messageUpdated = true;
            } catch (RuntimeException e) {
                w.log().warn("could not mark the approval message expired", Map.of("approvalId", id,
                        "error", e.getClass().getSimpleName()));
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("approvalId", id);
        detail.put("expired", expiredNow);
        detail.put("status", r == null ? "UNKNOWN" : r.status().name());
        detail.put("messageUpdated", messageUpdated);
        Map<String, Object> error = JsonTree.optObj(req, "error");
        detail.put("cause", error == null ? "timeout" : String.valueOf(error.get("Error")));
        audit(plan, AuditEntry.DECISION, "vigil", null, detail, now, "expired");
        return detail;
    }

    // ------------------------------------------------------------------ execute

    public Map<String, Object> execute(Map<String, Object> req) {
        Plan plan = plan(req, "plan");
        ActionDefinition action = w.catalog().action(plan.actionId());
        ActionExecutor ex = executor(action);
        Instant now = w.clock().instant();
        String appliedKey = AuditEntry.keyFor(plan.planId(), AuditEntry.APPLIED);
        var applied = w.audit().get(plan.incidentId(), appliedKey);
        if (applied.isPresent()) {
            Map<String, Object> out = new LinkedHashMap<>(applied.get().detail());
            out.put("replayed", true);
            return out;
        }
        String actionKey = AuditEntry.keyFor(plan.planId(), AuditEntry.ACTION);
        ResourceState before;
        var started = w.audit().get(plan.incidentId(), actionKey);
        if (started.isPresent()) {
            before = ResourceState.fromMap(JsonTree.obj(started.get().detail(), "before"));
        } else {
            before = action.type().needsResource() ? read(action, plan.resourceArn()) : ResourceState.empty(null);
            List<Instant> history = plan.resourceArn() == null ? List.of()
                    : w.audit().changesOf(plan.resourceArn(), now.minus(Duration.ofHours(1)));
            GuardrailVerdict v = Guardrails.evaluate(plan, action, action.type().needsResource() ? before : null,
                    history, now);
            if (!v.allowed()) {
                throw new GuardrailViolationException(v.violations().get(0).message()
                        + (v.violations().size() > 1 ? " (+" + (v.violations().size() - 1) + " more)" : ""));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("before", before.toMap());
            d.put("parameters", plan.parameters());
            if (!audit(plan, AuditEntry.ACTION, "vigil", null, d, now)) {
                before = ResourceState.fromMap(JsonTree.obj(w.audit().get(plan.incidentId(), actionKey)
                        .orElseThrow().detail(), "before"));
            }
        }
        ResourceState after;
        try {
            after = ex.apply(plan, plan.planId());
        } catch (ExecutorException e) {
            throw e.throttled() ? new ThrottledException(e.getMessage(), e) : new ActionFailedException(e.getMessage(), e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", true);
        out.put("before", before.toMap());
        out.put("after", after.toMap());
        out.put("appliedAt", now.toString());
        audit(plan, AuditEntry.APPLIED, "vigil", action.type().needsResource() ? plan.resourceArn() : null, out, now);
        Map<String, Object> result = new LinkedHashMap<>(out);
        result.put("replayed", false);
        return result;
    }

    // ------------------------------------------------------------------ verify

    public Map<String, Object> verify(Map<String, Object> req) {
        Plan plan = plan(req, "plan");
        Instant now = w.clock().instant();
        List<Double> values;
        try {
            values = w.metrics().read(plan.anomaly(), now.minus(Duration.ofMinutes(plan.verifyLookbackMinutes())),
                    now);
        } catch (RuntimeException e) {
            if (e instanceof software.amazon.awssdk.core.exception.SdkException s
                    && dev.vigil.aws.Retryable.isTransient(s)) {
                throw new ThrottledException("reading " + plan.anomaly().seriesId() + ": " + e.getMessage(), e);
            }
            throw e;
        }
        Verification v = Verification.check(plan, values, now);
        audit(plan, AuditEntry.VERIFICATION, "vigil", null, v.toMap(), now);
        return v.toMap();
    }

    // ------------------------------------------------------------------ rollback

    public Map<String, Object> rollback(Map<String, Object> req) {
        Plan plan = plan(req, "plan");
        String reason = JsonTree.optStr(req, "reason");
        ActionDefinition action = w.catalog().action(plan.actionId());
        Instant now = w.clock().instant();
        var done = w.audit().get(plan.incidentId(), AuditEntry.keyFor(plan.planId(), AuditEntry.ROLLED_BACK));
        if (done.isPresent()) {
            Map<String, Object> out = new LinkedHashMap<>(done.get().detail());
            out.put("replayed", true);
            return out;
        }
        var started = w.audit().get(plan.incidentId(), AuditEntry.keyFor(plan.planId(), AuditEntry.ACTION));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reason", reason);
        if (started.isEmpty()) {
            // Execute never got as far as capturing state, so it never acted: nothing to undo.
            out.put("restored", false);
            out.put("detail", "nothing was applied, so nothing was undone");
            out.put("replayed", false);
            return out;
        }
        ResourceState before = ResourceState.fromMap(JsonTree.obj(started.get().detail(), "before"));
        ResourceState after = w.audit().get(plan.incidentId(), AuditEntry.keyFor(plan.planId(), AuditEntry.APPLIED))
                .map(e -> ResourceState.fromMap(JsonTree.obj(e.detail(), "after"))).orElse(null);
        ResourceState now_;
        try {
            now_ = executor(action).undo(plan, before, after, plan.planId());
        } catch (ExecutorException e) {
            throw e.throttled() ? new ThrottledException(e.getMessage(), e)
                    : new RollbackFailedException("undo of " + plan.actionId() + " on " + plan.resourceArn()
                            + " failed: " + e.getMessage(), e);
        }
        out.put("restored", true);
        out.put("restoredTo", before.toMap());
        out.put("state", now_.toMap());
        out.put("rolledBackAt", now.toString());
        audit(plan, AuditEntry.ROLLED_BACK, "vigil", action.type().needsResource() ? plan.resourceArn() : null, out,
                now);
        Map<String, Object> result = new LinkedHashMap<>(out);
        result.put("replayed", false);
        return result;
    }

    // ------------------------------------------------------------------ record and notify

    /** Writes the outcome entry (once per plan). */
    public Map<String, Object> record(Map<String, Object> req) {
        String outcome = JsonTree.str(req, "outcome");
        Map<String, Object> state = JsonTree.obj(req, "state");
        Instant now = w.clock().instant();
        Map<String, Object> planMap = JsonTree.optObj(state, "plan");
        String incidentId = planMap != null ? JsonTree.str(planMap, "incidentId") : JsonTree.str(state, "incidentId");
        String planId = planMap != null ? JsonTree.str(planMap, "planId")
                : Planner.planIdFor(JsonTree.str(req, "executionName"));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("outcome", outcome);
        detail.put("runbookId", JsonTree.optStr(state, "runbookId"));
        for (String k : List.of("guardrails", "approval", "approvalError", "execution", "error", "verification",
                "rollback", "rollbackError")) {
            if (state.get(k) != null) {
                detail.put(k, state.get(k));
            }
        }
        w.audit().append(new AuditEntry(incidentId, AuditEntry.keyFor(planId, AuditEntry.OUTCOME), now,
                AuditEntry.OUTCOME, planId, "vigil", null, detail));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", outcome);
        out.put("incidentId", incidentId);
        out.put("planId", planId);
        out.put("recordedAt", now.toString());
        return out;
    }

    /** Tells the channel how it ended. Shadow mode posts nothing. */
    public Map<String, Object> notify(Map<String, Object> req) {
        String outcome = JsonTree.str(req, "outcome");
        Map<String, Object> state = JsonTree.obj(req, "state");
        Instant now = w.clock().instant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", outcome);
        Map<String, Object> planMap = JsonTree.optObj(state, "plan");
        ApprovalMessages.Message m;
        Plan plan = null;
        if (planMap == null) {
            AnomalyEvent a = anomaly(state);
            Map<String, Object> err = JsonTree.optObj(state, "error");
            m = ApprovalMessages.unplannable(JsonTree.str(state, "runbookId"), a, cause(err));
        } else {
            plan = Plan.fromMap(planMap);
            if (plan.mode() == dev.vigil.core.remediation.Mode.SHADOW) {
                out.put("posted", false);
                out.put("why", "shadow mode records only");
                return out;
            }
            m = switch (outcome) {
                case "refused" -> {
                    Map<String, Object> g = JsonTree.optObj(state, "guardrails");
                    if (g != null && !JsonTree.bool(g, "allowed")) {
                        yield ApprovalMessages.refused(plan, GuardrailVerdict.fromMap(g));
                    }
                    Map<String, Object> err = JsonTree.optObj(state, "error");
                    yield ApprovalMessages.outcome(plan, outcome, err == null ? null : cause(err));
                }
                case "suggested" -> ApprovalMessages.suggestion(plan);
                default -> ApprovalMessages.outcome(plan, outcome, detail(outcome, state));
            };
        }
        String channel = plan == null ? w.defaultChannel() : channel(plan);
        SlackChat.Posted p = w.slack().post(channel, m.text(), m.blocksJson());
        out.put("posted", true);
        out.put("channel", p.channel());
        out.put("ts", p.ts());
        if (plan != null) {
            audit(plan, AuditEntry.NOTIFICATION, "vigil", null, new LinkedHashMap<>(out), now);
        }
        return out;
    }

    private static String detail(String outcome, Map<String, Object> state) {
        List<String> parts = new ArrayList<>();
        Map<String, Object> v = JsonTree.optObj(state, "verification");
        if (v != null) {
            parts.add(String.valueOf(v.get("reason")));
        }
        Map<String, Object> err = JsonTree.optObj(state, "error");
        if (err != null) {
            parts.add("execution failed: " + cause(err));
        }
        Map<String, Object> rb = JsonTree.optObj(state, "rollback");
        if (rb != null && Boolean.TRUE.equals(rb.get("restored"))) {
            parts.add("restored the state captured before acting");
        }
        Map<String, Object> rbe = JsonTree.optObj(state, "rollbackError");
        if (rbe != null) {
            parts.add("rollback error: " + cause(rbe));
        }
        Map<String, Object> ae = JsonTree.optObj(state, "approvalError");
        if (ae != null) {
            parts.add(cause(ae));
        }
        return String.join("\n", parts);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A Catch's Cause as a sentence: in AWS a Lambda error's Cause is the JSON {errorMessage, errorType,
     * stackTrace}; local engines pass the message itself. Either way, show the message.
     */
    static String cause(Map<String, Object> error) {
        if (error == null) {
            return "unknown reason";
        }
        Object c = error.get("Cause");
        String text = c == null ? String.valueOf(error.get("Error")) : c.toString();
        if (text.startsWith("{")) {
            try {
                Object m = JsonTree.object(text).get("errorMessage");
                if (m != null) {
                    return m.toString();
                }
            } catch (IllegalArgumentException notJson) {
                // keep the raw text
            }
        }
        return text;
    }

    private String channel(Plan plan) {
        String c = plan.channel() != null ? plan.channel() : w.defaultChannel();
        if (c == null) {
            throw new IllegalStateException("no Slack channel: set SLACK_CHANNEL or the runbook's channel");
        }
        return c;
    }

    private ActionExecutor executor(ActionDefinition action) {
        ActionExecutor ex = w.executors().get(action.type());
        if (ex == null) {
            throw new IllegalStateException("no executor for " + action.type().code() + " in this function");
        }
        return ex;
    }

    private ResourceState read(ActionDefinition action, String arn) {
        try {
            return executor(action).read(arn);
        } catch (ExecutorException e) {
            throw e.throttled() ? new ThrottledException(e.getMessage(), e) : new ActionFailedException(e.getMessage(), e);
        }
    }

    private boolean audit(Plan plan, String kind, String actor, String resourceArn, Map<String, Object> detail,
                          Instant now, String... extra) {
        return w.audit().append(new AuditEntry(plan.incidentId(), AuditEntry.keyFor(plan.planId(), kind, extra), now,
                kind, plan.planId(), actor, resourceArn, detail));
    }

    static Plan plan(Map<String, Object> req, String key) {
        return Plan.fromMap(JsonTree.obj(req, key));
    }

    static AnomalyEvent anomaly(Map<String, Object> req) {
        return AnomalyJson.read(JsonTree.write(JsonTree.obj(req, "anomaly")));
    }
}
