package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.incident.BusEvents;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.Signal;
import dev.vigil.core.json.JsonTree;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A provisional cost anomaly on the bus is a cost signal like the export's, on the same scope and day. */
class ProvisionalSignalTest {

    private static Signal signal(Map<String, Object> detail) {
        String env = JsonTree.write(Map.of("version", "0", "id", "e1", "detail-type", "vigil.cost-anomaly",
                "source", "vigil.billing", "account", "123456789012", "time", "2026-11-16T10:05:00Z",
                "region", "us-east-1", "detail", detail));
        return ((Input.SignalInput) BusEvents.parse(env)).signal();
    }

    @Test
    void theIncidentFunctionReadsItAsACostSignal_whoseTitleSaysItIsAnEstimate() {
        SpendLedger l = new SpendLedger(Samples.prices(), DetectionConfig.defaults(), ExpectedSpend.NONE);
        for (ResourceChange c : Trail.changes(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge",
                Trail.ALICE, null, "i-p4d"))) {
            l.apply(c, c.at());
        }
        Signal s = signal(ProvisionalJson.tree(l.anomalies().get(0)));
        assertThat(s.kind()).isEqualTo(Signal.Kind.COST);
        assertThat(s.title()).startsWith("Estimated cost change on 2026-11-16 (provisional, from cloudtrail)")
                .contains("AmazonEC2");
        // the export's anomaly on the same scope and day is the same signal: it joins the same incident
        Signal export = signal(Map.of("date", "2026-11-16", "dimension", "service", "key", "AmazonEC2",
                "account", "123456789012", "actualCost", 4000.0, "expectedCost", 400.0, "impact", 3600.0,
                "severity", "high", "score", 0.9));
        assertThat(export.id()).isEqualTo(s.id());
        assertThat(export.title()).startsWith("Cost spike");
    }

    @Test
    void itNamesTheResourcesAndStackBehindIt_soTheTopologysOwningTeamGetsIt() {
        SpendLedger l = new SpendLedger(Samples.prices(), DetectionConfig.defaults(), ExpectedSpend.NONE);
        for (ResourceChange c : Trail.changes(Samples.cloudtrail("rds-create-db-instance"))) {
            l.apply(c, c.at());
        }
        ProvisionalAnomaly a = l.anomalies().get(0);
        assertThat(ProvisionalJson.resourceKeys(a)).containsExactly("stack:orders-prod", "rds:orders-db");
        Signal s = signal(ProvisionalJson.tree(a));
        dev.vigil.core.incident.Topology topology = new dev.vigil.core.incident.Topology(java.util.List.of(),
                java.util.List.of(new dev.vigil.core.incident.Topology.Service("orders", Map.of("team", "payments"),
                        java.util.List.of("rds:orders-*"))));
        assertThat(topology.servicesOf(s.resources())).containsExactly("orders");
    }
}
