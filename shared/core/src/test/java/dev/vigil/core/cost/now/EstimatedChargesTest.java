package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.cost.detect.DetectionConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatedChargesTest {

    private static List<EstimatedCharges.Point> points() {
        List<EstimatedCharges.Point> out = new ArrayList<>();
        for (String line : Samples.read("/costnow/metric-streams/estimated-charges.ndjson").split("\n")) {
            EstimatedCharges.Point p = EstimatedCharges.parseLine(line);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void aMetricStreamLine_isReadAsMonthToDateChargesOfItsService() {
        EstimatedCharges.Point p = EstimatedCharges.parseLine(Samples.read("/costnow/metric-streams/estimated-charges.ndjson").split("\n")[0]);
        assertThat(p.account()).isEqualTo("123456789012");
        assertThat(p.service()).isEqualTo("AmazonEC2");
        assertThat(p.at()).isEqualTo(Instant.parse("2026-10-28T02:00:00Z"));
        assertThat(EstimatedCharges.parseLine("{\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPUUtilization\"}")).isNull();
    }

    @Test
    void repeatsAreNotUpdates_andTheMonthStartResetIsDifferencedFromMidnightOnThe1st() {
        List<EstimatedCharges.Rate> rates = EstimatedCharges.rates(points());
        List<EstimatedCharges.Rate> ec2 = rates.stream().filter(r -> r.service().equals("AmazonEC2")).toList();
        // every rate spans a 6-hour update, not the one-minute repeats, except the month's first (2 h from 00:00)
        assertThat(ec2).allSatisfy(r -> assertThat(r.hourly()).isBetween(15.0, 17.0 + 262.18 * 1.06));
        EstimatedCharges.Rate first = ec2.stream().filter(r -> r.from().equals(Instant.parse("2026-11-01T00:00:00Z")))
                .findFirst().orElseThrow();
        assertThat(first.to()).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
        assertThat(first.hourly()).isBetween(15.0, 17.0);
        assertThat(ec2).noneMatch(r -> r.hourly() < 0);
    }

    @Test
    void theEc2RiseAt1400_isOneProvisionalAnomaly_againstTheLearnedHourlyRate() {
        List<ProvisionalAnomaly> found = EstimatedCharges.detect(EstimatedCharges.rates(points()),
                DetectionConfig.defaults(), ExpectedSpend.NONE);
        assertThat(found).singleElement().satisfies(a -> {
            assertThat(a.source()).isEqualTo(ProvisionalAnomaly.Source.ESTIMATED_CHARGES);
            assertThat(a.service()).isEqualTo("AmazonEC2");
            assertThat(a.detectedAt()).isEqualTo(Instant.parse("2026-11-16T14:00:00Z"));
            assertThat(a.estimatedHourlyCost()).isCloseTo(262.18, within(262.18 * 0.1));
            assertThat(a.basis()).contains("EstimatedCharges");
        });
    }

    @Test
    void aDropWithinTheMonth_isACreditNotSpend() {
        List<EstimatedCharges.Point> ps = List.of(
                new EstimatedCharges.Point("1", "AmazonEC2", Instant.parse("2026-11-10T00:00:00Z"), 100),
                new EstimatedCharges.Point("1", "AmazonEC2", Instant.parse("2026-11-10T06:00:00Z"), 40),
                new EstimatedCharges.Point("1", "AmazonEC2", Instant.parse("2026-11-10T12:00:00Z"), 100));
        assertThat(EstimatedCharges.rates(ps)).singleElement().satisfies(r -> assertThat(r.hourly()).isCloseTo(10, within(1e-9)));
    }

    @Test
    void anEstimatedChargesLineWithoutAValue_failsAlone() {
        assertThatThrownBy(() -> EstimatedCharges.parseLine("{\"namespace\":\"AWS/Billing\",\"metric_name\":\"EstimatedCharges\",\"timestamp\":1,\"value\":{}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value.max");
    }
}
