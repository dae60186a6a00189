package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.support.Template;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Metric Stream and the function that reads it are configured from the same parameters: the output format, and
 * the additional statistics (with the metrics they apply to) that percentile SLOs need. (Tags are stripped by
 * Template.load, so !Ref X reads as X and !If [c, a, b] as [c, a, b].)
 */
@SuppressWarnings("unchecked")
class MetricStreamTemplateTest {

    private static Map<String, Object> props(Map<String, Object> t, String type, String id) {
        return (Map<String, Object>) Template.resources(t, type).get(id).get("Properties");
    }

    @Test
    void theStreamsOutputFormat_andTheFunctionsFormat_areOneParameter() throws IOException {
        Map<String, Object> t = Template.load();
        Map<String, Object> param = (Map<String, Object>) ((Map<String, Object>) t.get("Parameters")).get("MetricStreamFormat");
        assertThat((List<String>) param.get("AllowedValues")).containsExactly("json", "opentelemetry1.0");
        assertThat(props(t, "AWS::CloudWatch::MetricStream", "MetricStream").get("OutputFormat"))
                .isEqualTo("MetricStreamFormat");
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props(t, "AWS::Serverless::Function",
                "MetricStreamFunction").get("Environment")).get("Variables");
        assertThat(env.get("METRIC_STREAM_FORMAT")).isEqualTo("MetricStreamFormat");
    }

    @Test
    void additionalStatistics_reachTheStream_andTheFunction_underTheSameCondition() throws IOException {
        Map<String, Object> t = Template.load();
        List<Object> stats = (List<Object>) props(t, "AWS::CloudWatch::MetricStream", "MetricStream")
                .get("StatisticsConfigurations");
        assertThat(stats.get(0)).isEqualTo("StreamAdditionalStatistics");
        Map<String, Object> config = ((List<Map<String, Object>>) stats.get(1)).get(0);
        assertThat(config.get("AdditionalStatistics")).isEqualTo(List.of(",", "MetricStreamAdditionalStatistics"));
        assertThat((List<Object>) config.get("IncludeMetrics")).hasSize(8);

        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props(t, "AWS::Serverless::Function",
                "MetricStreamFunction").get("Environment")).get("Variables");
        assertThat(env.get("METRIC_STREAM_STATISTICS"))
                .isEqualTo(List.of("HasAdditionalStatistics", "MetricStreamAdditionalStatistics", "AWS::NoValue"));
        assertThat(env.get("METRIC_STREAM_STATISTICS_METRICS"))
                .isEqualTo(List.of("HasAdditionalStatistics", "MetricStreamStatisticsMetrics", "AWS::NoValue"));
        // The stream's condition is the function's plus CreateStream: an existing stream is described, not created.
        Map<String, Object> conditions = (Map<String, Object>) t.get("Conditions");
        assertThat(conditions.get("StreamAdditionalStatistics")).isEqualTo(List.of("CreateStream", "HasAdditionalStatistics"));
    }

    @Test
    void theStatisticsParameters_acceptWhatCloudWatchTakes_andRefuseMalformedPairs() throws IOException {
        Map<String, Object> params = (Map<String, Object>) Template.load().get("Parameters");
        String metricsPattern = (String) ((Map<String, Object>) params.get("MetricStreamStatisticsMetrics")).get("AllowedPattern");
        assertThat("AWS/Lambda:Duration,AWS/ApplicationELB:TargetResponseTime").matches(metricsPattern);
        assertThat("").matches(metricsPattern);
        assertThat("AWS/Lambda/Duration").doesNotMatch(metricsPattern);
        assertThat("AWS/Lambda:Duration:p99").doesNotMatch(metricsPattern);
        assertThat(String.join(",", java.util.Collections.nCopies(9, "A:B"))).doesNotMatch(metricsPattern);
        String statsPattern = (String) ((Map<String, Object>) params.get("MetricStreamAdditionalStatistics")).get("AllowedPattern");
        assertThat("p99,p99.9,TM(10%:90%)").matches(statsPattern);
        assertThat(String.join(",", java.util.Collections.nCopies(21, "p99"))).doesNotMatch(statsPattern);
    }
}
