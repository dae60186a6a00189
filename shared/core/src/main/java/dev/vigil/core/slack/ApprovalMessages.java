package dev.vigil.core.slack;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.GuardrailVerdict;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Block Kit for the remediation messages: the approval request (what was seen, the proposed action with its exact
 * parameters, blast radius, risk, expiry, Approve/Reject), its suggestion-only twin (no button that acts), the
 * decision update (who decided, when), a guardrail refusal (every reason), and the outcome. Buttons carry only the
 * short approval id: the task token never leaves AWS. Block Kit limits respected: section text ≤ 3000 characters,
 * ≤ 10 fields of ≤ 2000 characters.
 */
public final class ApprovalMessages {

    public static final String APPROVE_ACTION = "vigil.approve";
    public static final String REJECT_ACTION = "vigil.reject";
    public static final String ACTIONS_BLOCK = "vigil-approval";

    private ApprovalMessages() {
    }

    /** A message: fallback text plus blocks (a JSON array). */
    public record Message(String text, String blocksJson) {
        /** The response_url body that replaces the original message with this one. */
        public String replaceOriginal() {
            return "{\"replace_original\":true,\"text\":" + quote(text) + ",\"blocks\":" + blocksJson + "}";
        }
    }

    /** An ephemeral answer only the clicking user sees; the original message stays as it is. */
    public static String ephemeral(String text) {
        return "{\"response_type\":\"ephemeral\",\"replace_original\":false,\"text\":" + quote(text) + "}";
    }

    public static Message request(Plan plan, String approvalId, Instant expiresAt) {
        List<Object> blocks = describe(plan, ":rotating_light: Vigil proposes a remediation");
        blocks.add(context("Expires " + slackDate(expiresAt) + " · plan `" + plan.planId() + "` · approval `"
                + approvalId + "` · undo: " + plan.undo()));
        blocks.add(buttons(approvalId, plan));
        return new Message(fallback("Approval needed", plan), JsonTree.write(blocks));
    }

    public static Message suggestion(Plan plan) {
        List<Object> blocks = describe(plan, ":bulb: Vigil suggests a remediation");
        blocks.add(context("Suggest mode: nothing will run. Apply it by hand, or switch runbook `" + plan.runbookId()
                + "` to approve mode · plan `" + plan.planId() + "`"));
        return new Message(fallback("Suggestion", plan), JsonTree.write(blocks));
    }

    /** The approval message after a click: the buttons give way to who decided and when (or stay, for a second). */
    public static Message decided(Plan plan, ApprovalRecord r) {
        List<Object> blocks = describe(plan, ":rotating_light: Vigil proposes a remediation");
        String who = r.firstApprover() != null && r.decidedBy() != null && !r.firstApprover().equals(r.decidedBy())
                ? "<@" + r.firstApprover() + "> and <@" + r.decidedBy() + ">" : "<@" + r.decidedBy() + ">";
        String line = switch (r.status()) {
            case APPROVED -> ":white_check_mark: *Approved* by " + who + " " + slackDate(r.decidedAt())
                    + ". Executing now.";
            case REJECTED -> ":x: *Rejected* by <@" + r.decidedBy() + "> " + slackDate(r.decidedAt())
                    + ". Nothing was changed.";
            case EXPIRED -> ":hourglass: *Expired* " + slackDate(r.decidedAt() == null ? r.expiresAt() : r.decidedAt())
                    + " without a decision. Nothing was changed.";
            case ABANDONED -> ":warning: This request was withdrawn. Nothing was changed.";
            case PENDING -> ":hourglass_flowing_sand: *First approval* by <@" + r.firstApprover() + "> "
                    + slackDate(r.firstApprovedAt()) + ". High risk: a second, different approver is needed before "
                    + slackDate(r.expiresAt()) + ".";
        };
        blocks.add(section(line));
        blocks.add(context("plan `" + plan.planId() + "` · approval `" + r.approvalId() + "`"));
        if (r.status() == ApprovalRecord.Status.PENDING) {
            blocks.add(buttons(r.approvalId(), plan));
        }
        String text = switch (r.status()) {
            case APPROVED -> "Approved by " + plainWho(r);
            case REJECTED -> "Rejected by " + r.decidedBy();
            case EXPIRED -> "Expired without a decision";
            case ABANDONED -> "Withdrawn";
            case PENDING -> "First approval by " + r.firstApprover() + "; a second approver is needed";
        };
        return new Message(text + ": " + plan.change(), JsonTree.write(blocks));
    }

