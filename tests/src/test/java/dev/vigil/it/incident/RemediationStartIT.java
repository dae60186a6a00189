package dev.vigil.it.incident;

import static dev.vigil.core.fakes.Anomalies.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.sfn.StepFunctionsRemediationStarter;
import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.IncidentEngine;
import dev.vigil.core.incident.IncidentProcessor;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.MetricsSink;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.it.support.AwsEmulator;
import dev.vigil.it.support.IncidentRig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * An incident that matches a runbook policy starts the remediation workflow once: Step Functions on the AWS emulator
 * (moto_server or LocalStack), incident state on DynamoDB Local.
 */
@ExtendWith(AwsEmulator.class)
class RemediationStartIT {

    private SfnClient sfn;
    private String stateMachineArn;
    private IncidentRig rig;

    @BeforeEach
    void setUp() {
        sfn = SfnClient.builder().endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String name = "remediation-" + System.nanoTime();
        stateMachineArn = sfn.createStateMachine(b -> b.name(name)
                .roleArn("arn:aws:iam::123456789012:role/vigil-remediation")
                .definition("{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}"))
                .stateMachineArn();
    }

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    List<ExecutionListItem> executions() {
        return sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn)).executions();
    }

    @Test
    void theSameNameStartsOnce_evenWithADifferentInput() {
        StepFunctionsRemediationStarter starter = new StepFunctionsRemediationStarter(sfn, stateMachineArn,
                new Backoff(1, 5, 3, ms -> { }, 1));
        assertThat(starter.start("vigil-inc-0123456789ab-lambda-rollback", "{\"a\":1}"))
                .isEqualTo(RemediationStarter.Result.STARTED);
        assertThat(starter.start("vigil-inc-0123456789ab-lambda-rollback", "{\"a\":2}"))
                .isEqualTo(RemediationStarter.Result.ALREADY_STARTED);
        assertThat(executions()).hasSize(1);
    }

    @Test
    void anIncidentMatchingARunbookPolicy_startsItsWorkflowOnce_acrossRepeatsRedeliveriesAndRetries() {
        RunbookPolicies policies = a -> a.namespace().equals("AWS/Lambda") && a.metricName().equals("Errors")
                ? List.of("lambda-rollback") : List.of();
        rig = new IncidentRig(Configs.SHOP, policies);
        StepFunctionsRemediationStarter real = new StepFunctionsRemediationStarter(sfn, stateMachineArn,
                new Backoff(1, 5, 3, ms -> { }, 1));
        boolean[] down = {true};
        RemediationStarter flaky = (name, input) -> {
            if (down[0]) {
                throw new IllegalStateException("Step Functions unreachable");
            }
            return real.start(name, input);
        };
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.parse(Configs.SHOP, "t"), policies),
                rig.store, rig.slack, flaky, MetricsSink.none(), StructuredLog.discard(), rig.clock::get);

        List<Input> batch = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            batch.add(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(m), "high")));
            batch.add(IncidentRig.signal(Anomalies.lambda("cart-api", "Duration", minute(m), "medium")));
        }
        p.processInputs(batch.subList(0, 4), new ArrayList<>());        // the start fails: Step Functions is down
        assertThat(executions()).isEmpty();
        down[0] = false;
        p.processInputs(batch.subList(4, 10), new ArrayList<>());       // retried with the next batch
        p.processInputs(batch, new ArrayList<>());                      // a redelivery of everything

        List<ExecutionListItem> runs = executions();
        assertThat(runs).hasSize(1);
        Incident i = rig.incidents().get(0);
        assertThat(runs.get(0).name()).isEqualTo(RemediationStarter.executionName(i.id, "lambda-rollback"));
        assertThat(i.remediationsStarted).containsExactly("lambda-rollback");
        String input = sfn.describeExecution(b -> b.executionArn(runs.get(0).executionArn())).input();
        assertThat(input).contains("\"incidentId\":\"" + i.id + "\"").contains("\"runbookId\":\"lambda-rollback\"")
                .contains("\"metricName\":\"Errors\"");
        assertThat(rig.counters()).containsEntry("AutomationStarted", 1L);

        // The workflow's outcome comes back on the bus and counts for the automation success rate.
        p.processInputs(List.of(new Input.RemediationOutcome(runs.get(0).name(), "SUCCEEDED", minute(20))),
                new ArrayList<>());
        assertThat(rig.counters()).containsEntry("AutomationSucceeded", 1L);
    }

    @Test
    void anInhibitedIncident_startsNoRemediation() {
        RunbookPolicies policies = a -> a.namespace().equals("AWS/Lambda") ? List.of("lambda-rollback") : List.of();
        rig = new IncidentRig(Configs.SHOP, policies);
        for (int m = 0; m < 40; m += 5) {
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(m), "critical")));
        }
        // Too late to correlate with the database's first signal, while the database incident is open and critical:
        // cart-api's incident is muted, and a muted incident does not act either.
        rig.send(IncidentRig.signal(Anomalies.lambda("cart-api", "Errors", minute(56), "high")));
        assertThat(rig.incidents()).hasSize(2);
        assertThat(rig.starter.started).isEmpty();
    }

    @Test
    void theRemediationSidesRunbookCatalog_isTheMatcher_andAnIncidentStartsEachRunbookOnce() {
        RunbookPolicies catalog = dev.vigil.incident.Wiring.catalogPolicies(
                dev.vigil.core.remediation.RunbookCatalog.fromClasspath());
        rig = new IncidentRig(Configs.SHOP, catalog);
        StepFunctionsRemediationStarter real = new StepFunctionsRemediationStarter(sfn, stateMachineArn,
                new Backoff(1, 5, 3, ms -> { }, 1));
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.parse(Configs.SHOP, "t"), catalog),
                rig.store, rig.slack, real, MetricsSink.none(), StructuredLog.discard(), rig.clock::get);
        List<Input> in = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            // payments-worker throttles (catalog: lambda-throttles-raise-concurrency, medium and above), and its
            // errors, which only notify at critical (lambda-errors-tell-the-channel): not matched at high.
            in.add(IncidentRig.signal(Anomalies.lambda("payments-worker", "Throttles", minute(m), "high")));
            in.add(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(m), "high")));
        }
        p.processInputs(in, new ArrayList<>());

        List<ExecutionListItem> runs = executions();
        assertThat(runs).extracting(ExecutionListItem::name).containsExactly(
                RemediationStarter.executionName(rig.incidents().get(0).id, "lambda-throttles-raise-concurrency"));
    }
}
