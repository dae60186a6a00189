package dev.vigil.remediation;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.cloudwatch.CloudWatchMetricReader;
import dev.vigil.aws.dynamo.DynamoApprovalStore;
import dev.vigil.aws.dynamo.DynamoAuditLog;
import dev.vigil.aws.remediation.AwsExecutors;
import dev.vigil.aws.secrets.SlackCredentials;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.config.Env;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.ApprovalStore;
import dev.vigil.core.remediation.AuditLog;
import dev.vigil.core.remediation.MetricReader;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.slack.SlackChat;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the remediation handlers need, built once per container. Each of the three functions builds only its
 * own part, which is also all its IAM role allows: planning reads resources and metrics; acting changes resources
 * (and is the only one that can); notifying holds the Slack secret and the Approvals table. Unused parts are null.
 *
 * <p>Environment: {@code AUDIT_TABLE} (all), {@code APPROVALS_TABLE}, {@code SLACK_SECRET_ARN},
 * {@code SLACK_CHANNEL} (notify), {@code SLACK_API_BASE_URL} (tests).
 */
public record Wiring(RunbookCatalog catalog, Map<ActionType, ActionExecutor> executors, AuditLog audit,
                     ApprovalStore approvals, SlackChat slack, MetricReader metrics, Clock clock, StructuredLog log,
                     String defaultChannel) {

    /** The workflow's Slack client: a few quick retries, then SlackUnavailableException (the workflow fails safe). */
    static SlackChat slackFrom(Env env) {
        String secretArn = env.require("SLACK_SECRET_ARN");
        Supplier<String> token = new Supplier<>() {
            private volatile String cached;

            @Override
            public String get() {
                if (cached == null) {
                    cached = SlackCredentials.load(AwsClients.secretsManager(), secretArn).botToken();
                }
                return cached;
            }
        };
        URI base = URI.create(env.optional("SLACK_API_BASE_URL", SlackWebApi.defaultBaseUrl().toString()));
        return new SlackWebApi(base, token, new Backoff(250, 4_000, 5, Thread::sleep), 5_000);
    }

    public static Wiring planning() {
        Env env = Env.system();
        return new Wiring(RunbookCatalog.fromClasspath(),
                AwsExecutors.of(AwsClients.lambda(), AwsClients.ecs(), AwsClients.autoScaling(), AwsClients.ssm()),
                new DynamoAuditLog(AwsClients.dynamoDb(), env.require("AUDIT_TABLE")), null, null,
                new CloudWatchMetricReader(AwsClients.cloudWatch()), Clock.systemUTC(),
                new StructuredLog(System.out, "remediation-plan"), null);
    }

    public static Wiring acting() {
        Env env = Env.system();
        return new Wiring(RunbookCatalog.fromClasspath(),
                AwsExecutors.of(AwsClients.lambda(), AwsClients.ecs(), AwsClients.autoScaling(), AwsClients.ssm()),
                new DynamoAuditLog(AwsClients.dynamoDb(), env.require("AUDIT_TABLE")), null, null, null,
                Clock.systemUTC(), new StructuredLog(System.out, "remediation-act"), null);
    }

    public static Wiring notifying() {
        Env env = Env.system();
        return new Wiring(RunbookCatalog.fromClasspath(), Map.of(),
                new DynamoAuditLog(AwsClients.dynamoDb(), env.require("AUDIT_TABLE")),
                new DynamoApprovalStore(AwsClients.dynamoDb(), env.require("APPROVALS_TABLE")), slackFrom(env), null,
                Clock.systemUTC(), new StructuredLog(System.out, "remediation-notify"), env.require("SLACK_CHANNEL"));
    }
}
