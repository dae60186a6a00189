package dev.vigil.costreport;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.events.EventBridgeCostAnomalyPublisher;
import dev.vigil.aws.s3.S3ReportWriter;
import dev.vigil.aws.secrets.SlackCredentials;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.config.Env;
import dev.vigil.core.cost.store.CostAnomalyPublisher;
import dev.vigil.core.cost.store.CostPipeline;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.cost.store.CostStore;
import dev.vigil.core.cost.store.ReportSink;
import dev.vigil.core.log.StructuredLog;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Everything the cost-report handler needs, built once per container.
 *
 * <p>Environment: {@code COST_TABLE}, {@code REPORTS_BUCKET}, {@code EVENT_BUS_NAME} (required);
 * {@code COST_DIGEST_CHANNEL} and {@code SLACK_SECRET_ID} (both, or neither: then no Slack digest, only the
 * reports in S3); and the detection knobs of {@link CostSettings}. The bot token is fetched on first use only.
 *
 * @param slack null when the digest is not configured
 */
public record Wiring(CostPipeline pipeline, CostStore store, SlackWebApi slack, String channel, ReportSink reports,
                     StructuredLog log, Supplier<Instant> clock) {

    public static Wiring fromEnvironment() {
        Env env = Env.system();
        String table = env.require("COST_TABLE");
        String reports = env.require("REPORTS_BUCKET");
        String bus = env.require("EVENT_BUS_NAME");
        String channel = env.optional("COST_DIGEST_CHANNEL", null);
        String secret = env.optional("SLACK_SECRET_ID", null);
        if ((channel == null) != (secret == null)) {
            throw new IllegalStateException("set both COST_DIGEST_CHANNEL and SLACK_SECRET_ID for the Slack digest, "
                    + "or neither (missing: " + (channel == null ? "COST_DIGEST_CHANNEL" : "SLACK_SECRET_ID") + ")");
        }
        StructuredLog log = new StructuredLog(System.out, "cost-report");
        CostStore store = new DynamoCostStore(AwsClients.dynamoDb(), table, Backoff.standard(), new CapacityMeter(),
                Instant::now);
        CostAnomalyPublisher publisher = new EventBridgeCostAnomalyPublisher(AwsClients.eventBridge(), bus,
                Backoff.standard());
        SlackWebApi slack = null;
        if (secret != null) {
            var sm = AwsClients.secretsManager();
            Supplier<String> token = SlackCredentials.botTokenOnFirstUse(sm, secret);
            slack = new SlackWebApi(SlackWebApi.defaultBaseUrl(), token, Backoff.standard(), 10_000);
        }
        return of(store, publisher, new S3ReportWriter(AwsClients.s3(), reports), CostSettings.from(env), slack,
                channel, log, Instant::now);
    }

    public static Wiring of(CostStore store, CostAnomalyPublisher publisher, ReportSink reports,
                            CostSettings settings, SlackWebApi slack, String channel, StructuredLog log,
                            Supplier<Instant> clock) {
        return new Wiring(new CostPipeline(store, publisher, reports, settings, log, clock), store, slack, channel,
                reports, log, clock);
    }
}
