package dev.vigil.it.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.aws.remediation.SsmAutomationExecutor;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.PlanResult;
import dev.vigil.core.remediation.Planner;
import dev.vigil.core.remediation.ResourceState;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.remediation.fakes.Samples;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SSM Automation start/stop on the wire (moto 5.2.1 implements documents but not automation executions): the real
 * SDK client against WireMock answering the AmazonSSM JSON protocol. Checks the request Vigil sends: document,
 * parameters from the plan, and a ClientToken derived from the plan, identical on a retry (so AWS starts it once).
 */
class SsmAutomationWireMockTest {

    WireMockServer ssm;
    SsmClient client;

    @BeforeEach
    void start() {
        ssm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        ssm.start();
        client = SsmClient.builder().endpointOverride(URI.create(ssm.baseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
    }

    @AfterEach
    void stop() {
        client.close();
        ssm.stop();
    }

    @Test
    void startIsIdempotentByClientToken_andUndoStopsARunningExecution() {
        ssm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.StartAutomationExecution"))
                .willReturn(okJson("{\"AutomationExecutionId\":\"exec-123\"}")));
        ssm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetAutomationExecution"))
                .willReturn(okJson("{\"AutomationExecution\":{\"AutomationExecutionId\":\"exec-123\","
                        + "\"AutomationExecutionStatus\":\"InProgress\"}}")));
        ssm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.StopAutomationExecution"))
                .willReturn(okJson("{}")));
        RunbookCatalog catalog = RunbookCatalog.fromClasspath();
        var rb = catalog.runbook("queue-backlog-restart-consumers").orElseThrow();
        var a = Samples.anomaly("AWS/SQS", "ApproximateAgeOfOldestMessage", Map.of("QueueName", "orders-events"),
                Instant.parse("2024-05-01T10:12:00Z"), 900, 20, 0, 60, "high", "level_shift", "Seconds", "average");
        String arn = Planner.resourceArn(rb, a);
        ResourceState doc = new ResourceState(arn, Map.of("documentName", "Vigil-RestartConsumers"), Map.of());
        Plan plan = ((PlanResult.Planned) Planner.plan("exec-ssm", a.id(), a, rb, catalog.action(rb.actionId()), doc,
                List.of(), Instant.parse("2024-05-01T10:15:00Z"))).plan();
        SsmAutomationExecutor ex = new SsmAutomationExecutor(client);

        ResourceState after = ex.apply(plan, plan.planId());
        ex.apply(plan, plan.planId());
        assertThat(after.value("executionId")).isEqualTo("exec-123");
        List<LoggedRequest> starts = ssm.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.StartAutomationExecution")));
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0).getBodyAsString()).isEqualTo(starts.get(1).getBodyAsString());
        ssm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.DocumentName", equalTo("Vigil-RestartConsumers")))
                .withRequestBody(matchingJsonPath("$.Parameters.QueueName[0]", equalTo("orders-events")))
                .withRequestBody(matchingJsonPath("$.ClientToken")));

        ResourceState undone = ex.undo(plan, doc, after, plan.planId());
        ssm.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.StopAutomationExecution"))
                .withRequestBody(matchingJsonPath("$.AutomationExecutionId", equalTo("exec-123"))));
        assertThat(undone.value("undoExecutionId")).isEqualTo("exec-123");
        ssm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.DocumentName", equalTo("Vigil-RestartConsumers-Undo"))));

        // Issue 9, Medium 8: without an undo document, stopping the execution undoes nothing it did: the undo
        // fails (and with it the workflow's rollback step), it never reports restored.
        Map<String, Object> noUndo = new java.util.LinkedHashMap<>(plan.parameters());
        noUndo.remove("undoDocumentName");
        Plan bare = Plan.fromMap(withParameters(plan.toMap(), noUndo));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ex.undo(bare, doc, after, bare.planId()))
                .isInstanceOf(dev.vigil.core.remediation.ExecutorException.class)
                .hasMessageContaining("not undone");
    }

    private static Map<String, Object> withParameters(Map<String, Object> plan, Map<String, Object> params) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(plan);
        m.put("parameters", params);
        return m;
    }
}
