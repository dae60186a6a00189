package dev.vigil.incident;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.DynamoIncidentStore;
import dev.vigil.aws.secrets.SlackCredentials;
import dev.vigil.aws.sfn.StepFunctionsRemediationStarter;
import dev.vigil.aws.slack.SlackIncidentNotifier;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.config.Env;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.IncidentEngine;
import dev.vigil.core.incident.IncidentNotifier;
import dev.vigil.core.incident.IncidentProcessor;
import dev.vigil.core.incident.IncidentStore;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.scorecard.Emf;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the incident handler needs, built once per container.
 *
 * <p>Environment: {@code INCIDENT_TABLE} (required); {@code INCIDENT_CONFIG} (path of the YAML config, default
 * {@code /var/task/config/vigil.yaml}: the file the build copies next to the jar); {@code SLACK_SECRET_ARN} (the
 * Slack secret; without it messages are only logged); {@code REMEDIATION_STATE_MACHINE_ARN} (without it no
 * remediation is started); {@code SLACK_API_URL} (tests).
 */
public record Wiring(IncidentProcessor processor, IncidentStore store, IncidentConfig config) {

    public static final String DEFAULT_CONFIG = "/var/task/config/vigil.yaml";

    public static Wiring fromEnvironment() {
        Env env = Env.system();
        String table = env.require("INCIDENT_TABLE");
        Path configPath = Path.of(env.optional("INCIDENT_CONFIG", DEFAULT_CONFIG));
        IncidentConfig config = IncidentConfig.load(configPath);
        StructuredLog log = new StructuredLog(System.out, "incident");
        String secretArn = env.optional("SLACK_SECRET_ARN", null);
        IncidentNotifier notifier;
        if (secretArn == null) {
            notifier = logOnly(log);
        } else {
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
            java.net.URI base = java.net.URI.create(env.optional("SLACK_API_URL", SlackWebApi.defaultBaseUrl().toString()));
            notifier = new SlackIncidentNotifier(new SlackWebApi(base, token, Backoff.standard(), 5000));
        }
        String sm = env.optional("REMEDIATION_STATE_MACHINE_ARN", null);
        RemediationStarter starter = sm == null ? (name, input) -> {
            throw new IllegalStateException("REMEDIATION_STATE_MACHINE_ARN is not set");
        } : new StepFunctionsRemediationStarter(AwsClients.stepFunctions(), sm, Backoff.standard());
        IncidentStore store = new DynamoIncidentStore(AwsClients.dynamoDb(), table, Backoff.standard());
        // The remediation side's runbook policies (infra/runbooks/catalog.yaml, bundled in the jar), only when there
        // is a workflow to start.
        RunbookPolicies policies = sm == null ? RunbookPolicies.none() : catalogPolicies(RunbookCatalog.fromClasspath());
        return of(config, store, notifier, starter, policies, log, System::currentTimeMillis);
    }

    public static Wiring of(IncidentConfig config, IncidentStore store, IncidentNotifier notifier,
                            RemediationStarter starter, RunbookPolicies policies, StructuredLog log,
                            java.util.function.LongSupplier clock) {
        Emf emf = new Emf(System.out, "vigil");
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(config, policies), store, notifier, starter,
                emf::emit, log, clock);
        return new Wiring(p, store, config);
    }

    /** The runbook catalog as the incident engine's policy seam: the first runbook whose pattern matches. */
    public static RunbookPolicies catalogPolicies(RunbookCatalog catalog) {
        return anomaly -> catalog.match(anomaly).map(rb -> java.util.List.of(rb.id())).orElse(java.util.List.of());
    }

    /** Without Slack credentials: the message is logged, and counts as delivered. */
    static IncidentNotifier logOnly(StructuredLog log) {
        return new IncidentNotifier() {
            @Override
            public Ref post(String channel, String text, String blocksJson) {
                log.info("incident message (no Slack configured)", Map.of("channel", channel, "text", text));
                return new Ref(channel, "log-" + System.nanoTime());
            }

            @Override
            public void update(Ref ref, String text, String blocksJson) {
                log.info("incident message update (no Slack configured)", Map.of("channel", ref.channel(),
                        "text", text));
            }
        };
    }
}
