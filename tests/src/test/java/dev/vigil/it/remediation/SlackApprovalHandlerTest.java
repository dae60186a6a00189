package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.ResourceState;
import dev.vigil.core.remediation.WorkflowErrors;
import dev.vigil.core.remediation.fakes.RecordingCallbacks;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.slack.SlackSignature;
import dev.vigil.core.slack.fakes.RecordingSlack;
import dev.vigil.core.testing.ProjectFiles;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.slackapproval.ApprovalWiring;
import dev.vigil.slackapproval.SlackApprovalHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The slack-approval handler, case by case, each with its expected answer and, where nothing may change, proof that
 * nothing did: no Approvals write, no Step Functions callback, no audit entry.
 */
class SlackApprovalHandlerTest {

    final World w = new World();

    /** Plans and requests approval for an anomaly through the real handlers; returns the approval id. */
    String pendingApproval(AnomalyEvent a, String runbookId) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("step", "plan");
        req.put("executionName", RemediationStarter.executionName(a.id(), runbookId));
        req.put("incidentId", a.id());
        req.put("runbookId", runbookId);
        req.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        Map<String, Object> plan = w.plan.handle(req);
        return w.notify.handle(Map.of("step", "request-approval", "taskToken", "tok-" + a.id(), "plan", plan))
                .get("approvalId").toString();
    }

    String pendingLowRisk() {
        return pendingApproval(Samples.ordersLatency(World.START.minusSeconds(120)), "orders-alb-latency-scale-out");
    }

    int auditSize() {
        return w.audit.size();
    }

    @Test
    void slacksPublishedSigningExample_passesVerification_thenIsRefusedAsNotAButtonClick() {
        Map<String, Object> v = JsonTree.object(ProjectFiles.read("events/slack/slack_signature_test_vector.json"));
        World docs = new World();
        byte[] secret = v.get("signing_secret").toString().getBytes(StandardCharsets.UTF_8);
        SlackApprovalHandler h = new SlackApprovalHandler(new ApprovalWiring(() -> secret, docs.approvals, docs.audit,
                docs.callbacks, docs.slack, World.APPROVERS, null, docs.clock.set(Instant.ofEpochSecond(
                        Long.parseLong(v.get("X-Slack-Request-Timestamp").toString()))), dev.vigil.core.log.StructuredLog.discard()));
        Map<String, String> headers = Map.of("X-Slack-Request-Timestamp", v.get("X-Slack-Request-Timestamp").toString(),
                "X-Slack-Signature", v.get("expected_X-Slack-Signature").toString());
        byte[] body = v.get("raw_body").toString().getBytes(StandardCharsets.UTF_8);
        SlackApprovalHandler.Answer a = h.handle(headers, body);
        // The signature is Slack's own and valid; the body is a slash command, which is not an approval click.
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.outcome()).isEqualTo("bad-request");
        docs.clock.advance(Duration.ofMinutes(6));
        assertThat(h.handle(headers, body).outcome()).isEqualTo("refused-stale");
        assertThat(docs.approvals.writes()).isZero();
        assertThat(docs.callbacks.calls).isEmpty();
    }

    @Test
    void theRealBlockActionsPayloads_areParsedAndIgnoredBecauseTheirButtonsAreNotVigils() {
        Map<String, Object> req = JsonTree.object(ProjectFiles.read("events/slack/DERIVED_block_actions_form_request.json"));
        Map<String, String> headers = JsonTree.strings(req, "headers");
        byte[] secret = req.get("signing_secret").toString().getBytes(StandardCharsets.UTF_8);
        World docs = new World();
        docs.clock.set(Instant.ofEpochSecond(Long.parseLong(headers.get("X-Slack-Request-Timestamp"))).plusSeconds(2));
        SlackApprovalHandler h = new SlackApprovalHandler(new ApprovalWiring(() -> secret, docs.approvals, docs.audit,
                docs.callbacks, docs.slack, World.APPROVERS, null, docs.clock, dev.vigil.core.log.StructuredLog.discard()));
        byte[] form = ProjectFiles.read("events/slack/DERIVED_block_actions_form_body.txt").trim()
                .getBytes(StandardCharsets.UTF_8);
        SlackApprovalHandler.Answer a = h.handle(headers, form);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.outcome()).isEqualTo("ignored-foreign-action");
        assertThat(docs.slack.of("respond")).singleElement().satisfies(c -> {
            assertThat(c.target()).isEqualTo("https://hooks.slack.com/actions/T111/111/xxx");
            assertThat(c.json()).contains("\"response_type\":\"ephemeral\"");
        });
        for (String name : List.of("block_actions_home_tab_real.json", "block_actions_message_attachment_docs_example.json",
                "block_actions_home_tab_confirm.json", "block_actions_with_state.json")) {
            String json = ProjectFiles.read("events/slack/java-slack-sdk/" + name);
            byte[] body = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            String ts = Long.toString(docs.clock.instant().getEpochSecond());
            SlackApprovalHandler.Answer r = h.handle(Map.of("X-Slack-Request-Timestamp", ts,
                    "X-Slack-Signature", SlackSignature.sign(secret, ts, body)), body);
            assertThat(r.outcome()).as(name).isEqualTo("ignored-foreign-action");
        }
        assertThat(docs.approvals.writes()).isZero();
        assertThat(docs.callbacks.calls).isEmpty();
    }

    @Test
    void aForgedSignature_isRefusedWith401_andChangesNothing() {
        String id = pendingLowRisk();
        int writes = w.approvals.writes();
        int audit = auditSize();
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        String ts = Long.toString(w.clock.instant().getEpochSecond());
        String forged = SlackSignature.sign("someone-elses-secret".getBytes(StandardCharsets.UTF_8), ts, body);
        SlackApprovalHandler.Answer a = w.slackApproval.handle(Map.of("X-Slack-Request-Timestamp", ts,
                "X-Slack-Signature", forged), body);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.outcome()).isEqualTo("refused-forged");
        assertThat(w.approvals.writes()).isEqualTo(writes);
        assertThat(auditSize()).isEqualTo(audit);
        assertThat(w.callbacks.calls).isEmpty();
        assertThat(w.slack.of("respond")).isEmpty();
    }

    @Test
    void aStaleTimestamp_isRefusedEvenWhenTheSignatureMatches() {
        String id = pendingLowRisk();
        int writes = w.approvals.writes();
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        Map<String, String> headers = w.signedHeaders(body);
        w.clock.advance(Duration.ofSeconds(301));
        SlackApprovalHandler.Answer a = w.slackApproval.handle(headers, body);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.outcome()).isEqualTo("refused-stale");
        assertThat(w.approvals.writes()).isEqualTo(writes);
        assertThat(w.callbacks.calls).isEmpty();
    }

    @Test
    void aReplayedRequest_isRefused_andTheWorkflowIsCalledBackOnce() {
        String id = pendingLowRisk();
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        Map<String, String> headers = w.signedHeaders(body);
        assertThat(w.slackApproval.handle(headers, body).outcome()).isEqualTo("approved");
        int writes = w.approvals.writes();
        SlackApprovalHandler.Answer replay = w.slackApproval.handle(headers, body);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.outcome()).isEqualTo("refused-replay");
        assertThat(w.approvals.writes()).isEqualTo(writes);
        assertThat(w.callbacks.calls).hasSize(1);
    }

    @Test
    void anUnknownApprover_isToldSo_andChangesNothing() {
        String id = pendingLowRisk();
        int writes = w.approvals.writes();
        int audit = auditSize();
        SlackApprovalHandler.Answer a = w.click("U0INTRUDER", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.outcome()).isEqualTo("not-an-approver");
        assertThat(w.slack.of("respond")).last().satisfies(c -> assertThat(c.json())
                .contains("ephemeral").contains("not an approver"));
        assertThat(w.approvals.writes()).isEqualTo(writes);
        assertThat(auditSize()).isEqualTo(audit);
        assertThat(w.callbacks.calls).isEmpty();
        assertThat(w.approvals.find(id).orElseThrow().status()).isEqualTo(ApprovalRecord.Status.PENDING);
    }

    @Test
    void anApproval_callsTheWorkflowBack_andUpdatesTheMessageWithWhoAndWhen() {
        String id = pendingLowRisk();
        SlackApprovalHandler.Answer a = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEmpty();
        RecordingCallbacks.Call c = w.callbacks.calls.get(0);
        assertThat(c.kind()).isEqualTo("success");
        assertThat(JsonTree.object(c.output())).containsEntry("decision", "approved")
                .containsEntry("approvers", List.of("U0APPROVER1"));
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json())
                .contains("\"replace_original\":true").contains("Approved* by <@U0APPROVER1>")
                .contains("<!date^" + w.clock.instant().getEpochSecond()).doesNotContain("tok-"));
        assertThat(w.audit.trail(w.approvals.find(id).orElseThrow().incidentId()))
                .anySatisfy(e -> assertThat(e.key()).endsWith("04-decision#U0APPROVER1#approve"));
    }

    @Test
    void aDoubleClick_getsAlreadyApprovedByX_andNoSecondCallback() {
        String id = pendingLowRisk();
        w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        int writes = w.approvals.writes();
        w.clock.advance(Duration.ofSeconds(1));
        // The second click resends the stored decision (issue 9, Medium 7); Step Functions refuses a token whose
        // task already finished (TaskTimedOut), which the handler treats as delivered.
        w.callbacks.gone = true;
        SlackApprovalHandler.Answer second = w.click("U0APPROVER2", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(second.outcome()).isEqualTo("already-decided");
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json())
                .contains("already approved by <@U0APPROVER1>").contains("ephemeral"));
        assertThat(w.callbacks.calls).hasSize(1);
        assertThat(w.approvals.writes()).isEqualTo(writes);
    }

    @Test
    void theTwoPersonRule_aHighRiskRequestNeedsTwoDifferentApprovers() {
        w.alias.with(new ResourceState(Samples.CHECKOUT_LIVE, Samples.checkoutLive().values(),
                Map.of("vigil:remediation", "enabled")));
        String id = pendingApproval(Samples.checkoutDuration(World.START.minusSeconds(60)), "checkout-latency-rollback");
        assertThat(w.approvals.find(id).orElseThrow().requiredApprovals()).isEqualTo(2);

        SlackApprovalHandler.Answer first = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(first.outcome()).isEqualTo("awaiting-second-approver");
        assertThat(w.callbacks.calls).extracting(RecordingCallbacks.Call::kind).containsExactly("heartbeat");
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json()).contains("First approval")
                .contains("vigil.approve"));

        w.clock.advance(Duration.ofSeconds(5));
        SlackApprovalHandler.Answer again = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(again.outcome()).isEqualTo("same-approver-twice");
        assertThat(w.callbacks.calls).hasSize(1);

        w.clock.advance(Duration.ofSeconds(5));
        SlackApprovalHandler.Answer second = w.click("U0APPROVER2", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(second.outcome()).isEqualTo("approved");
        RecordingCallbacks.Call c = w.callbacks.calls.get(1);
        assertThat(c.kind()).isEqualTo("success");
        assertThat(JsonTree.object(c.output())).containsEntry("approvers", List.of("U0APPROVER1", "U0APPROVER2"));
    }

    @Test
    void aRejection_failsTheTaskWithTheNamedError() {
        String id = pendingLowRisk();
        assertThat(w.click("U0APPROVER3", ApprovalMessages.REJECT_ACTION, id).outcome()).isEqualTo("rejected");
        RecordingCallbacks.Call c = w.callbacks.calls.get(0);
        assertThat(c.kind()).isEqualTo("failure");
        assertThat(c.error()).isEqualTo(WorkflowErrors.APPROVAL_REJECTED);
        assertThat(c.cause()).contains("U0APPROVER3");
    }

    @Test
    void aClickAfterExpiry_getsAClearMessage_andTheWorkflowTakesTheExpiryPath() {
        String id = pendingLowRisk();
        w.clock.advance(Duration.ofMinutes(31));
        SlackApprovalHandler.Answer a = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(a.outcome()).isEqualTo("expired");
        assertThat(w.callbacks.calls).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("failure");
            assertThat(c.error()).isEqualTo(WorkflowErrors.APPROVAL_EXPIRED);
        });
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json()).contains("expired at")
                .contains("Nothing was done"));
        assertThat(w.approvals.find(id).orElseThrow().status()).isEqualTo(ApprovalRecord.Status.EXPIRED);
    }

    @Test
    void anUnknownApprovalId_getsAClearMessage_andChangesNothing() {
        int writes = w.approvals.writes();
        SlackApprovalHandler.Answer a = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, "a-no-such-id");
        assertThat(a.outcome()).isEqualTo("unknown");
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json()).contains("does not know approval"));
        assertThat(w.approvals.writes()).isEqualTo(writes);
        assertThat(w.callbacks.calls).isEmpty();
    }

    @Test
    void aClickThatArrivesAfterTheWorkflowStoppedWaiting_isToldNothingWillRun() {
        String id = pendingLowRisk();
        w.callbacks.gone = true;
        SlackApprovalHandler.Answer a = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(a.outcome()).isEqualTo("approved-too-late");
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json()).contains("nothing will run"));
    }

    @Test
    void whenResponseUrlIsDown_theDecisionStillStands_andSlackGetsIts200() {
        String id = pendingLowRisk();
        w.slack.down = () -> new dev.vigil.aws.slack.SlackUnavailableException("down", null);
        SlackApprovalHandler.Answer a = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.outcome()).isEqualTo("approved");
        assertThat(w.callbacks.calls).hasSize(1);
    }

    @Test
    void theHandlerAnswersWellWithinSlacksThreeSeconds() {
        String id = pendingLowRisk();
        long t0 = System.nanoTime();
        w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anApproverGroup_isResolvedThroughSlack() {
        World g = new World();
        g.slack.group = java.util.Set.of("U0GROUPIE");
        SlackApprovalHandler h = new SlackApprovalHandler(new ApprovalWiring(() -> World.SIGNING_SECRET, g.approvals,
                g.audit, g.callbacks, g.slack, java.util.Set.of(), "S0APPROVERS", g.clock,
                dev.vigil.core.log.StructuredLog.discard()));
        Map<String, Object> req = new LinkedHashMap<>();
        AnomalyEvent a = Samples.ordersLatency(World.START.minusSeconds(120));
        req.put("step", "plan");
        req.put("executionName", "e-group");
        req.put("incidentId", a.id());
        req.put("runbookId", "orders-alb-latency-scale-out");
        req.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        Map<String, Object> plan = g.plan.handle(req);
        String id = g.notify.handle(Map.of("step", "request-approval", "taskToken", "t", "plan", plan))
                .get("approvalId").toString();
        byte[] body = g.clickBody("U0GROUPIE", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(h.handle(g.signedHeaders(body), body).outcome()).isEqualTo("approved");
    }

    @Test
    void whenSendTaskSuccessFails_theNextClickResendsTheApproval_soTheWorkflowDoesNotExpire() {
        String id = pendingLowRisk();
        dev.vigil.core.remediation.StepCallbacks flaky = new dev.vigil.core.remediation.StepCallbacks() {
            int failures = 1;

            @Override
            public void success(String token, String output) {
                if (failures-- > 0) {
                    throw new IllegalStateException("Step Functions unavailable (injected)");
                }
                w.callbacks.success(token, output);
            }

            @Override
            public void failure(String token, String error, String cause) {
                w.callbacks.failure(token, error, cause);
            }

            @Override
            public void heartbeat(String token) {
                w.callbacks.heartbeat(token);
            }
        };
        SlackApprovalHandler h = new SlackApprovalHandler(new dev.vigil.slackapproval.ApprovalWiring(
                () -> World.SIGNING_SECRET, w.approvals, w.audit, flaky, w.slack, World.APPROVERS, null, w.clock,
                dev.vigil.core.log.StructuredLog.discard()));
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        SlackApprovalHandler.Answer first = h.handle(w.signedHeaders(body), body);
        assertThat(first.outcome()).isEqualTo("approved-callback-failed");
        assertThat(w.callbacks.calls).isEmpty();
        assertThat(w.slack.of("respond")).last().satisfies(r -> assertThat(r.json()).contains("Click Approve again"));

        w.clock.advance(Duration.ofSeconds(1));
        byte[] again = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        SlackApprovalHandler.Answer second = h.handle(w.signedHeaders(again), again);
        assertThat(second.outcome()).isEqualTo("already-decided");
        assertThat(w.callbacks.calls).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("success");
            assertThat(c.output()).contains("U0APPROVER1");
        });
    }
}
