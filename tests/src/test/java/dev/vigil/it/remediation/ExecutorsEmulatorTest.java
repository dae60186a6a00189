package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.remediation.AsgDesiredCapacityExecutor;
import dev.vigil.aws.remediation.EcsDesiredCountExecutor;
import dev.vigil.aws.remediation.LambdaAliasRollbackExecutor;
import dev.vigil.aws.remediation.LambdaConcurrencyExecutor;
import dev.vigil.aws.remediation.SsmAutomationExecutor;
import dev.vigil.aws.sfn.StepFunctionsStarter;
import dev.vigil.aws.Backoff;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.GuardrailVerdict;
import dev.vigil.core.remediation.Guardrails;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.PlanResult;
import dev.vigil.core.remediation.Planner;
import dev.vigil.core.remediation.ResourceState;
import dev.vigil.core.remediation.Runbook;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.remediation.Target;
import dev.vigil.core.remediation.Violation;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.it.support.AwsEmulator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Every executor against the AWS emulator (LocalStack with Docker, else moto_server): each action applies, is held
 * to its limits by the guardrails on the state the executor really read, and undoes itself. SSM Automation's start
 * and stop are not implemented by moto 5.2.1 (only documents are): that part is covered by SsmAutomationWireMockTest
 * on the SSM wire protocol, and here only the document read runs against the emulator.
 */
@ExtendWith(AwsEmulator.class)
class ExecutorsEmulatorTest {

