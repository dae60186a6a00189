package dev.vigil.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.incident.IncidentConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An SLO on a statistic the Metric Stream does not carry is refused when the config is loaded. */
class StreamStatisticsTest {

    private static List<SloDefinition> slos(String statistic, String namespace, String metric) {
        return IncidentConfig.parse("""
                slos:
                  - name: availability
                    objective: 99.9
                    sli:
                      bad:   {namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count}
                      total: {namespace: AWS/ApplicationELB, metric: RequestCount}
                  - name: checkout-latency
                    objective: 99
                    sli:
                      series: {namespace: %s, metric: %s, dimensions: {FunctionName: checkout-api}}
                      statistic: %s
                      above: 800
                """.formatted(namespace, metric, statistic), "test").slos();
    }

    @Test
    void aP99Slo_isAccepted_whenTheStreamCarriesP99ForItsMetric() {
        StreamStatistics s = StreamStatistics.parse("p99, p99.9", "AWS/Lambda:Duration,AWS/ApplicationELB:TargetResponseTime",
                "json");
        assertThatCode(() -> s.requireCarried(slos("p99", "AWS/Lambda", "Duration"))).doesNotThrowAnyException();
        assertThat(s.carries("AWS/Lambda", "Duration", "p99.9")).isTrue();
        assertThat(s.carries("AWS/Lambda", "Errors", "p99")).isFalse();
    }

    @Test
    void aP99Slo_isRefused_withoutAdditionalStatistics_sayingWhichParametersToSet() {
        assertThatThrownBy(() -> StreamStatistics.parse(null, null, "json").requireCarried(slos("p99", "AWS/Lambda", "Duration")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SLO checkout-latency asks for statistic p99 of AWS/Lambda Duration, which the "
                        + "metric stream does not carry (the stream carries no additional statistics)")
                .hasMessageContaining("MetricStreamAdditionalStatistics").hasMessageContaining("AWS/Lambda:Duration");
    }

    @Test
    void aP99Slo_isRefused_whenTheStreamCarriesP99ForOtherMetrics_orOtherPercentilesOnly() {
        assertThatThrownBy(() -> StreamStatistics.parse("p99", "AWS/ApplicationELB:TargetResponseTime", "json")
                .requireCarried(slos("p99", "AWS/Lambda", "Duration")))
                .hasMessageContaining("the stream carries p99 only for AWS/ApplicationELB:TargetResponseTime");
        assertThatThrownBy(() -> StreamStatistics.parse("p95,p50", "AWS/Lambda:Duration", "json")
                .requireCarried(slos("p99", "AWS/Lambda", "Duration")))
                .hasMessageContaining("the stream's additional statistics are p50, p95");
    }

    @Test
    void theStatisticsEveryStreamCarries_needNoConfiguration() {
        for (String stat : new String[] {"average", "max", "min", "Max"}) {
            assertThatCode(() -> StreamStatistics.none().requireCarried(slos(stat, "AWS/Lambda", "Duration")))
                    .as(stat).doesNotThrowAnyException();
        }
    }

    @Test
    void badSettings_failFast_andOpenTelemetryStreamsTakePercentilesOnly() {
        assertThatThrownBy(() -> StreamStatistics.parse("p99", "", "json"))
                .hasMessageContaining("METRIC_STREAM_STATISTICS_METRICS is empty");
        assertThatThrownBy(() -> StreamStatistics.parse("p99", "AWS/Lambda/Duration", "json"))
                .hasMessageContaining("'AWS/Lambda/Duration' is not namespace:metric");
        assertThatThrownBy(() -> StreamStatistics.parse("p99,TM(10%:90%)", "AWS/Lambda:Duration", "opentelemetry1.0"))
                .hasMessageContaining("TM(10%:90%) cannot be streamed in the opentelemetry1.0 format");
        assertThatCode(() -> StreamStatistics.parse("p99,TM(10%:90%)", "AWS/Lambda:Duration", "json"))
                .doesNotThrowAnyException();
    }
}
