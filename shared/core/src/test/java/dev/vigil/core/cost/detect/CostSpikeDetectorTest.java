package dev.vigil.core.cost.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector on literal daily series: what must be found, and what must not be. */
class CostSpikeDetectorTest {

    // A Monday, so weekdays are easy to read in the series below.
    static final LocalDate START = LocalDate.of(2024, 7, 1);
    final CostSpikeDetector detector = new CostSpikeDetector(DetectionConfig.defaults());

    /** Eight weeks of a steady weekday/weekend pattern, with a small deterministic wobble. */
    static double[] steady(int days, double weekday, double weekend) {
        double[] y = new double[days];
        for (int i = 0; i < days; i++) {
            DayOfWeek d = START.plusDays(i).getDayOfWeek();
            boolean we = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
            y[i] = (we ? weekend : weekday) * (1 + 0.02 * Math.sin(i * 1.7));
        }
        return y;
    }

    static List<CostFact> usage(String service, String account, double[] y) {
        return usage(service, account, "us-east-1", "BoxUsage", y);
    }

    static List<CostFact> usage(String service, String account, String region, String usageType, double[] y) {
        List<CostFact> f = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0) {
                f.add(new CostFact(CostFact.Grain.DETAIL, START.plusDays(i).toEpochDay(), ChargeCategory.USAGE, account,
                        service, region, usageType, y[i]));
            }
        }
        return f;
    }

    static LocalDate day(int i) {
        return START.plusDays(i);
    }

    @Test
    void aOneDaySpikeIsFound_withItsImpactAndContributors() {
        double[] ec2 = steady(56, 1000, 1000);
        double[] boxUsage = ec2.clone();
        double[] spot = new double[56];
        spot[50] = 600;   // one day of an extra usage type
        List<CostFact> facts = new ArrayList<>(usage("AmazonEC2", "111", "us-east-1", "BoxUsage:m5.large", boxUsage));
        facts.addAll(usage("AmazonEC2", "111", "us-east-1", "SpotUsage:c5.xlarge", spot));
        facts.addAll(usage("AmazonS3", "111", steady(56, 200, 200)));

        DetectionResult r = detector.detect(facts, day(55), List.of());

        assertThat(r.alerting()).hasSize(1);
        CostAnomaly a = r.alerting().get(0);
        assertThat(a.date()).isEqualTo(day(50));
        assertThat(a.kind()).isEqualTo(AnomalyKind.SPIKE);
        assertThat(a.scope()).isEqualTo(Scope.of(Dimension.SERVICE, "AmazonEC2"));
        assertThat(a.impact()).isBetween(550.0, 650.0);
        assertThat(a.contributors()).isNotEmpty();
        Contributor top = a.contributors().get(0);
        assertThat(top.dimension()).isEqualTo(Dimension.USAGE_TYPE);
        assertThat(top.key()).isEqualTo("SpotUsage:c5.xlarge");
        assertThat(top.share()).isGreaterThan(0.9);
    }

    @Test
    void aLevelShiftIsReportedOnce_thenAbsorbed() {
        double[] y = steady(70, 500, 500);
        for (int i = 40; i < 70; i++) {
            y[i] *= 1.8;   // a new, permanent level from day 40
        }
        DetectionResult r = detector.detect(usage("AmazonRDS", "111", y), day(69), List.of());

        assertThat(r.alerting()).hasSize(1);
        CostAnomaly a = r.alerting().get(0);
        assertThat(a.kind()).isEqualTo(AnomalyKind.LEVEL_SHIFT);
        assertThat(a.date()).isEqualTo(day(40));
        assertThat(a.durationDays()).isGreaterThanOrEqualTo(3);
        // absorbed: by the end, the expected cost is the new level
        SeriesView v = r.series().get(Scope.of(Dimension.SERVICE, "AmazonRDS"));
        assertThat(v.expected()[69]).isBetween(0.9 * 900, 1.1 * 900);
    }

    @Test
    void aWeekendPatternIsNotFlagged() {
        // batch jobs: weekends cost three times a weekday
        double[] y = steady(63, 300, 900);
        DetectionResult r = detector.detect(usage("AWSGlue", "111", y), day(62), List.of());
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void theWeekendPatternDoesNotHideASpikeOnAWeekday() {
        double[] y = steady(63, 300, 900);
        y[58] = 900;   // a Wednesday at weekend level
        assertThat(START.plusDays(58).getDayOfWeek()).isEqualTo(DayOfWeek.WEDNESDAY);
        DetectionResult r = detector.detect(usage("AWSGlue", "111", y), day(62), List.of());
        assertThat(r.alerting()).extracting(CostAnomaly::date).containsExactly(day(58));
    }

    @Test
    void monthlyFeesOnTheFirstAreNotFlagged() {
        List<CostFact> facts = new ArrayList<>(usage("AmazonEC2", "111", steady(92, 400, 400)));
        // RI, Savings Plan and Support fees land on the 1st of each month; tax and a credit at month end
        for (LocalDate d : List.of(LocalDate.of(2024, 8, 1), LocalDate.of(2024, 9, 1))) {
            facts.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.FEE, "111", "AmazonEC2",
                    "us-east-1", "HeavyUsage:m5.large", 7_000));
            facts.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.FEE, "111",
                    "AWSSupportBusiness", "global", "Dollar", 1_200));
            facts.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.TAX, "111", "AmazonEC2",
                    "global", "", 2_500));
            facts.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.CREDIT, "111", "AmazonEC2",
                    "global", "", -3_000));
        }
        DetectionResult r = detector.detect(facts, day(91), List.of());
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void anAccountSpikeMaskedByAnotherAccountsDropIsFound() {
        double[] a = steady(56, 1000, 1000);
        double[] b = steady(56, 1000, 1000);
        a[50] += 700;    // account A spikes...
        b[50] -= 700;    // ...while account B drops by as much: EC2 in total is flat
        List<CostFact> facts = new ArrayList<>(usage("AmazonEC2", "111111111111", a));
        facts.addAll(usage("AmazonEC2", "222222222222", b));

        DetectionResult r = detector.detect(facts, day(55), List.of());

        assertThat(r.series().get(Scope.of(Dimension.SERVICE, "AmazonEC2")).actual()[50])
                .isCloseTo(2000 * (1 + 0.02 * Math.sin(50 * 1.7)), org.assertj.core.data.Offset.offset(1.0));
        assertThat(r.alerting()).hasSize(1);
        CostAnomaly found = r.alerting().get(0);
        assertThat(found.date()).isEqualTo(day(50));
        assertThat(found.scope().account()).isEqualTo("111111111111");
        assertThat(found.scope().key()).isEqualTo("AmazonEC2");
        assertThat(found.impact()).isBetween(600.0, 800.0);
    }

    @Test
    void aNewServiceRampingUpIsNewSpend_notASpike() {
        double[] base = steady(70, 800, 800);
        double[] bedrock = new double[70];
        for (int i = 35; i < 70; i++) {
            bedrock[i] = Math.min(600, 40.0 * (i - 34));   // launched on day 35, ramping up
        }
        List<CostFact> facts = new ArrayList<>(usage("AmazonEC2", "111", base));
        facts.addAll(usage("AmazonBedrock", "111", bedrock));

        DetectionResult r = detector.detect(facts, day(69), List.of());

        assertThat(r.alerting()).allSatisfy(a -> assertThat(a.kind()).isEqualTo(AnomalyKind.NEW_SPEND));
        assertThat(r.alerting()).anySatisfy(a -> {
            assertThat(a.scope()).isEqualTo(Scope.of(Dimension.SERVICE, "AmazonBedrock"));
            assertThat(a.date()).isEqualTo(day(35));
        });
    }

    @Test
    void theIncompleteCurrentDayIsNotScored() {
        double[] y = steady(56, 1000, 1000);
        y[55] = 5000;   // today's partial data, or a real spike: not complete yet, so not judged
        DetectionResult r = detector.detect(usage("AmazonEC2", "111", y), day(54), List.of());
        assertThat(r.anomalies()).isEmpty();
        assertThat(r.lastCompleteDay()).isEqualTo(day(54));
    }

    @Test
    void aPastSpikeDoesNotRaiseTheBaseline_soTheSameSpikeLaterIsFoundAgain() {
        double[] y = steady(70, 1000, 1000);
        y[30] = 4000;
        y[60] = 1600;
        DetectionResult r = detector.detect(usage("AmazonEC2", "111", y), day(69), List.of());
        assertThat(r.alerting()).extracting(CostAnomaly::date).containsExactlyInAnyOrder(day(30), day(60));
        SeriesView v = r.series().get(Scope.of(Dimension.SERVICE, "AmazonEC2"));
        assertThat(v.expected()[31]).isBetween(950.0, 1050.0);
    }

    @Test
    void belowEitherThresholdIsNotAnAnomaly() {
        double[] y = steady(56, 40, 40);
        y[50] = 60;   // +50%, but only +$20: under the $25 threshold
        double[] big = steady(56, 10_000, 10_000);
        big[50] = 10_500;   // +$500, but only +5%: under the 20% threshold
        List<CostFact> facts = new ArrayList<>(usage("AmazonSNS", "111", y));
        facts.addAll(usage("AmazonEC2", "111", big));
        assertThat(detector.detect(facts, day(55), List.of()).anomalies()).isEmpty();
    }

    @Test
    void thresholdsArePerScope() {
        double[] big = steady(56, 10_000, 10_000);
        big[50] = 10_800;   // +8%
        DetectionConfig cfg = DetectionConfig.defaults().withOverrides(
                DetectionConfig.parseOverrides("service:AmazonEC2=100/5", Thresholds.defaults()));
        DetectionResult r = new CostSpikeDetector(cfg).detect(usage("AmazonEC2", "111", big), day(55), List.of());
        assertThat(r.alerting()).extracting(CostAnomaly::date).containsExactly(day(50));
    }

    @Test
    void markingAnAnomalyExpected_suppressesSimilarOnesAfterwards() {
        double[] y = steady(70, 1000, 1000);
        y[45] = 1800;   // month-end batch, say
        y[60] = 1900;   // the same again: similar
        y[65] = 5000;   // much bigger: still alerts
        List<CostFact> facts = usage("AmazonEMR", "111", y);
        DetectionResult before = detector.detect(facts, day(69), List.of());
        assertThat(before.alerting()).hasSize(3);
        CostAnomaly first = before.alerting().stream().filter(a -> a.date().equals(day(45))).findFirst().orElseThrow();

        ExpectedMark mark = ExpectedMark.of(first.id(), first.impact(), "analyst", "month-end batch");
        DetectionResult after = detector.detect(facts, day(69), List.of(mark));

        assertThat(after.alerting()).extracting(CostAnomaly::date).containsExactly(day(65));
        assertThat(after.anomalies()).filteredOn(CostAnomaly::suppressed).extracting(CostAnomaly::date)
                .containsExactlyInAnyOrder(day(45), day(60));
    }

    @Test
    void anomalyIdsRoundTrip() {
        Scope s = new Scope(Dimension.SERVICE, "Amazon Elastic Compute Cloud: x", "123");
        CostAnomaly.ParsedId p = CostAnomaly.parseId(CostAnomaly.idOf(day(3), s));
        assertThat(p.scope()).isEqualTo(s);
        assertThat(p.date()).isEqualTo(day(3));
    }
}
