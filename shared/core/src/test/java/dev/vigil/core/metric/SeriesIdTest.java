package dev.vigil.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesIdTest {

    @Test
    void theKey_isTheSameWhateverTheDimensionOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("B", "2");
        ab.put("A", "1");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("A", "1");
        ba.put("B", "2");
        assertThat(SeriesId.of("1", "r", "AWS/X", "M", ab).key())
                .isEqualTo(SeriesId.of("1", "r", "AWS/X", "M", ba).key())
                .isEqualTo("1/r/AWS/X/M/A=1,B=2");
    }

    @Test
    void emptyDimensions_giveAKeyEndingInASlash() {
        assertThat(SeriesId.of("1", "us-east-1", "AWS/Usage", "CallCount", Map.of()).key())
                .isEqualTo("1/us-east-1/AWS/Usage/CallCount/");
    }

    @Test
    void separatorsInsideValues_areEscaped_soTwoSeriesNeverShareAKey() {
        SeriesId oneDimension = SeriesId.of("1", "r", "N", "M", Map.of("A", "1,B=2"));
        SeriesId twoDimensions = SeriesId.of("1", "r", "N", "M", Map.of("A", "1", "B", "2"));
        assertThat(oneDimension.key()).isNotEqualTo(twoDimensions.key()).isEqualTo("1/r/N/M/A=1%2CB%3D2");
    }

    @Test
    void aNamespaceMetricAndDimensionThatSlideAcrossTheSlashes_giveTwoKeys() {
        SeriesId real = SeriesId.of("1", "r", "AWS/Lambda", "Errors", Map.of("FunctionName", "x"));
        SeriesId forged = SeriesId.of("1", "r", "AWS", "Lambda", Map.of("Errors/FunctionName", "x"));
        assertThat(real.key()).isEqualTo("1/r/AWS/Lambda/Errors/FunctionName=x");
        assertThat(forged.key()).isNotEqualTo(real.key()).isEqualTo("1/r/AWS/Lambda/Errors%2FFunctionName=x");
        assertThat(SeriesId.of("1", "r", "AWS", "Lambda/Errors", Map.of("FunctionName", "x")).key())
                .isNotEqualTo(real.key());
        assertThat(SeriesId.of("1/r", "AWS", "Lambda", "Errors", Map.of("FunctionName", "x")).key())
                .isNotEqualTo(real.key());
        // an equals sign in a namespace cannot pose as a dimension either
        assertThat(SeriesId.of("1", "r", "AWS/Lambda/Errors/FunctionName=x", "M", Map.of()).key())
                .isNotEqualTo(SeriesId.of("1", "r", "AWS/Lambda", "Errors", Map.of("FunctionName", "x/M/")).key());
    }

    @Test
    void realAwsKeys_keepTheirSlashesInNamespacesAndDimensionValues() {
        assertThat(SeriesId.of("1", "r", "AWS/ApplicationELB", "TargetResponseTime",
                Map.of("LoadBalancer", "app/orders-alb/50dc")).key())
                .isEqualTo("1/r/AWS/ApplicationELB/TargetResponseTime/LoadBalancer=app/orders-alb/50dc");
    }
}
