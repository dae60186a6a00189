package dev.vigil.it.remediation;

import static dev.vigil.core.fakes.Anomalies.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.core.cost.report.SlackDigest;
import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.IncidentInteractions;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.slack.SlackSignature;
import dev.vigil.it.incident.Configs;
import dev.vigil.it.support.IncidentRig;
import dev.vigil.slackapproval.ApprovalWiring;
import dev.vigil.slackapproval.InteractionRoutes;
import dev.vigil.slackapproval.SlackApprovalHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One signed Slack endpoint for every interaction: besides the approval buttons, the incident buttons, the
 * {@code /vigil} command and the cost digest's "Mark expected" reach their stores (DynamoDB Local) after the same
 * signature and replay checks, and nothing reaches them without those checks.
 */
class SlackInteractionRoutingTest {

    static final String COST_TABLE = "vigil-cost-routing-it";

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
                new dev.vigil.slackapproval.InteractionPolicy("T0VIGIL", "A0VIGIL",
                        java.util.Set.of("U0OPS", "U0FINOPS"), null, null));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private SlackApprovalHandler.Answer send(byte[] body) {
        return handler.handle(w.signedHeaders(body), body);
    }

    private static byte[] command(String text) {
        return ("command=" + URLEncoder.encode("/vigil", StandardCharsets.UTF_8) + "&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&user_id=U0OPS&user_name=ops"
                + "&team_id=T0VIGIL&api_app_id=A0VIGIL&channel_id=C0OPS")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theVigilCommand_createsAndListsSilences_inTheIncidentsTable() {
        SlackApprovalHandler.Answer created = send(command("silence service=checkout maxSeverity=high for 2h deploy freeze"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.outcome()).isEqualTo("incident-command");
        assertThat(rig.store.silences(w.clock.instant().toEpochMilli())).singleElement()
                .satisfies(s -> assertThat(s.reason()).isEqualTo("deploy freeze"));

        w.clock.advance(java.time.Duration.ofSeconds(1));   // a new request, with its own signature
        SlackApprovalHandler.Answer listed = send(command("silences"));
        assertThat(listed.body()).contains("deploy freeze");
    }

    @Test
    void anotherAppsSlashCommand_isRefused_andChangesNothing() {
        byte[] body = ("command=%2Fwebhook-collect&text=silence+service%3Dx+for+1h&user_id=U1"
                + "&team_id=T0VIGIL&api_app_id=A0VIGIL")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(send(body).status()).isEqualTo(400);
        assertThat(rig.store.silences(w.clock.instant().toEpochMilli())).isEmpty();
    }

    @Test
    void theIncidentButtons_storeFeedbackOnce_andAnswerTheClickingUser() {
        rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(0), "high")));
        String incidentId = rig.incidents().get(0).id;

        SlackApprovalHandler.Answer useful = send(w.clickBody("U0SRE", IncidentInteractions.USEFUL, incidentId));
        assertThat(useful.outcome()).isEqualTo("incident-useful");
        assertThat(rig.store.scorecardData().feedback()).singleElement()
                .satisfies(f -> assertThat(f.verdict()).isEqualTo("useful"));
        assertThat(w.slack.of("respond")).last().satisfies(c -> assertThat(c.json()).contains("marked useful"));
    }

    @Test
    void markExpected_storesTheMark_thatTheNextCostRunReads() {
        String anomalyId = "cost:2024-09-25:service:222222222222:AmazonDynamoDB";
        SlackApprovalHandler.Answer a = send(w.clickBody("U0FINOPS", SlackDigest.MARK_EXPECTED_ACTION, anomalyId));
        assertThat(a.outcome()).isEqualTo("cost-marked-expected");
        assertThat(costs.marks()).singleElement().satisfies(m -> {
            assertThat(m.anomalyId()).isEqualTo(anomalyId);
            assertThat(m.by()).isEqualTo("U0FINOPS");
        });
        assertThat(send(w.clickBody("U0FINOPS", SlackDigest.MARK_EXPECTED_ACTION, "not-an-id")).outcome())
                .isEqualTo("cost-unknown");
    }

    @Test
    void aForgedMarkExpected_isRefused_andNoMarkIsStored() {
        byte[] body = w.clickBody("U0FINOPS", SlackDigest.MARK_EXPECTED_ACTION,
                "cost:2024-09-25:service:222222222222:AmazonDynamoDB");
        String ts = Long.toString(w.clock.instant().getEpochSecond());
        Map<String, String> forged = Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature",
                SlackSignature.sign("not-the-secret".getBytes(StandardCharsets.UTF_8), ts, body));
        assertThat(handler.handle(forged, body).status()).isEqualTo(401);
        assertThat(costs.marks()).isEmpty();
    }
}
