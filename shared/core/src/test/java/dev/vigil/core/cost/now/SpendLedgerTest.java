package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.Thresholds;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpendLedgerTest {

    private static final double P4D = 32.7726;

    private final SpendLedger ledger = new SpendLedger(Samples.prices(), DetectionConfig.defaults(), ExpectedSpend.NONE);

    private Optional<ProvisionalAnomaly> feed(String json) {
        Optional<ProvisionalAnomaly> last = Optional.empty();
        for (ResourceChange c : Trail.changes(json)) {
            SpendLedger.Applied a = ledger.apply(c, c.at());
            if (a.anomaly().isPresent()) {
                last = a.anomaly();
            }
        }
        return last;
    }

    @Test
    void eightP4dStartedAt1005_areOneProvisionalAnomalyAt1005_atListPrice() {
        ProvisionalAnomaly a = feed(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge", Trail.ALICE, null,
                "i-p4d")).orElseThrow();
        assertThat(ledger.anomalies()).hasSize(1);
        assertThat(a.detectedAt()).isEqualTo(Trail.at("2026-11-16T10:05:00Z"));
        assertThat(a.date()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(a.estimatedHourlyCost()).isCloseTo(8 * P4D, within(1e-6));
        assertThat(a.estimatedDailyImpact()).isCloseTo(8 * P4D * 24, within(1e-6));
        // 13 h 55 min left in the day
        assertThat(a.estimatedImpactOnDate()).isCloseTo(8 * P4D * (13 + 55 / 60.0), within(1e-6));
        assertThat(a.service()).isEqualTo("AmazonEC2");
        assertThat(a.cause()).isEqualTo(new ProvisionalAnomaly.Cause("RunInstances", Trail.ALICE, "i-p4d-0", null));
        assertThat(a.changes()).hasSize(8);
        assertThat(a.status()).isEqualTo(ProvisionalAnomaly.Status.OPEN);
        assertThat(a.basis()).contains("on-demand list price");
    }

    @Test
    void aOneHourTestInstance_belowTheThresholds_raisesNothing_andLeavesNoRateRunning() {
        assertThat(feed(Trail.runInstances("2026-11-16T14:00:00Z", 1, "m5.large", Trail.ALICE, null, "i-test")))
                .isEmpty();
        assertThat(ledger.runningHourly()).isCloseTo(0.096, within(1e-9));
        assertThat(feed(Trail.terminate("2026-11-16T15:00:00Z", Trail.ALICE, "i-test-0"))).isEmpty();
        assertThat(ledger.anomalies()).isEmpty();
        assertThat(ledger.runningHourly()).isZero();
    }

    @Test
    void terminatingPartOfARun_lowersTheSameEstimate() {
        feed(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge", Trail.ALICE, null, "i-p4d"));
        ProvisionalAnomaly a = feed(Trail.terminate("2026-11-16T12:05:00Z", Trail.ALICE, "i-p4d-0", "i-p4d-1"))
                .orElseThrow();
        assertThat(ledger.anomalies()).hasSize(1);
        assertThat(a.estimatedHourlyCost()).isCloseTo(6 * P4D, within(1e-6));
        // two instances ran 2 hours, six run to midnight
        assertThat(a.estimatedImpactOnDate()).isCloseTo(2 * P4D * 2 + 6 * P4D * (13 + 55 / 60.0), within(1e-6));
        assertThat(a.detectedAt()).isEqualTo(Trail.at("2026-11-16T10:05:00Z"));
    }

    @Test
    void manySmallChangesByOneStackWithinTheHour_areOneEstimate() {
        for (int i = 0; i < 50; i++) {
            String at = String.format("2026-11-16T09:%02d:00Z", 10 + i % 50);
            feed(Trail.runInstances(at, 1, "m5.xlarge", "arn:aws:sts::123456789012:assumed-role/cfn/deploy-" + i,
                    "shop-prod", "i-s" + i));
        }
        assertThat(ledger.anomalies()).hasSize(1);
        ProvisionalAnomaly a = ledger.anomalies().get(0);
        assertThat(a.cause().stack()).isEqualTo("shop-prod");
        assertThat(a.changes()).hasSize(50);
        assertThat(a.estimatedHourlyCost()).isCloseTo(50 * 0.192, within(1e-9));
        assertThat(a.id()).contains("stack:shop-prod");
    }

    @Test
    void theSamePrincipalAnHourLater_startsANewGroup() {
        feed(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge", Trail.ALICE, null, "i-a"));
        feed(Trail.runInstances("2026-11-16T11:06:00Z", 8, "p4d.24xlarge", Trail.ALICE, null, "i-b"));
        assertThat(ledger.anomalies()).hasSize(2);
    }

    @Test
    void aReDeliveredEvent_changesNothingTwice() {
        String e = Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge", Trail.ALICE, null, "i-p4d");
        feed(e);
        feed(e);
        assertThat(ledger.anomalies().get(0).estimatedHourlyCost()).isCloseTo(8 * P4D, within(1e-6));
    }

    @Test
    void anUnknownSku_isAnUnpricedChange_notedAndNotLost() {
        feed(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge", Trail.ALICE, null, "i-p4d"));
        feed(Trail.runInstances("2026-11-16T10:07:00Z", 1, "x9.huge", Trail.ALICE, null, "i-x9"));
        ProvisionalAnomaly a = ledger.anomalies().get(0);
        assertThat(a.unpriced()).singleElement().asString().contains("x9.huge");
        assertThat(a.changes()).hasSize(9);
        assertThat(a.estimatedHourlyCost()).isCloseTo(8 * P4D, within(1e-6));
    }

    @Test
    void theRelativeThreshold_isTakenAgainstTheScopesExpectedDailyCost() {
        // $6,292/day on top of an expected $100,000/day is 6%: below the 20% threshold
        SpendLedger big = new SpendLedger(Samples.prices(), DetectionConfig.defaults(), (a, s, d) -> 100_000.0);
        for (ResourceChange c : Trail.changes(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge",
                Trail.ALICE, null, "i-p4d"))) {
            big.apply(c, c.at());
        }
        assertThat(big.anomalies()).isEmpty();
        // and an override for the scope applies, as in the export detector
        SpendLedger strict = new SpendLedger(Samples.prices(), DetectionConfig.defaults().withOverrides(
                Map.of("service:amazonec2", new Thresholds(10_000, 1, 3))), ExpectedSpend.NONE);
        for (ResourceChange c : Trail.changes(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge",
                Trail.ALICE, null, "i-p4d"))) {
            strict.apply(c, c.at());
        }
        assertThat(strict.anomalies()).isEmpty();
    }

    @Test
    void instancesAutoScalingLaunches_areAttributedToWhoeverChangedTheCapacity() {
        feed(Samples.cloudtrail("autoscaling-set-desired-capacity"));
        for (ResourceChange c : Trail.changes(Samples.cloudtrail("ec2-run-instances-by-autoscaling"))) {
            SpendLedger.Applied a = ledger.apply(c, c.at());
            assertThat(a.groupId()).contains(Trail.ALICE);
        }
    }

    @Test
    void anEndpoint_isPricedFromTheConfigItUses_andANodeGroupsInstancesAreNotCountedTwice() {
        feed(Samples.cloudtrail("sagemaker-create-endpoint-config"));
        SpendLedger.Applied ep = ledger.apply(Trail.changes(Samples.cloudtrail("sagemaker-create-endpoint")).get(0),
                Trail.at("2026-11-16T10:02:00Z"));
        assertThat(ep.newHourly()).isCloseTo(2 * 7.09, within(1e-9));

        ledger.apply(Trail.changes(Samples.cloudtrail("eks-create-nodegroup")).get(0), Trail.at("2026-11-16T10:05:12Z"));
        SpendLedger.Applied scaled = ledger.apply(Trail.changes(Samples.cloudtrail("eks-update-nodegroup-config")).get(0),
                Trail.at("2026-11-16T10:40:00Z"));
        assertThat(scaled.oldHourly()).isCloseTo(4 * 1.212, within(1e-9));
        assertThat(scaled.newHourly()).isCloseTo(8 * 1.212, within(1e-9));
    }

    @Test
    void aStoppedInstanceStartedAgain_isPricedWithWhatItWas() {
        // the samples launch i-0a1b2c3d4e5f60001 and …0002, then stop …0001
        List<ResourceChange> stop = Trail.changes(Samples.cloudtrail("ec2-stop-instances"));
        SpendLedger fresh = new SpendLedger(Samples.prices(), DetectionConfig.defaults(), ExpectedSpend.NONE);
        for (ResourceChange c : Trail.changes(Samples.cloudtrail("ec2-run-instances"))) {
            fresh.apply(c, c.at());
        }
        assertThat(fresh.apply(stop.get(0), stop.get(0).at()).newHourly()).isZero();
        assertThat(fresh.runningHourly()).isCloseTo(P4D, within(1e-6));   // …0002 still runs
        ResourceChange start = new ResourceChange("ev-restart", "StartInstances", Trail.at("2026-11-16T13:00:00Z"),
                "123456789012", "us-east-1", "AmazonEC2", "i-0a1b2c3d4e5f60001", ResourceChange.Kind.START, List.of(),
                Trail.ALICE, null, null, null);
        assertThat(fresh.apply(start, start.at()).newHourly()).isCloseTo(P4D, within(1e-6));
    }
}
