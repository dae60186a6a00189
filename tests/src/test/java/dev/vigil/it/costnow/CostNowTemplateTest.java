package dev.vigil.it.costnow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.now.CloudTrailChanges;
import dev.vigil.it.support.Template;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The cost-now resources of template.yaml: the rule, the schedule, the table, and least-privilege IAM. */
class CostNowTemplateTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> props() throws IOException {
        return (Map<String, Object>) Template.resources(Template.load(), "AWS::Serverless::Function")
                .get("CostNowFunction").get("Properties");
    }

    @SuppressWarnings("unchecked")
    @Test
    void theHandlerIsTheCostNowHandler_withItsTablesAndBusInTheEnvironment() throws Exception {
        Map<String, Object> p = props();
        assertThat(p.get("Handler")).isEqualTo("dev.vigil.costnow.CostNowHandler::handleRequest");
        assertThat(Class.forName("dev.vigil.costnow.CostNowHandler").getMethod("handleRequest", Map.class,
                com.amazonaws.services.lambda.runtime.Context.class)).isNotNull();
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables");
        assertThat(env).containsKeys("COST_NOW_TABLE", "COST_TABLE", "EVENT_BUS_NAME", "COST_ABS_THRESHOLD",
                "COST_PCT_THRESHOLD", "COST_THRESHOLDS");
    }

    @SuppressWarnings("unchecked")
    @Test
    void theRuleListensOnTheDefaultBus_toExactlyTheEventsTheParserReads() throws Exception {
        Map<String, Object> events = (Map<String, Object>) props().get("Events");
        Map<String, Object> rule = (Map<String, Object>) ((Map<String, Object>) events.get("SpendChanges"))
                .get("Properties");
        assertThat(rule).doesNotContainKey("EventBusName");   // the default bus: where CloudTrail events arrive
        Map<String, Object> pattern = (Map<String, Object>) rule.get("Pattern");
        assertThat((List<String>) pattern.get("detail-type")).containsExactly("AWS API Call via CloudTrail");
        assertThat((List<String>) pattern.get("source")).allMatch(s -> s.startsWith("aws."));
        Set<String> names = new TreeSet<>();
        for (Object o : (List<Object>) ((Map<String, Object>) pattern.get("detail")).get("eventName")) {
            names.add(o instanceof Map<?, ?> m ? (String) m.get("prefix") : (String) o);
        }
        assertThat(names).isEqualTo(new TreeSet<>(CloudTrailChanges.EVENT_NAMES));
        Map<String, Object> sched = (Map<String, Object>) ((Map<String, Object>) events.get("Reconcile"))
                .get("Properties");
        assertThat(sched.get("ScheduleExpression")).isEqualTo("rate(1 hour)");
        assertThat((String) sched.get("Input")).contains("Scheduled Event");
    }

    @SuppressWarnings("unchecked")
    @Test
    void pricingGetProducts_isGrantedOnlyToTheCostNowFunction_andItsTableActionsAreNamed() throws Exception {
        List<String> grantedPricing = new ArrayList<>();
        Template.resources(Template.load(), "AWS::Serverless::Function").forEach((id, f) -> {
            String policies = String.valueOf(((Map<String, Object>) f.get("Properties")).get("Policies"));
            if (policies.contains("pricing:")) {
                grantedPricing.add(id);
            }
        });
        assertThat(grantedPricing).containsExactly("CostNowFunction");
        String policies = String.valueOf(props().get("Policies"));
        assertThat(policies).contains("pricing:GetProducts").doesNotContain("pricing:*")
                .doesNotContain("dynamodb:DeleteItem").doesNotContain("dynamodb:BatchWriteItem")
                .doesNotContain("cloudwatch:PutMetricData");
        assertThat(policies).contains("cloudwatch:ListMetrics", "cloudwatch:GetMetricData");
        Map<String, Object> table = (Map<String, Object>) Template.resources(Template.load(), "AWS::DynamoDB::Table")
                .get("CostNowTable").get("Properties");
        assertThat(String.valueOf(table.get("TimeToLiveSpecification"))).contains("ttl");
    }
}
