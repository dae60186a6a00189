package dev.vigil.it.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.it.support.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incident function's part of template.yaml against what the code relies on. */
class IncidentTemplateTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(String resource) throws Exception {
        Map<String, Object> r = (Map<String, Object>) ((Map<String, Object>) Template.load().get("Resources")).get(resource);
        assertThat(r).as(resource).isNotNull();
        return (Map<String, Object>) r.get("Properties");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIncidentFunction_runsOneAtATime_withPartialBatchResponses_onItsQueue() throws Exception {
        Map<String, Object> p = props("IncidentFunction");
        assertThat(p.get("Handler")).isEqualTo("dev.vigil.incident.IncidentHandler::handleRequest");
        Map<String, Object> queue = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) p.get("Events"))
                .get("Queue")).get("Properties");
        assertThat((List<String>) queue.get("FunctionResponseTypes")).containsExactly("ReportBatchItemFailures");
        // FIFO event sources: at most 10 a batch, no batching window (SAM/Lambda refuse the stack otherwise).
        assertThat((Integer) queue.get("BatchSize")).isBetween(1, 10);
        assertThat(queue).doesNotContainKey("MaximumBatchingWindowInSeconds");
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables");
        assertThat(env).containsKeys("INCIDENT_TABLE", "INCIDENT_CONFIG", "SLACK_SECRET_ARN",
                "REMEDIATION_STATE_MACHINE_ARN");
        // Visibility timeout at least six times the function timeout (Lambda's guidance for SQS sources).
        assertThat((Integer) props("IncidentQueue").get("VisibilityTimeout"))
                .isGreaterThanOrEqualTo(6 * (Integer) p.get("Timeout"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noFunctionReservesConcurrency_soTheStackDeploysOnANewAccountWithAQuotaOfTen() throws Exception {
        Template.resources(Template.load(), "AWS::Serverless::Function").forEach((id, f) ->
                assertThat((Map<String, Object>) f.get("Properties")).as(id)
                        .doesNotContainKey("ReservedConcurrentExecutions"));
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) Template.load().get("Globals"))
                .get("Function");
        assertThat(globals).doesNotContainKey("ReservedConcurrentExecutions");
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneWriter_comesFromAFifoQueueWithOneMessageGroup_fedByEveryRule() throws Exception {
        Map<String, Object> q = props("IncidentQueue");
        assertThat(q.get("FifoQueue")).isEqualTo(true);
        assertThat(q.get("ContentBasedDeduplication")).isEqualTo(true);
        assertThat(props("IncidentDeadLetterQueue").get("FifoQueue")).isEqualTo(true);
        // A throttled batch comes back after the visibility timeout and spends a receive: it must survive an hour.
        int receives = (Integer) ((Map<String, Object>) q.get("RedrivePolicy")).get("maxReceiveCount");
        assertThat(receives * (Integer) q.get("VisibilityTimeout")).isGreaterThanOrEqualTo(3600);

        List<String> groups = new java.util.ArrayList<>();
        Template.resources(Template.load(), "AWS::Events::Rule").forEach((id, r) -> {
            for (Map<String, Object> t : (List<Map<String, Object>>) ((Map<String, Object>) r.get("Properties"))
                    .get("Targets")) {
                if (String.valueOf(t.get("Arn")).contains("IncidentQueue")) {
                    Map<String, Object> sqs = (Map<String, Object>) t.get("SqsParameters");
                    assertThat(sqs).as("%s target SqsParameters", id).isNotNull();
                    groups.add(String.valueOf(sqs.get("MessageGroupId")));
                }
            }
        });
        assertThat(groups).hasSizeGreaterThanOrEqualTo(5);
        assertThat(new java.util.HashSet<>(groups)).as("one message group for every input").hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothDashboards_areValidJson_andChartTheScorecardMetrics() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String d : List.of("ScorecardExecutiveDashboard", "ScorecardOnCallDashboard")) {
            Object body = props(d).get("DashboardBody");
            // !Sub "body" or !Sub [body, {variables}]
            String text = body instanceof Map<?, ?> m ? String.valueOf(m.values().iterator().next())
                    : body instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(body);
            JsonNode parsed = json.readTree(text.replaceAll("\\$\\{[^}]+}", "x"));
            assertThat(parsed.get("widgets").size()).as(d).isGreaterThanOrEqualTo(6);
        }
        String exec = String.valueOf(props("ScorecardExecutiveDashboard").get("DashboardBody"));
        for (String metric : List.of("Alerts", "Signals", "FeedbackUseful", "FeedbackNoise", "TimeToAcknowledgeSeconds",
                "TimeToResolveSeconds", "AutomationSucceeded", "AutomationFailed", "DriftEvents", "Suppressed")) {
            assertThat(exec).as("executive dashboard charts %s", metric).contains("\"" + metric + "\"");
        }
        assertThat(String.valueOf(props("ScorecardOnCallDashboard").get("DashboardBody"))).contains("\"OpenIncidents\"");
    }

    @Test
    void theOnCallDashboard_saysWhetherChangeCorrelationHasATrail_andChartsTheChangesSeen() throws Exception {
        String body = String.valueOf(props("ScorecardOnCallDashboard").get("DashboardBody"));
        assertThat(body).contains("${TrailNote}").contains("\"Changes\"").contains("CreateCloudTrail=false");
        Map<String, Object> trail = (Map<String, Object>) ((Map<String, Object>) Template.load().get("Resources"))
                .get("Trail");
        assertThat(trail.get("Condition")).isEqualTo("CreateTrail");
        Map<String, Object> param = (Map<String, Object>) ((Map<String, Object>) Template.load().get("Parameters"))
                .get("CreateCloudTrail");
        assertThat(param.get("Default")).isEqualTo("false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMetricStreamFunction_tracksSlos_fromTheBundledConfig() throws Exception {
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props("MetricStreamFunction")
                .get("Environment")).get("Variables");
        assertThat(env).containsKeys("SLO_CONFIG", "SLO_TABLE");
        assertThat(String.valueOf(env.get("SLO_CONFIG"))).contains("/var/task/config/vigil.yaml");
    }
}
