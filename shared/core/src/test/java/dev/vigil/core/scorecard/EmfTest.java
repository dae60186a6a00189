package dev.vigil.core.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.incident.JsonValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfTest {

    @Test
    @SuppressWarnings("unchecked")
    void countersBecomeEmbeddedMetricLines_withSuppressionReasonsAsADimension() {
        Counters c = new Counters();
        long t = 1_780_000_000_000L;
        c.add(t, Counters.ALERTS, 2);
        c.add(t, Counters.SIGNALS, 40);
        c.suppressed(t, "deploy");
        c.suppressed(t, "deploy");
        c.sample(t, Counters.TTR_SECONDS, 600);
        List<String> lines = Emf.lines(c, t, "vigil");
        assertThat(lines).hasSize(2);

        Map<String, Object> main = JsonValues.readObject(lines.get(0));
        Map<String, Object> aws = (Map<String, Object>) main.get("_aws");
        assertThat(aws.get("Timestamp")).isEqualTo(t);
        Map<String, Object> directive = (Map<String, Object>) ((List<Object>) aws.get("CloudWatchMetrics")).get(0);
        assertThat(directive.get("Namespace")).isEqualTo("Vigil/AIOps");
        assertThat(directive.get("Dimensions")).isEqualTo(List.of(List.of("Service")));
        assertThat(main).containsEntry("Alerts", 2L).containsEntry("Signals", 40L).containsEntry("Suppressed", 2L)
                .containsEntry("Service", "vigil");
        assertThat(main.get("TimeToResolveSeconds")).isEqualTo(List.of(600.0));
        assertThat(main).doesNotContainKey("Suppressed.deploy");

        Map<String, Object> reason = JsonValues.readObject(lines.get(1));
        assertThat(reason).containsEntry("Reason", "deploy").containsEntry("Suppressed", 2L);
    }
}
