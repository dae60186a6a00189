package dev.vigil.slackapproval;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.DynamoApprovalStore;
import dev.vigil.aws.dynamo.DynamoAuditLog;
import dev.vigil.aws.secrets.SlackCredentials;
import dev.vigil.aws.sfn.StepFunctionsCallbacks;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.config.Env;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.ApprovalStore;
import dev.vigil.core.remediation.AuditLog;
import dev.vigil.core.remediation.StepCallbacks;
import dev.vigil.core.slack.SlackChat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the slack-approval function needs, built once per container. The Slack secret is fetched on first use (after
 * a SnapStart restore, never into the snapshot) and kept in memory only.
 *
 * <p>Environment: {@code APPROVALS_TABLE} (approvals and the replay guard), {@code SLACK_SECRET_ARN} (required);
 * {@code AUDIT_TABLE}, set only when remediation is enabled (without it, the endpoint serves incident buttons,
 * {@code /vigil} and cost marks, and there are no approvals to decide); with remediation, {@code APPROVER_USER_IDS}
 * (comma-separated Slack user ids) and/or {@code APPROVER_USERGROUP_ID} (a user group, resolved with
 * usergroups.users.list and cached for five minutes): at least one of them;
 * {@code SLACK_API_BASE_URL} (tests).
 */
public record ApprovalWiring(Supplier<byte[]> signingSecret, ApprovalStore approvals, AuditLog audit,
                             StepCallbacks callbacks, SlackChat slack, Set<String> approverIds, String approverGroup,
                             Clock clock, StructuredLog log) {

    public static ApprovalWiring fromEnvironment() {
        Env env = Env.system();
        String secretArn = env.require("SLACK_SECRET_ARN");
        Supplier<SlackCredentials> creds = memo(() -> SlackCredentials.load(AwsClients.secretsManager(), secretArn));
        Set<String> ids = parseIds(env.optional("APPROVER_USER_IDS", ""));
        String group = env.optional("APPROVER_USERGROUP_ID", null);
        String auditTable = env.optional("AUDIT_TABLE", null);
        boolean remediation = auditTable != null;
        if (remediation && ids.isEmpty() && group == null) {
            throw new IllegalStateException("missing required environment variable APPROVER_USER_IDS (or "
                    + "APPROVER_USERGROUP_ID): nobody could approve");
        }
        URI base = URI.create(env.optional("SLACK_API_BASE_URL", SlackWebApi.defaultBaseUrl().toString()));
        // Slack wants an answer within 3 s: one quick retry at most, short timeouts, and no waiting out a
        // Retry-After longer than a second (issue 10 item 4: it slept up to 30 s in a 10 s function).
        SlackChat slack = new SlackWebApi(base, () -> creds.get().botToken(),
                new Backoff(100, 300, 2, Thread::sleep), 1_000, 1_000);
        return new ApprovalWiring(() -> creds.get().signingSecret().getBytes(StandardCharsets.UTF_8),
                new DynamoApprovalStore(AwsClients.dynamoDb(), env.require("APPROVALS_TABLE")),
                remediation ? new DynamoAuditLog(AwsClients.dynamoDb(), auditTable) : RemediationOff.INSTANCE,
                remediation ? new StepFunctionsCallbacks(AwsClients.stepFunctions(), new Backoff(50, 400, 3,
                        Thread::sleep)) : RemediationOff.INSTANCE,
                slack, ids, group, Clock.systemUTC(), new StructuredLog(System.out, "slack-approval"));
    }

    static Set<String> parseIds(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = s.get();
                        }
                        v = value;
                    }
                }
                return v;
            }
        };
    }
}