    static final Instant T = Instant.parse("2024-05-01T10:15:00Z");
    static final String ACCOUNT = "123456789012";
    static LambdaClient lambda;
    static EcsClient ecs;
    static AutoScalingClient asg;
    static SsmClient ssm;
    static SfnClient sfn;
    static String role;
    static final RunbookCatalog CATALOG = RunbookCatalog.fromClasspath();

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B b) {
        return b.endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @BeforeAll
    static void clients() {
        lambda = client(LambdaClient.builder());
        ecs = client(EcsClient.builder());
        asg = client(AutoScalingClient.builder());
        ssm = client(SsmClient.builder());
        sfn = client(SfnClient.builder());
        try (IamClient iam = client(IamClient.builder())) {
            role = iam.createRole(b -> b.roleName("vigil-test-" + System.nanoTime()).assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        }
    }

    static SdkBytes zip() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("index.py"));
            z.write("def handler(e, c):\n    return e\n".getBytes());
        }
        return SdkBytes.fromByteArray(b.toByteArray());
    }

    static String function(String name, Map<String, String> tags) throws Exception {
        SdkBytes code = zip();
        return lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(role)
                .handler("index.handler").code(c -> c.zipFile(code)).tags(tags)).functionArn();
    }

    static Plan plan(String runbookId, AnomalyEvent a, Runbook rb, ResourceState read) {
        Runbook r = rb != null ? rb : CATALOG.runbook(runbookId).orElseThrow();
        PlanResult p = Planner.plan("exec-" + System.nanoTime(), a.id(), a, r, CATALOG.action(r.actionId()), read,
                List.of(), T);
        return ((PlanResult.Planned) p).plan();
    }

    static GuardrailVerdict check(Plan p, ResourceState now) {
        return Guardrails.evaluate(p, CATALOG.action(p.actionId()), now, List.of(), T);
    }

    @Test
    void lambdaReservedConcurrency_appliesWithinItsLimits_andUndoesToUnreserved() throws Exception {
        String arn = function("thumbnailer-" + System.nanoTime(), Map.of("vigil:remediation", "enabled"));
        ActionExecutor ex = new LambdaConcurrencyExecutor(lambda);
        ResourceState unset = ex.read(arn);
        assertThat(unset.value("reservedConcurrency")).isEqualTo(ResourceState.NONE);
        assertThat(unset.tags()).containsEntry("vigil:remediation", "enabled");
        lambda.putFunctionConcurrency(b -> b.functionName(arn).reservedConcurrentExecutions(10));
        ResourceState before = ex.read(arn);

        Runbook rb = CATALOG.runbook("lambda-throttles-raise-concurrency").orElseThrow();
        Runbook onThis = new Runbook(rb.id(), rb.description(), rb.match(), rb.actionId(), arn, rb.target(),
                rb.parameters(), rb.mode(), rb.approvalWindowSeconds(), rb.approvalMaxSeconds(),
                rb.verifyAfterSeconds(), rb.verifyLookbackMinutes(), null);
        Plan p = plan(null, Samples.throttles(T), onThis, before);
        assertThat(check(p, ex.read(arn)).allowed()).isTrue();
        assertThat(ex.apply(p, p.planId()).value("reservedConcurrency")).isEqualTo("15");
        assertThat(ex.read(arn).value("reservedConcurrency")).isEqualTo("15");

        // x4 would be +300%: the guardrails refuse it on the state the executor reads
        Runbook x4 = new Runbook("x4", "x4", rb.match(), rb.actionId(), arn, new Target(Target.Kind.SCALE, 4),
                Map.of(), rb.mode(), 1800, 7200, 300, 5, null);
        Plan big = plan(null, Samples.throttles(T), x4, ex.read(arn));
        assertThat(check(big, ex.read(arn)).violations()).extracting(Violation::code)
                .contains("relative-change");

        assertThat(ex.undo(p, before, null, p.planId()).value("reservedConcurrency")).isEqualTo("10");
        assertThat(ex.undo(p, unset, null, p.planId()).value("reservedConcurrency")).isEqualTo(ResourceState.NONE);
    }

    @Test
    void lambdaAliasRollback_pointsThePreviousVersion_andUndoesToTheCapturedOne() throws Exception {
        String name = "checkout-api-" + System.nanoTime();
        String fn = function(name, Map.of("vigil:remediation", "enabled"));
        String v1 = lambda.publishVersion(b -> b.functionName(name).description("v1")).version();
        SdkBytes code = zip();
        lambda.updateFunctionCode(b -> b.functionName(name).zipFile(code));
        String v2 = lambda.publishVersion(b -> b.functionName(name).description("v2")).version();
        lambda.createAlias(b -> b.functionName(name).name("live").functionVersion(v2));
        String aliasArn = fn + ":live";
        ActionExecutor ex = new LambdaAliasRollbackExecutor(lambda);
        ResourceState before = ex.read(aliasArn);
        assertThat(before.value("functionVersion")).isEqualTo(v2);
        assertThat(before.value("previousVersion")).isEqualTo(v1);

        Runbook rb = CATALOG.runbook("checkout-latency-rollback").orElseThrow();
        Runbook onThis = new Runbook(rb.id(), rb.description(), rb.match(), rb.actionId(), aliasArn, null, Map.of(),
                rb.mode(), rb.approvalWindowSeconds(), rb.approvalMaxSeconds(), rb.verifyAfterSeconds(),
                rb.verifyLookbackMinutes(), null);
        Plan p = plan(null, Samples.checkoutDuration(T), onThis, before);
        assertThat(check(p, ex.read(aliasArn)).allowed()).isTrue();
        assertThat(ex.apply(p, p.planId()).value("functionVersion")).isEqualTo(v1);
        // applying again changes nothing more (an absolute target, not "one back from wherever it is")
        assertThat(ex.apply(p, p.planId()).value("functionVersion")).isEqualTo(v1);
        // the alias now moved: a plan made before is refused as drift
        assertThat(check(p, ex.read(aliasArn)).violations()).extracting(Violation::code).contains("state-drift");
        assertThat(ex.undo(p, before, null, p.planId()).value("functionVersion")).isEqualTo(v2);
    }

    @Test
    void ecsDesiredCount_appliesWithinItsLimits_andUndoes() {
        String cluster = "orders";
        ecs.createCluster(b -> b.clusterName(cluster));
        ecs.registerTaskDefinition(b -> b.family("orders-api").containerDefinitions(c -> c.name("app")
                .image("public.ecr.aws/nginx/nginx:latest").memory(256)));
        String serviceName = "orders-api-" + System.nanoTime();
        String arn = ecs.createService(b -> b.cluster(cluster).serviceName(serviceName).taskDefinition("orders-api")
                .desiredCount(3)).service().serviceArn();
        ecs.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("vigil:remediation").value("enabled")));
        ActionExecutor ex = new EcsDesiredCountExecutor(ecs);
        ResourceState before = ex.read(arn);
        assertThat(before.value("desiredCount")).isEqualTo("3");

        Runbook rb = CATALOG.runbook("orders-alb-latency-scale-out").orElseThrow();
        Runbook onThis = new Runbook(rb.id(), rb.description(), rb.match(), rb.actionId(), arn, rb.target(), Map.of(),
                rb.mode(), 1800, 7200, 300, 5, null);
        Plan p = plan(null, Samples.ordersLatency(T), onThis, before);
        assertThat(check(p, ex.read(arn)).allowed()).isTrue();
        assertThat(ex.apply(p, p.planId()).value("desiredCount")).isEqualTo("6");
        assertThat(ecs.describeServices(b -> b.cluster(cluster).services(arn)).services().get(0).desiredCount())
                .isEqualTo(6);
        Runbook tooFar = new Runbook("far", "far", rb.match(), rb.actionId(), arn, new Target(Target.Kind.SET, 25),
                Map.of(), rb.mode(), 1800, 7200, 300, 5, null);
        Plan far = plan(null, Samples.ordersLatency(T), tooFar, ex.read(arn));
        assertThat(check(far, ex.read(arn)).violations()).extracting(Violation::code)
                .contains("absolute-bounds", "relative-change");
        assertThat(ex.undo(p, before, null, p.planId()).value("desiredCount")).isEqualTo("3");
    }

    @Test
    void asgDesiredCapacity_appliesWithinTheGroupsOwnBounds_andUndoes() {
        String name = "web-" + System.nanoTime();
        asg.createLaunchConfiguration(b -> b.launchConfigurationName(name).imageId("ami-12c6146b")
                .instanceType("t3.micro"));
        asg.createAutoScalingGroup(b -> b.autoScalingGroupName(name).launchConfigurationName(name).minSize(2)
                .maxSize(5).desiredCapacity(4).availabilityZones("us-east-1a")
                .tags(t -> t.key("vigil:remediation").value("enabled").propagateAtLaunch(false)
                        .resourceId(name).resourceType("auto-scaling-group")));
        String arn = "arn:aws:autoscaling:us-east-1:" + ACCOUNT + ":autoScalingGroup:00000000-0000-0000-0000-000000000000"
                + ":autoScalingGroupName/" + name;
        ActionExecutor ex = new AsgDesiredCapacityExecutor(asg);
        ResourceState before = ex.read(arn);
        assertThat(before.values()).containsEntry("desiredCapacity", "4").containsEntry("maxSize", "5");
        assertThat(before.tags()).containsEntry("vigil:remediation", "enabled");

        Runbook rb = CATALOG.runbook("web-cpu-scale-out").orElseThrow();
        // x1.5 of 4 = 6: above the group's own max (5) — refused before anything is asked of Auto Scaling
        Runbook onThis = new Runbook(rb.id(), rb.description(), rb.match(), rb.actionId(), arn, rb.target(), Map.of(),
                rb.mode(), 1800, 7200, 300, 5, null);
        Plan p = plan(null, Samples.anomaly("AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", name), T,
                95, 40, 30, 55, "high", "level_shift", "Percent", "average"), onThis, before);
        assertThat(check(p, ex.read(arn)).violations()).extracting(Violation::code).containsExactly("group-bounds");
        Runbook plusOne = new Runbook("p1", "p1", rb.match(), rb.actionId(), arn, new Target(Target.Kind.ADD, 1),
                Map.of(), rb.mode(), 1800, 7200, 300, 5, null);
        Plan ok = plan(null, Samples.anomaly("AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", name), T,
                95, 40, 30, 55, "high", "level_shift", "Percent", "average"), plusOne, before);
        assertThat(check(ok, ex.read(arn)).allowed()).isTrue();
        assertThat(ex.apply(ok, ok.planId()).value("desiredCapacity")).isEqualTo("5");
        assertThat(ex.undo(ok, before, null, ok.planId()).value("desiredCapacity")).isEqualTo("4");
    }

    @Test
    void ssmAutomation_readsItsDocumentFromTheEmulator() {
        String doc = "Vigil-RestartConsumers-" + System.nanoTime();
        ssm.createDocument(b -> b.name(doc).documentType("Automation").documentFormat("JSON").content(
                "{\"schemaVersion\":\"0.3\",\"parameters\":{\"QueueName\":{\"type\":\"String\"}},"
                        + "\"mainSteps\":[{\"name\":\"sleep\",\"action\":\"aws:sleep\",\"inputs\":{\"Duration\":\"PT1S\"}}]}"));
        ResourceState s = new SsmAutomationExecutor(ssm).read("arn:aws:ssm:us-east-1:" + ACCOUNT
                + ":automation-definition/" + doc + ":$DEFAULT");
        assertThat(s.values()).containsEntry("documentName", doc);
    }

    @Test
    void startingTheSameExecutionNameTwice_startsOneExecution() {
        String smArn = sfn.createStateMachine(b -> b.name("vigil-remediation-" + System.nanoTime())
                .roleArn(role.replace("role/", "role/")).definition(
                        "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}"))
                .stateMachineArn();
        StepFunctionsStarter starter = new StepFunctionsStarter(sfn, smArn, new Backoff(1, 2, 2, ms -> { }, 1));
        String name = dev.vigil.core.incident.RemediationStarter.executionName(Samples.ordersLatency(T).id(),
                "orders-alb-latency-scale-out");
        starter.start(name, "{\"a\":1}");
        starter.start(name, "{\"a\":1}");
        assertThat(starter.start(name, "{\"a\":2}")).isEqualTo(StepFunctionsStarter.Started.ALREADY_STARTED);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(smArn)).executions()).hasSize(1);
    }

    static URI endpoint() {
        return AwsEmulator.endpoint();
    }
}
