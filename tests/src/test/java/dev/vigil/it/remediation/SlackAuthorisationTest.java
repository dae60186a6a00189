package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.core.cost.report.SlackDigest;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.slack.SlackSignature;
import dev.vigil.it.incident.Configs;
import dev.vigil.it.support.IncidentRig;
import dev.vigil.slackapproval.ApprovalWiring;
import dev.vigil.slackapproval.InteractionPolicy;
import dev.vigil.slackapproval.InteractionRoutes;
import dev.vigil.slackapproval.SlackApprovalHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, High 3 (and the Low items at the same endpoint): silences, unsilences and "Mark expected" need an
 * approver or a named silencer; match-all silences are refused and critical ones need an approver; every silence
 * is announced in the channel; requests from another workspace or app are refused. Incidents and cost marks on
 * DynamoDB Local, Slack recorded.
 */
class SlackAuthorisationTest {

    static final String COST_TABLE = "vigil-cost-authorisation-it";
    static final String ANNOUNCE = "C0ANNOUNCE";

    final World w = new World();
    IncidentRig rig;
    DynamoCostStore costs;
    SlackApprovalHandler handler;

    @BeforeEach
    void start() {
        rig = new IncidentRig(Configs.SHOP);
        CostDailyTable.createIfMissing(rig.dynamo.client(), COST_TABLE);
        costs = new DynamoCostStore(rig.dynamo.client(), COST_TABLE, new Backoff(1, 5, 3, ms -> { }, 1),
                new CapacityMeter(), Instant::now);
        handler = new SlackApprovalHandler(new ApprovalWiring(() -> World.SIGNING_SECRET, w.approvals, w.audit,
                w.callbacks, w.slack, World.APPROVERS, null, w.clock, StructuredLog.discard()),
                new InteractionRoutes(new IncidentInteractionService(rig.store, MetricsSink.none()), costs),
                new InteractionPolicy("T0VIGIL", "A0VIGIL", Set.of("U0SILENCER"), null, ANNOUNCE));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private SlackApprovalHandler.Answer send(byte[] body) {
        w.clock.advance(Duration.ofSeconds(1));   // each request its own signature
        return handler.handle(w.signedHeaders(body), body);
    }

    private static byte[] command(String user, String text) {
        return command(user, text, "T0VIGIL", "A0VIGIL");
    }

    private static byte[] command(String user, String text, String team, String app) {
        return ("command=%2Fvigil&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&user_id=" + user
                + "&user_name=" + user.toLowerCase() + "&team_id=" + team + "&api_app_id=" + app
                + "&channel_id=C0TYPED").getBytes(StandardCharsets.UTF_8);
    }

    private long now() {
        return w.clock.instant().toEpochMilli();
    }

    @Test
    void anyWorkspaceMember_cannotSilence_norRemoveAnothersSilence() {
        SlackApprovalHandler.Answer a = send(command("U0RANDOM", "silence service=checkout maxSeverity=high for 1h"));
        assertThat(a.body()).contains("Only approvers and members of the silencer group");
        assertThat(rig.store.silences(now())).isEmpty();

        send(command("U0SILENCER", "silence service=checkout maxSeverity=high for 1h drill"));
        String id = rig.store.silences(now()).get(0).id();
        SlackApprovalHandler.Answer removal = send(command("U0RANDOM", "unsilence " + id));
        assertThat(removal.body()).contains("Only approvers and members of the silencer group may remove");
        assertThat(rig.store.silences(now())).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(id));
        // listing stays open to everyone
        assertThat(send(command("U0RANDOM", "silences")).body()).contains(id);
    }

    @Test
    void aMatchAllSilence_isRefused_evenForAnApprover() {
        for (String matcher : new String[] {"namespace=*", "resource=* metric=**", "FunctionName=?*"}) {
            SlackApprovalHandler.Answer a = send(command("U0APPROVER1", "silence " + matcher + " for 1h"));
            assertThat(a.body()).as(matcher).contains("not a wildcard");
        }
        assertThat(rig.store.silences(now())).isEmpty();
    }

