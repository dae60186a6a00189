package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.detect.CostSpikeDetector;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static final LocalDate D = LocalDate.of(2026, 11, 16);
    static final String ACCT = "123456789012";

    /** 35 days of EC2 at ~$400/day and RDS at ~$150/day, plus {@code extraOnD} of EC2 on D. */
    static List<CostFact> history(double extraOnD) {
        Random r = new Random(3);
        List<CostFact> out = new ArrayList<>();
        for (LocalDate d = D.minusDays(35); !d.isAfter(D); d = d.plusDays(1)) {
            out.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.USAGE, ACCT, "AmazonEC2",
                    "us-east-1", "BoxUsage:m5.xlarge", 400 + r.nextGaussian() * 8 + (d.equals(D) ? extraOnD : 0)));
            out.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.USAGE, ACCT, "AmazonRDS",
                    "us-east-1", "InstanceUsage:db.r6g.large", 150 + r.nextGaussian() * 3));
        }
        return out;
    }

    static DetectionResult detect(List<CostFact> facts) {
        return new CostSpikeDetector(DetectionConfig.defaults()).detect(facts, D, List.of());
    }

    private static ProvisionalAnomaly eightP4d() {
        SpendLedger l = new SpendLedger(Samples.prices(), DetectionConfig.defaults(), ExpectedSpend.fromFacts(history(0)));
        for (ResourceChange c : Trail.changes(Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge",
                Trail.ALICE, null, "i-p4d"))) {
            l.apply(c, c.at());
        }
        return l.anomalies().get(0);
    }

    private final Instant exportAt = Instant.parse("2026-11-17T06:10:00Z");

    @Test
    void theExportShowingTheEstimatedExcess_confirmsIt_withTheLeadTime() {
        ProvisionalAnomaly a = eightP4d();
        assertThat(a.expectedDailyCost()).isCloseTo(400, within(10.0));
        ProvisionalAnomaly r = new Reconciler(DetectionConfig.defaults()).reconcileOne(a,
                detect(history(8 * 32.7726 * (13 + 55 / 60.0))), exportAt, exportAt);
        assertThat(r.status()).isEqualTo(Status.CONFIRMED);
        assertThat(r.exportImpact()).isCloseTo(a.estimatedImpactOnDate(), within(a.estimatedImpactOnDate() * 0.05));
        assertThat(r.leadTimeHours()).isCloseTo(20 + 5 / 60.0, within(1e-9));
    }

    @Test
    void anExportShowingHalfTheExcess_revisesTheEstimateToTheExportsFigure() {
        ProvisionalAnomaly r = new Reconciler(DetectionConfig.defaults()).reconcileOne(eightP4d(),
                detect(history(4 * 32.7726 * (13 + 55 / 60.0))), exportAt, exportAt);
        assertThat(r.status()).isEqualTo(Status.REVISED);
        assertThat(r.exportImpact()).isCloseTo(4 * 32.7726 * (13 + 55 / 60.0), within(60.0));
    }

    @Test
    void anExportWithNoExcess_retractsTheEstimate() {
        ProvisionalAnomaly r = new Reconciler(DetectionConfig.defaults()).reconcileOne(eightP4d(), detect(history(0)),
                exportAt, exportAt);
        assertThat(r.status()).isEqualTo(Status.RETRACTED);
        assertThat(Math.abs(r.exportImpact())).isLessThan(30);
    }

    @Test
    void anExportThatDoesNotCoverTheDayYet_leavesItOpen() {
        List<CostFact> upToYesterday = history(0).stream().filter(f -> f.epochDay() < D.toEpochDay()).toList();
        DetectionResult res = new CostSpikeDetector(DetectionConfig.defaults()).detect(upToYesterday, D.minusDays(1),
                List.of());
        assertThat(new Reconciler(DetectionConfig.defaults()).reconcileOne(eightP4d(), res, exportAt, exportAt).status())
                .isEqualTo(Status.OPEN);
    }

    @Test
    void precision_countsConfirmedAndRevisedOverAllReconciled_andTheMedianLeadTimeIsOfTheBorneOut() {
        ProvisionalAnomaly a = eightP4d();
        Reconciler.Score s = Reconciler.score(List.of(
                a.reconciled(Status.CONFIRMED, exportAt, 1, Instant.parse("2026-11-17T06:05:00Z")),
                a.reconciled(Status.REVISED, exportAt, 1, Instant.parse("2026-11-17T12:05:00Z")),
                a.reconciled(Status.RETRACTED, exportAt, 0, Instant.parse("2026-11-17T06:05:00Z")),
                a));
        assertThat(s.reconciled()).isEqualTo(3);
        assertThat(s.precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(s.medianLeadTimeHours()).isCloseTo(23, within(1e-9));
    }
}
