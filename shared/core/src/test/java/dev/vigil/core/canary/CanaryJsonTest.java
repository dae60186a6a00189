package dev.vigil.core.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.canary.CanaryScenarios.Kind;
import dev.vigil.core.json.JsonTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryJsonTest {

    @Test
    void theVerdictJson_hasTheContractFieldsAndNullsWhereThereIsNoValue() {
        CanaryScenarios.Scenario s = CanaryScenarios.generate(Kind.ERROR_REGRESSION, 3);
        CanaryVerdict v = new CanaryJudge(CanaryConfig.defaults()).judge(s.window());
        Map<String, Object> m = JsonTree.object(CanaryJson.write(v));
        assertThat(m.get("result")).isEqualTo("fail");
        assertThat(m).containsKeys("score", "metrics", "function", "baselineVersion", "canaryVersion", "reason");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) m.get("metrics");
        assertThat(metrics).allSatisfy(r -> assertThat(r).containsKeys("name", "group", "classification",
                "baseline", "canary", "pValue", "effectSize", "reason"));
        Map<String, Object> err = metrics.stream().filter(r -> r.get("name").equals("ErrorRate")).findFirst()
                .orElseThrow();
        assertThat(err.get("classification")).isEqualTo("High");
        assertThat(err.get("group")).isEqualTo("errors");
        Map<String, Object> traffic = metrics.get(0);
        assertThat(traffic.get("pValue")).isNull();
    }

    @Test
    void theReport_escapesNamesAndShowsTheResultAndEveryMetric() {
        CanaryTarget t = new CanaryTarget("f<script>", null, "1", "2");
        CanaryWindow w = CanaryWindow.of(t, CanaryScenarios.generate(Kind.HEALTHY, 4).window().baseline(),
                CanaryScenarios.generate(Kind.HEALTHY, 4).window().canary());
        CanaryVerdict v = new CanaryJudge(CanaryConfig.defaults()).judge(w);
        String html = CanaryReport.html(v, w);
        assertThat(html).doesNotContain("<script>").contains("f&lt;script&gt;").contains("PASS")
                .contains("ErrorRate").contains("Duration p99").contains("<svg");
    }
}
