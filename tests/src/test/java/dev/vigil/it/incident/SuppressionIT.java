package dev.vigil.it.incident;

import static dev.vigil.core.fakes.Anomalies.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.incident.Change;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.IncidentInteractions;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.it.support.IncidentRig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Silences (config and Slack command), maintenance windows, deploy windows and rate limits, on DynamoDB Local. */
class SuppressionIT {

    static final String SCOPE = Anomalies.ACCOUNT + "|" + Anomalies.REGION + "|";

    @Test
    void aSilenceFromConfig_mutesMatchingSignals_onlyInsideItsWindow() {
        String cfg = Configs.shopWith("""
                suppression:
                  silences:
                    - match: {resource: "lambda:payments-*"}
                      from: "2026-03-02T10:00:00Z"
                      until: "2026-03-02T10:30:00Z"
                      reason: load test
                """);
        try (IncidentRig rig = new IncidentRig(cfg)) {
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(5), "high")),
                    IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(29), "high")));
            assertThat(rig.incidents()).isEmpty();
            assertThat(rig.counters()).containsEntry("Suppressed.silence", 2L);

            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(30), "high")));
            assertThat(rig.incidents()).hasSize(1);
            assertThat(rig.slack.posts()).hasSize(1);
        }
    }

    @Test
    void aSilenceSetWithTheSlackCommand_mutesUntilItEnds_andCanBeLifted() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            IncidentInteractionService slack = new IncidentInteractionService(rig.store, MetricsSink.none());
            var reply = slack.command(new IncidentInteractions.Command("/vigil",
                    "silence service=checkout for 20m failover drill", "U42", "dana", minute(0)),
                    IncidentInteractions.Role.APPROVER);
            assertThat(reply.text()).startsWith("Silenced service=checkout until 2026-03-02T10:20:00Z");

            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(10), "critical")),
                    IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(10), "high")));
            assertThat(rig.incidents()).hasSize(1);
            assertThat(rig.incidents().get(0).services).containsExactly("payments");
            assertThat(rig.counters()).containsEntry("Suppressed.silence", 1L);
            assertThat(slack.command(new IncidentInteractions.Command("/vigil", "silences", "U42", "dana", minute(11)),
                    IncidentInteractions.Role.APPROVER).text()).contains("service=checkout").contains("dana").contains("failover drill");

            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(21), "critical")));
            assertThat(rig.incidents()).hasSize(2);
        }
    }

    @Test
    void aMaintenanceWindow_mutesMatchingSignals_everyWeek() {
        String cfg = Configs.shopWith("""
                suppression:
                  maintenance:
                    - {name: db-patching, match: {resource: "rds:*"}, days: [MON], start: "10:00", end: "11:00"}
                """);
        try (IncidentRig rig = new IncidentRig(cfg)) {
            // 2026-03-02 is a Monday
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(10), "critical")),
                    IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(10), "high")));
            long nextMonday = Instant.parse("2026-03-09T10:30:00Z").toEpochMilli();
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", nextMonday, "critical")));
            long tuesday = Instant.parse("2026-03-10T10:30:00Z").toEpochMilli();
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", tuesday, "critical")));

            assertThat(rig.counters()).containsEntry("Suppressed.maintenance", 2L);
            assertThat(rig.incidents()).hasSize(2);
        }
    }

    @Test
    void aDeployWindow_suppressesLesserSignalsOnTheDeployedResource_butNotCriticals_norOtherResources() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            rig.send(new Input.ChangeInput(new Change("deploy-1", SCOPE + "lambda:payments-worker", minute(0),
                    minute(0), "deploy", "UpdateFunctionCode by ci", "ci")));
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Duration", minute(3), "high")),
                    IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(14), "medium")),
                    IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(4), "medium")));
            assertThat(rig.counters()).containsEntry("Suppressed.deploy", 2L);
            assertThat(rig.incidents()).hasSize(1);   // cart-api: not deployed

            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(6), "critical")));
            assertThat(rig.incidents()).hasSize(2);
            // After the window (15 min) lesser signals count again.
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Throttles", minute(16), "medium")));
            assertThat(rig.counters()).containsEntry("Suppressed.deploy", 2L);
        }
    }

    @Test
    void aChannelRateLimit_holdsNewMessagesBeyondItsBudget_butNeverCriticals_andReleasesThemLater() {
        String cfg = Configs.shopWith("""
                  rateLimit: {max: 3, perMinutes: 60}
                """);
        try (IncidentRig rig = new IncidentRig(cfg)) {
            for (int k = 0; k < 5; k++) {
                rig.send(IncidentRig.signal(Anomalies.lambda("fn-" + k, "Errors", minute(k), "high")));
            }
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-crit", "Errors", minute(6), "critical")));
            assertThat(rig.incidents()).hasSize(6);
            assertThat(rig.slack.posts()).extracting(IncidentRig.RecordingSlack.Call::channel)
                    .containsExactly("#alerts", "#alerts", "#alerts", "#oncall");
            assertThat(rig.counters()).containsEntry("Suppressed.rate_limit", 2L);

            // An hour later, a held incident that is still going gets its message.
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-4", "Errors", minute(14), "medium")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-4", "Errors", minute(28), "medium")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-4", "Errors", minute(42), "high")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-4", "Errors", minute(56), "high")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-4", "Errors", minute(65), "high")));
            assertThat(rig.slack.posts()).hasSize(5);
            assertThat(rig.slack.posts().get(4).text()).contains("fn-4");
        }
    }

    @Test
    void aLoneMediumBlip_staysQuiet_butASecondSignalOrAHighSeverityIsTold() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-a", "Errors", minute(0), "medium")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-b", "Errors", minute(0), "low")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-c", "Errors", minute(0), "high")));
            assertThat(rig.slack.posts()).hasSize(1);
            assertThat(rig.counters()).containsEntry("Suppressed.threshold", 2L);

            rig.send(IncidentRig.signal(Anomalies.lambda("fn-a", "Errors", minute(1), "medium")));
            rig.send(IncidentRig.signal(Anomalies.lambda("fn-b", "Errors", minute(1), "low")));
            assertThat(rig.slack.posts()).extracting(p -> p.text().contains("fn-a")).containsExactly(false, true);
            assertThat(rig.counters()).containsEntry("Suppressed.threshold", 2L);   // counted once per incident
        }
    }
}
