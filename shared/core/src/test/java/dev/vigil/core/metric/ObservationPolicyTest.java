package dev.vigil.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationPolicyTest {

    private static MetricDatum datum(String metric, String unit, double sum, double count) {
        return new MetricDatum(SeriesId.of("1", "r", "AWS/X", metric, Map.of()), 0L,
                StatisticSet.of(sum, 0, sum, count), unit);
    }

    @Test
    void countMetrics_areScoredAsARatePerSecond() {
        // 600 requests in the minute, reported by CloudWatch as 12 samples: the workload is 10 requests/s.
        assertThat(ObservationPolicy.observe(datum("RequestCount", "Count", 600, 12))).isEqualTo(10.0);
    }

    @Test
    void byteMetrics_areScoredAsARatePerSecond() {
        assertThat(ObservationPolicy.observe(datum("NetworkIn", "Bytes", 6_000, 1))).isEqualTo(100.0);
    }

    @Test
    void gaugeMetrics_areScoredAsTheirAverage() {
        assertThat(ObservationPolicy.observe(datum("CPUUtilization", "Percent", 90, 3))).isEqualTo(30.0);
        assertThat(ObservationPolicy.observe(datum("Duration", "Milliseconds", 1000, 4))).isEqualTo(250.0);
    }

    @Test
    void knownGaugesReportedAsCount_areScoredAsTheirAverage() {
        assertThat(ObservationPolicy.observe(datum("HealthyHostCount", "Count", 12, 4))).isEqualTo(3.0);
    }

    @Test
    void aGaugeMinuteWithoutSamples_hasNothingToScore() {
        assertThat(ObservationPolicy.observe(datum("CPUUtilization", "Percent", 0, 0))).isNaN();
    }

    @Test
    void unusableStatisticSets_sayWhy() {
        assertThat(StatisticSet.of(1, 0, Double.NaN, 1).problem()).contains("sum").contains("NaN");
        assertThat(StatisticSet.of(1, 0, Double.POSITIVE_INFINITY, 1).problem()).contains("sum");
        assertThat(StatisticSet.of(1, 0, 1, -3).problem()).contains("count is negative");
        assertThat(StatisticSet.of(1, 5, 3, 2).problem()).contains("min");
        assertThat(StatisticSet.of(2, 1, 3, 2).problem()).isNull();
    }
}
