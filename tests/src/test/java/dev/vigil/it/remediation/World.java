package dev.vigil.it.remediation;

import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.ApprovalStore;
import dev.vigil.core.remediation.AuditLog;
import dev.vigil.core.remediation.InMemoryApprovalStore;
import dev.vigil.core.remediation.InMemoryAuditLog;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.remediation.fakes.FakeExecutor;
import dev.vigil.core.remediation.fakes.FakeMetricReader;
import dev.vigil.core.remediation.fakes.RecordingCallbacks;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.remediation.fakes.TestClock;
import dev.vigil.core.slack.SlackSignature;
import dev.vigil.core.slack.fakes.RecordingSlack;
import dev.vigil.remediation.ActHandler;
import dev.vigil.remediation.NotifyHandler;
import dev.vigil.remediation.PlanHandler;
import dev.vigil.remediation.Wiring;
import dev.vigil.slackapproval.ApprovalWiring;
import dev.vigil.slackapproval.SlackApprovalHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The remediation functions wired on fakes (in-memory executors, audit, approvals, Slack and callbacks) and a
 * hand-moved clock: what the contract and handler tests drive. Everything is deterministic.
 */
final class World {

    static final Instant START = Instant.parse("2024-05-01T10:15:00Z");
    static final String CHANNEL = "C0VIGIL01";
    static final byte[] SIGNING_SECRET = "test-signing-secret-not-real".getBytes(StandardCharsets.UTF_8);
    static final Set<String> APPROVERS = Set.of("U0APPROVER1", "U0APPROVER2", "U0APPROVER3");

    final TestClock clock = new TestClock(START);
    final Map<ActionType, ActionExecutor> executors = new EnumMap<>(ActionType.class);
    final FakeExecutor lambdaConcurrency = new FakeExecutor(ActionType.LAMBDA_RESERVED_CONCURRENCY)
            .with(Samples.thumbnailer());
    final FakeExecutor ecs = new FakeExecutor(ActionType.ECS_DESIRED_COUNT).with(Samples.ordersService());
    final FakeExecutor alias = new FakeExecutor(ActionType.LAMBDA_ALIAS_ROLLBACK).with(Samples.checkoutLive());
    final FakeMetricReader metrics = new FakeMetricReader();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final InMemoryApprovalStore approvals = new InMemoryApprovalStore();
    final RecordingSlack slack = new RecordingSlack();
    final RecordingCallbacks callbacks = new RecordingCallbacks();
    final RunbookCatalog catalog = RunbookCatalog.fromClasspath();
    final PlanHandler plan;
    final ActHandler act;
    final NotifyHandler notify;
    final SlackApprovalHandler slackApproval;

    World() {
        executors.put(ActionType.LAMBDA_RESERVED_CONCURRENCY, lambdaConcurrency);
        executors.put(ActionType.ECS_DESIRED_COUNT, ecs);
        executors.put(ActionType.LAMBDA_ALIAS_ROLLBACK, alias);
        StructuredLog log = StructuredLog.discard();
        plan = new PlanHandler(new Wiring(catalog, executors, audit, null, null, metrics, clock, log, null));
        act = new ActHandler(new Wiring(catalog, executors, audit, null, null, null, clock, log, null));
        notify = new NotifyHandler(new Wiring(catalog, Map.of(), audit, approvals, slack, null, clock, log, CHANNEL));
        slackApproval = new SlackApprovalHandler(new ApprovalWiring(() -> SIGNING_SECRET, approvals, audit, callbacks,
                slack, APPROVERS, null, clock, log));
    }

    ApprovalStore approvals() {
        return approvals;
    }

    AuditLog audit() {
        return audit;
    }

    /** A block_actions click, form-encoded and signed now, as Slack sends it. */
    SlackApprovalHandler.Answer click(String userId, String actionId, String approvalId) {
        return slackApproval.handle(signedHeaders(clickBody(userId, actionId, approvalId)),
                clickBody(userId, actionId, approvalId));
    }

    byte[] clickBody(String userId, String actionId, String approvalId) {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"" + userId + "\",\"username\":\""
                + userId.toLowerCase() + "\",\"team_id\":\"T0VIGIL\"},\"api_app_id\":\"A0VIGIL\","
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"1714558500.000100\",\"channel_id\":\"" + CHANNEL
                + "\",\"is_ephemeral\":false},\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"ops\"},"
                + "\"response_url\":\"https://hooks.slack.com/actions/T0VIGIL/1/xyz\",\"actions\":[{\"action_id\":\""
                + actionId + "\",\"block_id\":\"vigil-approval\",\"value\":\"" + approvalId + "\",\"type\":\"button\","
                + "\"action_ts\":\"" + clock.instant().getEpochSecond() + ".000001\"}]}";
        return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    Map<String, String> signedHeaders(byte[] body) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        return Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp", ts,
                "X-Slack-Signature", SlackSignature.sign(SIGNING_SECRET, ts, body));
    }
}
