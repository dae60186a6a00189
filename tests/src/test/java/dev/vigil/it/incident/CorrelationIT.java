package dev.vigil.it.incident;

import static dev.vigil.core.fakes.Anomalies.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.incident.Change;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.Input;
import dev.vigil.it.support.IncidentRig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Correlation on recorded anomaly sequences, against DynamoDB Local: one incident per outage, not one per series. */
class CorrelationIT {

    private final IncidentRig rig = new IncidentRig(Configs.SHOP);

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void aCascadingOutageOverRdsEcsAndTheAlb_isOneIncident_withOneMessage() {
        List<AnomalyEvent> outage = IncidentRig.recorded("checkout-outage.ndjson");
        rig.send(IncidentRig.signals(outage), 10);

        List<Incident> incidents = rig.incidents();
        assertThat(outage).hasSize(65);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.members).hasSize(6);
        assertThat(i.signalCount).isEqualTo(65);
        assertThat(i.severity.code()).isEqualTo("critical");
        assertThat(rig.slack.posts()).hasSize(1);
        assertThat(rig.slack.posts().get(0).channel()).isEqualTo("#oncall");
        assertThat(rig.slack.calls).allMatch(c -> c.ts().equals(rig.slack.posts().get(0).ts()));
    }

    @Test
    void twoOutagesOnUnrelatedServices_atTheSameTime_stayTwoIncidents_routedToTheirTeams() {
        List<AnomalyEvent> all = new ArrayList<>(IncidentRig.recorded("checkout-outage.ndjson"));
        all.addAll(IncidentRig.recorded("payments-outage.ndjson"));
        rig.send(IncidentRig.signals(all), 25);

        List<Incident> incidents = rig.incidents();
        assertThat(incidents).hasSize(2);
        assertThat(incidents).extracting(i -> i.members.size()).containsExactlyInAnyOrder(6, 4);
        Incident payments = incidents.stream().filter(i -> i.services.contains("payments")).findFirst().orElseThrow();
        assertThat(payments.teams).containsExactly("payments");
        assertThat(payments.channel).isEqualTo("#payments");
        assertThat(payments.resources).noneMatch(r -> r.contains("rds:") || r.contains("alb:"));
    }

    @Test
    void everyGrouping_isExplained_withTheLinkAndTheTiming() {
        rig.send(IncidentRig.signals(IncidentRig.recorded("checkout-outage.ndjson")), 100);
        Incident i = rig.incidents().get(0);
        List<String> reasons = i.grouping.stream().map(Incident.Grouping::reason).toList();
        assertThat(reasons.get(0)).startsWith("opened the incident: AWS/RDS CPUUtilization rds:orders-db");
        assertThat(reasons).anyMatch(r -> r.startsWith("shares resource rds:orders-db"));
        assertThat(reasons).anyMatch(r -> r.startsWith("ecs:prod/checkout depends on rds:orders-db"));
        assertThat(reasons).anyMatch(r -> r.contains("depends on ecs:prod/checkout") || r.contains("shares resource tg:"));
        assertThat(reasons).allMatch(r -> r.startsWith("opened") || r.contains("after the incident's last signal"));
        assertThat(i.grouping).hasSize(6);
    }

    @Test
    void rootCauses_putTheEarliestUpstreamResourceFirst_withConfidenceAndEvidence() {
        rig.send(IncidentRig.signals(IncidentRig.recorded("checkout-outage.ndjson")), 100);
        Incident i = rig.incidents().get(0);
        assertThat(i.rootCauses).hasSize(3);
        Incident.RootCause top = i.rootCauses.get(0);
        assertThat(top.resource()).endsWith("rds:orders-db");
        assertThat(top.confidence()).isGreaterThan(i.rootCauses.get(1).confidence());
        assertThat(top.evidence()).anyMatch(e -> e.startsWith("earliest onset"));
        assertThat(top.evidence()).anyMatch(e -> e.startsWith("upstream: 3 of the other 3 resources depend on it"));
        assertThat(i.rootCauses.stream().mapToDouble(Incident.RootCause::confidence).sum()).isLessThanOrEqualTo(1.0001);
    }

    @Test
    void aDeployJustBeforeOnset_liftsItsResource_andIsCitedAsEvidence() {
        // The cart-api Lambda (which reads orders-db) errors first; the RDS instance had its parameters changed
        // 4 minutes before its own onset. The change and the topology outweigh cart-api's one-minute head start.
        List<Input> in = new ArrayList<>();
        in.add(new Input.ChangeInput(new Change("ct-1", Anomalies.ACCOUNT + "|" + Anomalies.REGION + "|rds:orders-db",
                minute(-2), minute(-2), "config", "ModifyDBInstance by alice", "alice")));
        for (int m = 1; m < 8; m++) {
            in.add(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(m), "high")));
        }
        for (int m = 2; m < 8; m++) {
            in.add(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(m), "high")));
        }
        rig.send(in, 100);

        Incident i = rig.incidents().get(0);
        assertThat(rig.incidents()).hasSize(1);
        assertThat(i.rootCauses.get(0).resource()).endsWith("rds:orders-db");
        assertThat(i.rootCauses.get(0).evidence()).anyMatch(e -> e.startsWith("config 4 min before onset: ModifyDBInstance"));
        assertThat(i.changes).extracting(Change::id).containsExactly("ct-1");
    }

    @Test
    void aRepeatedAnomalyOnASeries_updatesItsOpenIncidentInPlace_withoutAlertingAgain() {
        for (int m = 0; m < 10; m++) {
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(m), "high")));
        }
        assertThat(rig.incidents()).hasSize(1);
        assertThat(rig.incidents().get(0).members.values().iterator().next().count).isEqualTo(10);
        assertThat(rig.slack.posts()).hasSize(1);
        assertThat(rig.counters()).containsEntry("Alerts", 1L).containsEntry("Signals", 10L);
    }

    @Test
    void anIncidentResolvesAfterTheQuietPeriod_andARecurrenceOpensANewOne() {
        rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(0), "high")),
                IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(5), "high")));
        rig.send(new Input.Tick(minute(34)));
        assertThat(rig.incidents().get(0).status).isEqualTo(Incident.Status.OPEN);
        rig.send(new Input.Tick(minute(35)));
        Incident first = rig.incidents().get(0);
        assertThat(first.status).isEqualTo(Incident.Status.RESOLVED);
        assertThat(first.resolvedAt - first.openedAt).isEqualTo(6 * 60_000L);
        assertThat(rig.slack.calls.get(rig.slack.calls.size() - 1).text()).startsWith("Resolved:");

        rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(50), "high")));
        assertThat(rig.incidents()).hasSize(2);
        assertThat(rig.incidents(Incident.Status.OPEN)).hasSize(1);
    }

    @Test
    void aRedeliveredBatch_changesNothing() {
        List<Input> batch = IncidentRig.signals(IncidentRig.recorded("payments-outage.ndjson"));
        rig.send(batch, 100);
        var before = rig.store.scorecardData();
        int calls = rig.slack.calls.size();

        rig.send(batch, 100);

        assertThat(rig.incidents()).hasSize(1);
        assertThat(rig.incidents().get(0).signalCount).isEqualTo(before.incidents().get(0).signalCount);
        assertThat(rig.slack.calls).hasSize(calls);
        assertThat(rig.counters().get("DuplicateSignals")).isEqualTo(29L);
        assertThat(rig.counters().get("Signals")).isEqualTo(29L);
    }

    @Test
    void anAlbAlertAfterAnEcsAlert_joinsItThroughTheDeclaredPath_whileAnUnrelatedLambdaOpensItsOwn() {
        rig.send(IncidentRig.signal(Anomalies.ecs("prod", "checkout", "CPUUtilization", minute(0), "medium")));
        // No target-group signal: the ALB reaches the ECS service through the declared alb → tg → ecs path.
        rig.send(IncidentRig.signal(Anomalies.alb("app/shop/50dc6c495c0c9188", "HTTPCode_ELB_5XX_Count",
                minute(1), "high")));
        assertThat(rig.incidents()).hasSize(1);
        assertThat(rig.incidents().get(0).grouping.get(1).reason())
                .startsWith("alb:app/shop/50dc6c495c0c9188 depends on ecs:prod/checkout");

        rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(2), "high")));
        assertThat(rig.incidents(Incident.Status.OPEN)).hasSize(2);
    }

    @Test
    void aSignalLinkingTwoOpenIncidents_mergesThem() {
        rig.send(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(0), "high")));
        rig.send(IncidentRig.signal(Anomalies.ecs("prod", "checkout", "CPUUtilization", minute(1), "high")));
        assertThat(rig.incidents(Incident.Status.OPEN)).hasSize(2);

        rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(2), "high")));

        List<Incident> open = rig.incidents(Incident.Status.OPEN);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).members).hasSize(3);
        Incident merged = rig.incidents(Incident.Status.MERGED).get(0);
        assertThat(merged.mergedInto).isEqualTo(open.get(0).id);
        assertThat(open.get(0).grouping).anyMatch(g -> g.reason().startsWith("merged " + merged.id));
        assertThat(rig.slack.calls).anyMatch(c -> c.text().startsWith("Merged into " + open.get(0).id));
    }
}
