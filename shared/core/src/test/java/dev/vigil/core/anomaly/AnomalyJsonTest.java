package dev.vigil.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AnomalyJsonTest {

    private static AnomalyEvent event() {
        TreeMap<String, String> dims = new TreeMap<>();
        dims.put("FunctionName", "checkout \"api\"");
        return new AnomalyEvent(AnomalyEvent.idFor("k", 1L), "k", "123456789012", "us-east-1", "AWS/Lambda",
                "Duration", dims, 1_793_577_600_000L, 900.0, 120.0, 90.0, 150.0, 0.999, "critical", "spike",
                "9.1σ above", "Milliseconds", "average");
    }

    @Test
    void theEvent_carriesEveryContractField_withAnIsoTimestamp() {
        String json = AnomalyJson.write(event());
        assertThat(json).contains("\"seriesId\":\"k\"", "\"accountId\":\"123456789012\"", "\"region\":\"us-east-1\"",
                "\"namespace\":\"AWS/Lambda\"", "\"metricName\":\"Duration\"",
                "\"dimensions\":{\"FunctionName\":\"checkout \\\"api\\\"\"}", "\"timestamp\":\"2026-11-02T00:00:00Z\"",
                "\"value\":900.0", "\"expected\":120.0", "\"lower\":90.0", "\"upper\":150.0", "\"score\":0.999",
                "\"severity\":\"critical\"", "\"reason\":\"spike\"");
    }

    @Test
    void writingThenReading_givesTheSameEvent() {
        assertThat(AnomalyJson.read(AnomalyJson.write(event()))).isEqualTo(event());
    }

    @Test
    void theId_isStablePerSeriesAndMinute() {
        assertThat(AnomalyEvent.idFor("s", 60_000L)).isEqualTo(AnomalyEvent.idFor("s", 60_000L)).hasSize(32)
                .isNotEqualTo(AnomalyEvent.idFor("s", 120_000L));
    }
}