    @Test
    void aSilenceCoveringCritical_needsAnApprover_andEverySilenceIsAnnouncedInTheChannel() {
        SlackApprovalHandler.Answer refused = send(command("U0SILENCER", "silence service=checkout for 1h"));
        assertThat(refused.body()).contains("needs an approver");
        assertThat(rig.store.silences(now())).isEmpty();
        assertThat(w.slack.of("post")).isEmpty();

        send(command("U0SILENCER", "silence service=checkout maxSeverity=high for 1h <!channel> drill"));
        assertThat(w.slack.of("post")).singleElement().satisfies(p -> {
            assertThat(p.target()).isEqualTo(ANNOUNCE);
            assertThat(p.text()).contains("<@U0SILENCER> silenced service=checkout maxSeverity=high")
                    .contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        });

        SlackApprovalHandler.Answer critical = send(command("U0APPROVER1", "silence service=payments for 30m"));
        assertThat(critical.body()).startsWith("Silenced service=payments");
        assertThat(rig.store.silences(now())).hasSize(2);
        String id = rig.store.silences(now()).stream().filter(s -> s.matcher().service().equals("payments"))
                .findFirst().orElseThrow().id();
        send(command("U0SILENCER", "unsilence " + id));
        assertThat(w.slack.of("post")).hasSize(3).last()
                .satisfies(p -> assertThat(p.text()).contains("<@U0SILENCER> removed silence " + id));
    }

    @Test
    void anAbsurdSilenceDuration_getsAClearError_notAServerError() {
        SlackApprovalHandler.Answer a = send(command("U0APPROVER1",
                "silence service=checkout for 99999999999999999999m"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("between 1 minute and 7 days");
        assertThat(send(command("U0APPROVER1", "silence service=checkout for 9999999999h")).body())
                .contains("between 1 minute and 7 days");
    }

    @Test
    void markExpected_byAnyWorkspaceMember_isRefused_andNoMarkIsStored() {
        String anomalyId = "cost:2024-09-25:service:222222222222:AmazonDynamoDB";
        SlackApprovalHandler.Answer a = send(w.clickBody("U0RANDOM", SlackDigest.MARK_EXPECTED_ACTION, anomalyId));
        assertThat(a.outcome()).isEqualTo("cost-not-allowed");
        assertThat(costs.marks()).isEmpty();
        assertThat(send(w.clickBody("U0SILENCER", SlackDigest.MARK_EXPECTED_ACTION, anomalyId)).outcome())
                .isEqualTo("cost-marked-expected");
        assertThat(costs.marks()).hasSize(1);
        assertThat(w.slack.of("post")).singleElement().satisfies(p -> assertThat(p.target()).isEqualTo(ANNOUNCE));
    }

    @Test
    void aSignedRequestFromAnotherWorkspaceOrApp_isRefusedWith403() {
        assertThat(send(command("U0APPROVER1", "silence service=checkout for 1h", "T0OTHER", "A0VIGIL")).status())
                .isEqualTo(403);
        assertThat(send(command("U0APPROVER1", "silence service=checkout for 1h", "T0VIGIL", "A0OTHER")).status())
                .isEqualTo(403);
        byte[] otherTeamClick = new String(w.clickBody("U0APPROVER1", SlackDigest.MARK_EXPECTED_ACTION,
                "cost:2024-09-25:service:222222222222:AmazonDynamoDB"), StandardCharsets.UTF_8)
                .replace("T0VIGIL", "T0OTHER").getBytes(StandardCharsets.UTF_8);
        assertThat(send(otherTeamClick).status()).isEqualTo(403);
        assertThat(rig.store.silences(now())).isEmpty();
        assertThat(costs.marks()).isEmpty();
    }

    @Test
    void theSameSignatureWithSpacesAround_isStillAReplay() {
        byte[] body = command("U0APPROVER1", "silences");
        w.clock.advance(Duration.ofSeconds(1));
        Map<String, String> h = w.signedHeaders(body);
        assertThat(handler.handle(h, body).status()).isEqualTo(200);
        Map<String, String> padded = new HashMap<>(h);
        padded.put("X-Slack-Signature", " " + h.get("X-Slack-Signature") + "\n");
        assertThat(SlackSignature.verify(World.SIGNING_SECRET, h.get("X-Slack-Request-Timestamp"),
                padded.get("X-Slack-Signature"), body, w.clock.instant())).isEqualTo(SlackSignature.Verdict.VALID);
        assertThat(handler.handle(padded, body).outcome()).isEqualTo("refused-replay");
    }
}