    public static Message refused(Plan plan, GuardrailVerdict verdict) {
        List<Object> blocks = describe(plan, ":no_entry: Vigil's guardrails stopped a remediation");
        StringBuilder b = new StringBuilder("*Refused, nothing was changed.* Reasons:");
        for (Violation v : verdict.violations()) {
            b.append("\n• `").append(v.code()).append("` ").append(v.message());
        }
        blocks.add(section(truncate(b.toString(), 3000)));
        blocks.add(context("plan `" + plan.planId() + "` · runbook `" + plan.runbookId() + "`"));
        return new Message("Guardrails refused: " + verdict.violations().get(0).message(), JsonTree.write(blocks));
    }

    /** The end of the workflow: what happened, in one line, plus the plan for context. */
    public static Message outcome(Plan plan, String outcome, String detail) {
        String head = switch (outcome) {
            case "remediated" -> ":white_check_mark: Remediated: the metric is back within its band";
            case "rolled-back" -> ":leftwards_arrow_with_hook: Rolled back: the change did not hold";
            case "rollback-failed" -> ":sos: Rollback FAILED: the resource needs a human now";
            case "rejected" -> ":x: Rejected: nothing was changed";
            case "expired" -> ":hourglass: Expired without a decision: nothing was changed";
            case "refused" -> ":no_entry: Refused by the guardrails: nothing was changed";
            case "suggested" -> ":bulb: Suggested only: nothing was changed";
            case "slack-unavailable" -> ":warning: Slack was unreachable: nothing was changed";
            default -> ":information_source: " + outcome;
        };
        List<Object> blocks = new ArrayList<>();
        blocks.add(section("*" + head + "*\n" + plan.change() + " on `" + nz(plan.resourceArn(), "(no resource)")
                + "`" + (detail == null || detail.isBlank() ? "" : "\n" + truncate(detail, 2000))));
        blocks.add(context("runbook `" + plan.runbookId() + "` · plan `" + plan.planId() + "` · incident `"
                + plan.incidentId() + "`"));
        return new Message(head.replaceAll(":[a-z_]+: ", "") + ": " + plan.change(), JsonTree.write(blocks));
    }

