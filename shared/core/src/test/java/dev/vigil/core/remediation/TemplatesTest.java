package dev.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.fakes.Anomalies;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 9, High 1: values from an anomaly are checked before they are substituted into an ARN or SSM parameter. */
class TemplatesTest {

    static final String ARN = "arn:aws:lambda:${region}:${accountId}:function:${dimensions.FunctionName}";

    @Test
    void aPlainFunctionName_isSubstituted() {
        assertThat(Templates.resolve(ARN, Anomalies.lambda("checkout-api_2", "Throttles", 0, "high")))
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:checkout-api_2");
    }

    @Test
    void dimensionValuesThatWouldReshapeOrWidenAnArn_areRefused() {
        for (String bad : new String[] {"*", "checkout:live", "a/b", "x${region}", "q\"uote", "new\nline",
                "checkout?"}) {
            assertThatThrownBy(() -> Templates.resolve(ARN, Anomalies.lambda(bad, "Throttles", 0, "high")))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a safe value");
        }
        String tooLong = "f".repeat(256);
        assertThatThrownBy(() -> Templates.resolve(ARN, Anomalies.lambda(tooLong, "Throttles", 0, "high")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccountOrRegionThatIsNotOne_isRefused() {
        var a = Anomalies.lambda("checkout", "Throttles", 0, "high");
        var forged = new dev.vigil.core.anomaly.AnomalyEvent(a.id(), a.seriesId(), "*", "us-east-1:*", a.namespace(),
                a.metricName(), new java.util.TreeMap<>(Map.of("FunctionName", "checkout")), 0, 1, 1, 0, 2, 1,
                "high", "spike", null, null, null);
        assertThatThrownBy(() -> Templates.resolve(ARN, forged)).isInstanceOf(IllegalArgumentException.class);
    }
}
