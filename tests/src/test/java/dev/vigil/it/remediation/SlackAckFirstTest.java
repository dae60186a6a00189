package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.slack.SlackSignature;
import dev.vigil.slackapproval.ApprovalWiring;
import dev.vigil.slackapproval.InteractionPolicy;
import dev.vigil.slackapproval.InteractionRoutes;
import dev.vigil.slackapproval.SlackApprovalHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 4, Slack's 3-second rule: with a deferrer, a verified request is answered right after the signature
 * and replay checks, and the work (decision, audit, Step Functions, response_url) runs in the deferred invocation,
 * which checks the signature again. Also the ack path's latency on fakes, first request and warm.
 */
class SlackAckFirstTest {

    final World w = new World();
    final List<byte[]> deferred = new ArrayList<>();
    final SlackApprovalHandler handler = new SlackApprovalHandler(new ApprovalWiring(() -> World.SIGNING_SECRET,
            w.approvals, w.audit, w.callbacks, w.slack, World.APPROVERS, null, w.clock, StructuredLog.discard()),
            InteractionRoutes.none(), InteractionPolicy.approversOnly(), deferred::add);

    String pendingLowRisk() {
        var a = Samples.ordersLatency(World.START.minusSeconds(120));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("step", "plan");
        req.put("executionName", RemediationStarter.executionName(a.id(), "orders-alb-latency-scale-out"));
        req.put("incidentId", a.id());
        req.put("runbookId", "orders-alb-latency-scale-out");
        req.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        Map<String, Object> plan = w.plan.handle(req);
        return w.notify.handle(Map.of("step", "request-approval", "taskToken", "tok-" + a.id(), "plan", plan))
                .get("approvalId").toString();
    }

    @Test
    void aClick_isAcknowledgedAtOnce_andDecidedInTheDeferredInvocation() {
        String id = pendingLowRisk();
        int writes = w.approvals.writes();
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        SlackApprovalHandler.Answer ack = handler.handle(w.signedHeaders(body), body);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.outcome()).isEqualTo("deferred");
        assertThat(w.callbacks.calls).isEmpty();
        assertThat(w.approvals.writes()).isEqualTo(writes);
        assertThat(deferred).hasSize(1);
        // the same request again is a replay at the door, and is not deferred
        assertThat(handler.handle(w.signedHeaders(body), body).outcome()).isEqualTo("refused-replay");
        assertThat(deferred).hasSize(1);

        w.clock.advance(Duration.ofMinutes(10));   // even after the signature window: it was checked on arrival
        SlackApprovalHandler.Answer done = handler.handleDeferred(deferred.get(0));
        assertThat(done.outcome()).isEqualTo("approved");
        assertThat(w.callbacks.calls).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo("success"));
        assertThat(w.slack.of("respond")).isNotEmpty();
    }

    @Test
    void aDeferredEventWithoutSlacksSignature_changesNothing() {
        String id = pendingLowRisk();
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        handler.handle(w.signedHeaders(body), body);
        String event = new String(deferred.get(0), StandardCharsets.UTF_8);
        String sig = SlackSignature.sign(World.SIGNING_SECRET, Long.toString(w.clock.instant().getEpochSecond()),
                body);
        byte[] forged = event.replace(sig, SlackSignature.sign("nope".getBytes(StandardCharsets.UTF_8),
                Long.toString(w.clock.instant().getEpochSecond()), body)).getBytes(StandardCharsets.UTF_8);
        assertThat(handler.handleDeferred(forged).status()).isEqualTo(401);
        assertThat(w.callbacks.calls).isEmpty();
    }

    @Test
    void theAckPath_takesMillisecondsOnFakes_firstAndWarm() {
        String id = pendingLowRisk();
        long[] nanos = new long[201];
        for (int i = 0; i < nanos.length; i++) {
            w.clock.advance(Duration.ofSeconds(1));
            byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
            var h = w.signedHeaders(body);
            long t0 = System.nanoTime();
            SlackApprovalHandler.Answer a = handler.handle(h, body);
            nanos[i] = System.nanoTime() - t0;
            assertThat(a.outcome()).isEqualTo("deferred");
        }
        long first = nanos[0];
        long[] warm = Arrays.copyOfRange(nanos, 101, 201);
        Arrays.sort(warm);
        System.out.printf("slack ack path on fakes: first %.2f ms, warm median %.3f ms, p99 %.3f ms%n",
                first / 1e6, warm[50] / 1e6, warm[98] / 1e6);
        assertThat(warm[50]).as("warm median ns").isLessThan(50_000_000L);
    }

    @Test
    void whenTheSelfInvokeFails_theRequestIsAnsweredTheSlowWay_notLost() {
        String id = pendingLowRisk();
        SlackApprovalHandler broken = new SlackApprovalHandler(new ApprovalWiring(() -> World.SIGNING_SECRET,
                w.approvals, w.audit, w.callbacks, w.slack, World.APPROVERS, null, w.clock, StructuredLog.discard()),
                InteractionRoutes.none(), InteractionPolicy.approversOnly(), event -> {
                    throw new IllegalStateException("Lambda unavailable (injected)");
                });
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(broken.handle(w.signedHeaders(body), body).outcome()).isEqualTo("approved");
        assertThat(w.callbacks.calls).hasSize(1);
    }
}