    /** A runbook matched, but no plan could be made (nothing ran). */
    public static Message unplannable(String runbookId, AnomalyEvent a, String reason) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(section("*:warning: Runbook `" + runbookId + "` matched, but no plan could be made.* Nothing was "
                + "changed.\n`" + Mrkdwn.escape(a.namespace()) + " " + Mrkdwn.escape(a.metricName()) + "` "
                + Mrkdwn.escape(a.dimensions().toString()) + " = " + num(a.value())
                + ", expected " + num(a.expected()) + "\n" + Mrkdwn.escape(truncate(reason, 2000))));
        return new Message("No plan for runbook " + runbookId + ": " + reason, JsonTree.write(blocks));
    }

    // ------------------------------------------------------------------ building blocks

    private static List<Object> describe(Plan plan, String title) {
        AnomalyEvent a = plan.anomaly();
        List<Object> blocks = new ArrayList<>();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "header");
        header.put("text", plainText(truncate(title.replaceAll(":[a-z_]+: ", ""), 150)));
        blocks.add(header);
        // Everything from the anomaly is data (whoever could publish one chose it): escaped (Mrkdwn).
        StringBuilder seen = new StringBuilder("*What was seen*\n`").append(Mrkdwn.escape(a.namespace())).append(' ')
                .append(Mrkdwn.escape(a.metricName())).append('`');
        if (!a.dimensions().isEmpty()) {
            seen.append(' ').append(Mrkdwn.escape(a.dimensions().toString()));
        }
        seen.append(" = *").append(num(a.value())).append("*").append(unit(a.unit()))
                .append(", expected ").append(num(a.expected())).append(" (band ").append(num(a.lower()))
                .append(" – ").append(num(a.upper())).append(")\n")
                .append(Mrkdwn.escape(a.severity())).append(' ').append(Mrkdwn.escape(a.reason())).append(" at ")
                .append(slackDate(Instant.ofEpochMilli(a.timestamp())));
        if (a.detail() != null && !a.detail().isBlank()) {
            seen.append("\n_").append(Mrkdwn.escape(a.detail())).append('_');
        }
        if (!plan.recent().isEmpty()) {
            seen.append("\n`").append(Sparkline.of(plan.recent())).append("` last ").append(plan.recent().size())
                    .append(" min");
        }
        if (plan.chartUrl() != null) {
            seen.append(" · <").append(plan.chartUrl()).append("|chart>");
        }
        blocks.add(section(truncate(seen.toString(), 3000)));
        List<Object> fields = new ArrayList<>();
        fields.add(mrkdwn("*Proposed action*\n" + plan.actionId() + " (`" + plan.actionType().code() + "`)\n"
                + plan.change()));
        fields.add(mrkdwn("*Resource*\n`" + Mrkdwn.escape(nz(plan.resourceArn(), "none")) + "`"));
        fields.add(mrkdwn("*Exact parameters*\n```" + Mrkdwn.escape(truncate(JsonTree.write(plan.parameters()), 1900))
                + "```"));
        fields.add(mrkdwn("*Blast radius*\n" + plan.blastRadius()));
        fields.add(mrkdwn("*Risk*\n" + plan.risk().code()
                + (plan.requiredApprovals() >= 2 ? " · two distinct approvers needed" : "")));
        fields.add(mrkdwn("*Runbook*\n`" + plan.runbookId() + "` (" + plan.mode().code() + " mode)"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "section");
        s.put("fields", fields);
        blocks.add(s);
        return blocks;
    }

    private static Map<String, Object> buttons(String approvalId, Plan plan) {
        Map<String, Object> approve = button("Approve", APPROVE_ACTION, approvalId, "primary");
        Map<String, Object> confirm = new LinkedHashMap<>();
        confirm.put("title", plainText("Run this remediation?"));
        confirm.put("text", plainText(truncate(plan.change() + " on " + nz(plan.resourceArn(), "nothing"), 300)));
        confirm.put("confirm", plainText("Approve"));
        confirm.put("deny", plainText("Cancel"));
        approve.put("confirm", confirm);
        Map<String, Object> reject = button("Reject", REJECT_ACTION, approvalId, "danger");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "actions");
        b.put("block_id", ACTIONS_BLOCK);
        b.put("elements", List.of(approve, reject));
        return b;
    }

    private static Map<String, Object> button(String label, String actionId, String value, String style) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "button");
        b.put("action_id", actionId);
        b.put("text", plainText(label));
        b.put("value", value);
        b.put("style", style);
        return b;
    }

    private static Map<String, Object> section(String mrkdwn) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "section");
        s.put("text", mrkdwn(mrkdwn));
        return s;
    }

    private static Map<String, Object> context(String mrkdwn) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "context");
        c.put("elements", List.of(mrkdwn(truncate(mrkdwn, 2000))));
        return c;
    }

    private static Map<String, Object> mrkdwn(String text) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", "mrkdwn");
        t.put("text", text);
        return t;
    }

    private static Map<String, Object> plainText(String text) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", "plain_text");
        t.put("text", text);
        return t;
    }

    /** Slack renders {@code <!date^epoch^…|fallback>} in each reader's own time zone. */
    static String slackDate(Instant t) {
        if (t == null) {
            return "(unknown time)";
        }
        return "<!date^" + t.getEpochSecond() + "^{date_short_pretty} {time}|" + t + ">";
    }

    private static String fallback(String what, Plan plan) {
        AnomalyEvent a = plan.anomaly();
        return what + ": " + plan.change() + " (" + a.namespace() + " " + a.metricName() + " = " + num(a.value())
                + ", expected " + num(a.expected()) + ")";
    }

    private static String plainWho(ApprovalRecord r) {
        return r.firstApprover() != null && !r.firstApprover().equals(r.decidedBy())
                ? r.firstApprover() + " and " + r.decidedBy() : r.decidedBy();
    }

    static String num(double d) {
        if (!Double.isFinite(d)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.4g", d).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replaceAll("\\.($|e)",
                "$1");
    }

    private static String unit(String u) {
        return u == null || u.isBlank() || u.equals("None") ? "" : " " + u;
    }

    private static String nz(String s, String fallback) {
        return s == null ? fallback : s;
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String quote(String s) {
        return JsonTree.write(s);
    }
}
