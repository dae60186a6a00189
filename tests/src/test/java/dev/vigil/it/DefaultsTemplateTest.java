package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.support.Template;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a stack deployed with every default costs and needs: a curated stream, no trail unless asked. */
@SuppressWarnings("unchecked")
class DefaultsTemplateTest {

    static Map<String, Object> param(String name) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) Template.load().get("Parameters")).get(name);
    }

    @Test
    void theMetricStream_streamsACuratedListOfAtMostEightNamespaces_byDefault_notEverything() throws Exception {
        String def = String.valueOf(param("MetricStreamNamespaces").get("Default"));
        assertThat(def).isNotBlank();
        assertThat(Arrays.asList(def.split(","))).containsExactly("AWS/Lambda", "AWS/ApplicationELB",
                "AWS/ApiGateway", "AWS/SQS", "AWS/DynamoDB", "AWS/RDS", "AWS/ECS", "AWS/EC2");
        // the template has eight include-filter slots (HasNamespace1..8)
        Map<String, Object> conditions = (Map<String, Object>) Template.load().get("Conditions");
        assertThat(conditions).containsKeys("HasNamespace8").doesNotContainKey("HasNamespace9");
        assertThat(String.valueOf(param("MetricStreamNamespaces").get("Description"))).contains("per 1,000 metrics");
    }

    @Test
    void aCloudTrailTrail_isOffered_offByDefault() throws Exception {
        assertThat(param("CreateCloudTrail").get("Default")).isEqualTo("false");
    }
}
