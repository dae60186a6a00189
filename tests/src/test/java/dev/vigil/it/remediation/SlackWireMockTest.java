package dev.vigil.it.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.slack.SlackUnavailableException;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.slack.SlackChat;
import dev.vigil.remediation.NotifyHandler;
import dev.vigil.remediation.Wiring;
import dev.vigil.slackapproval.ApprovalWiring;
import dev.vigil.slackapproval.SlackApprovalHandler;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Slack side over real HTTP: WireMock (standalone) serves chat.postMessage, chat.update,
 * usergroups.users.list and a response_url. Slack being down: the client retries, then the approval request fails
 * the task with SlackUnavailableException (the workflow's fail-safe path), the request is withdrawn, and a late
 * click on it changes nothing.
 */
class SlackWireMockTest {

    WireMockServer slack;
    final AtomicInteger sleeps = new AtomicInteger();

    @BeforeEach
    void start() {
        slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        slack.start();
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    SlackWebApi api() {
        return new SlackWebApi(URI.create(slack.baseUrl() + "/api/"), () -> "xoxb-test-token",
                new Backoff(1, 5, 4, ms -> sleeps.incrementAndGet(), 7), 2_000);
    }

    @Test
    void postUpdateAndRespond_sendWhatSlackExpects() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(okJson(
                "{\"ok\":true,\"channel\":\"C0VIGIL01\",\"ts\":\"1714558500.000100\"}")));
        slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true,\"ts\":\"1714558500.000100\"}")));
        slack.stubFor(post(urlEqualTo("/actions/T0/1/xyz")).willReturn(aResponse().withStatus(200).withBody("ok")));
        slack.stubFor(post(urlEqualTo("/api/usergroups.users.list")).willReturn(okJson(
                "{\"ok\":true,\"users\":[\"U1\",\"U2\"]}")));
        SlackChat chat = api();
        SlackChat.Posted p = chat.post("C0VIGIL01", "fallback", "[{\"type\":\"divider\"}]");
        assertThat(p.ts()).isEqualTo("1714558500.000100");
        chat.update(p.channel(), p.ts(), "updated", "[]");
        chat.respond(slack.baseUrl() + "/actions/T0/1/xyz", ApprovalMessages.ephemeral("hi"));
        assertThat(chat.usergroupMembers("S0APPROVERS")).containsExactlyInAnyOrder("U1", "U2");
        slack.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("C0VIGIL01")))
                .withRequestBody(matchingJsonPath("$.blocks[0].type", equalTo("divider"))));
        slack.verify(postRequestedFor(urlEqualTo("/api/chat.update"))
                .withRequestBody(matchingJsonPath("$.ts", equalTo("1714558500.000100"))));
        // a response_url is its own credential: no bot token is sent to it
        slack.verify(postRequestedFor(urlEqualTo("/actions/T0/1/xyz")).withoutHeader("Authorization")
                .withRequestBody(containing("\"response_type\":\"ephemeral\"")));
    }

    @Test
    void aRateLimit_isWaitedOut_thenTheCallSucceeds() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("ok"));
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}")));
        assertThat(api().post("C1", "t", "[]").ts()).isEqualTo("1.2");
        slack.verify(2, postRequestedFor(urlEqualTo("/api/chat.postMessage")));
    }

    @Test
    void aRetryAfterLongerThanTheCallerCanWait_givesUpAtOnce_insteadOfSleeping() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        SlackWebApi quick = new SlackWebApi(URI.create(slack.baseUrl() + "/api/"), () -> "xoxb-test",
                new Backoff(1, 2, 3, ms -> sleeps.incrementAndGet(), 1), 1_000, 1_000);
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> quick.post("C1", "t", "[]"))
                .isInstanceOf(SlackUnavailableException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms").isLessThan(2_000);
        slack.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage")));
    }

    @Test
    void slackDown_isRetried_thenTheApprovalTaskFailsSafe_andALateClickChangesNothing() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(503)));
        World w = new World();
        NotifyHandler notify = new NotifyHandler(new Wiring(w.catalog, Map.of(), w.audit, w.approvals, api(), null,
                w.clock, StructuredLog.discard(), World.CHANNEL));
        var a = Samples.ordersLatency(World.START.minusSeconds(60));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("step", "plan");
        req.put("executionName", "exec-slack-down");
        req.put("incidentId", a.id());
        req.put("runbookId", "orders-alb-latency-scale-out");
        req.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        Map<String, Object> plan = w.plan.handle(req);

        assertThatThrownBy(() -> notify.handle(Map.of("step", "request-approval", "taskToken", "tok", "plan", plan)))
                .isInstanceOf(SlackUnavailableException.class);
        // retried: 4 attempts with backoff between them
        slack.verify(4, postRequestedFor(urlEqualTo("/api/chat.postMessage")));
        assertThat(sleeps.get()).isEqualTo(3);
        // nothing acts: the request is withdrawn, so a click (say, from a message Slack delivered late) is refused
        String id = w.approvals.find(approvalId(plan)).orElseThrow().approvalId();
        assertThat(w.approvals.find(id).orElseThrow().status()).isEqualTo(ApprovalRecord.Status.ABANDONED);
        SlackApprovalHandler.Answer click = w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        assertThat(click.outcome()).isEqualTo("already-decided");
        assertThat(w.callbacks.calls).isEmpty();
        assertThat(w.ecs.applies).isZero();
    }

    @Test
    void responseUrlDown_isRetriedBrieflyAndTheClickIsStillAnsweredInTime() {
        slack.stubFor(post(urlEqualTo("/actions/T0VIGIL/1/xyz")).willReturn(aResponse().withStatus(500)));
        World w = new World();
        SlackWebApi quick = new SlackWebApi(URI.create(slack.baseUrl() + "/api/"), () -> "xoxb",
                new Backoff(100, 300, 2, Thread::sleep, 1), 1_000);
        SlackApprovalHandler h = new SlackApprovalHandler(new ApprovalWiring(() -> World.SIGNING_SECRET, w.approvals,
                w.audit, w.callbacks, quick, World.APPROVERS, null, w.clock, StructuredLog.discard()));
        var a = Samples.ordersLatency(World.START.minusSeconds(60));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("step", "plan");
        req.put("executionName", "exec-respond-down");
        req.put("incidentId", a.id());
        req.put("runbookId", "orders-alb-latency-scale-out");
        req.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        Map<String, Object> plan = w.plan.handle(req);
        String id = w.notify.handle(Map.of("step", "request-approval", "taskToken", "tok", "plan", plan))
                .get("approvalId").toString();
        byte[] body = w.clickBody("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id);
        String form = new String(body).replace("https%3A%2F%2Fhooks.slack.com",
                java.net.URLEncoder.encode(slack.baseUrl(), java.nio.charset.StandardCharsets.UTF_8));
        byte[] local = form.getBytes();
        long t0 = System.nanoTime();
        SlackApprovalHandler.Answer ans = h.handle(w.signedHeaders(local), local);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ans.outcome()).isEqualTo("approved");
        assertThat(ms).isLessThan(3_000);
        slack.verify(2, postRequestedFor(urlEqualTo("/actions/T0VIGIL/1/xyz")));
        assertThat(w.callbacks.calls).hasSize(1);
    }

    static String approvalId(Map<String, Object> plan) {
        try {
            var m = Class.forName("dev.vigil.remediation.Steps").getDeclaredMethod("approvalIdFor", String.class);
            m.setAccessible(true);
            return (String) m.invoke(null, plan.get("planId").toString());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
