package dev.vigil.it.incident;

import static dev.vigil.core.fakes.Anomalies.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.Input;
import dev.vigil.it.support.IncidentRig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A critical incident mutes the incidents of its dependants, on DynamoDB Local. */
class InhibitionIT {

    @Test
    void aCriticalDatabaseIncident_mutesALaterIncidentOnADependant_untilItResolves() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            for (int m = 0; m < 40; m += 2) {
                rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(m), "critical")));
            }
            // Close in time to the database's last signal, cart-api (which depends on orders-db) simply joins it.
            rig.send(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(39), "high")));
            List<Incident> open = rig.incidents(Incident.Status.OPEN);
            assertThat(open).hasSize(1);

            rig.send(new Input.Tick(minute(100)));
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(101), "critical")));
            // A second database incident; cart-api alerts 24 min after its last signal: too late to correlate
            // (15 min window), but the database incident is still open (30 min quiet period).
            for (int m = 101; m < 140; m += 5) {
                rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(m), "critical")));
            }
            rig.send(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(160), "high")));
            Incident db = rig.incidents().stream().filter(i -> i.isOpen() && i.resources.stream()
                    .anyMatch(r -> r.endsWith("rds:orders-db"))).findFirst().orElseThrow();
            Incident cart = rig.incidents().stream().filter(i -> i.isOpen() && !i.id.equals(db.id)).findFirst().orElseThrow();
            assertThat(cart.inhibitedBy).isEqualTo(db.id);
            assertThat(cart.grouping).anyMatch(g -> g.reason().startsWith("muted: every resource depends on " + db.id));
            assertThat(rig.slack.posts()).noneMatch(p -> p.text().contains("cart-api"));
            assertThat(rig.counters()).containsEntry("Suppressed.inhibited", 1L);

            // The database recovers; cart-api keeps failing: now it speaks for itself.
            rig.send(new Input.Tick(minute(170)));
            rig.send(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(175), "high")));
            assertThat(rig.slack.posts()).anyMatch(p -> p.text().contains("cart-api"));
        }
    }

    @Test
    void aNonCriticalIncident_doesNotMute_andNeitherDoesAnUnrelatedCriticalOne() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(0), "high")));
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(0), "critical")));
            for (int m = 1; m < 30; m += 5) {
                rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(m), "high")),
                        IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(m), "critical")));
            }
            rig.send(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(45), "high")));
            assertThat(rig.incidents(Incident.Status.OPEN)).allMatch(i -> i.inhibitedBy == null);
            assertThat(rig.slack.posts()).hasSize(3);
        }
    }
}
