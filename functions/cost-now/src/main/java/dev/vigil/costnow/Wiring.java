package dev.vigil.costnow;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.cloudwatch.CloudWatchEstimatedCharges;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.dynamo.DynamoLedgerStore;
import dev.vigil.aws.events.EventBridgeProvisionalPublisher;
import dev.vigil.aws.pricing.DynamoPriceCache;
import dev.vigil.aws.pricing.PriceListApiPriceBook;
import dev.vigil.aws.secrets.SlackCredentials;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.config.Env;
import dev.vigil.core.cost.now.PriceBook;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.cost.store.CostStore;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.scorecard.Emf;
import dev.vigil.core.slack.SlackChat;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Everything the cost-now handler needs, built once per container.
 *
 * <p>Environment: {@code COST_NOW_TABLE} (price cache and ledgers), {@code COST_TABLE} (CostDaily: expected daily
 * cost and reconciliation), {@code EVENT_BUS_NAME} (required); {@code PRICE_CACHE_DAYS} (7); the export detector's
 * threshold variables of {@link CostSettings} ({@code COST_ABS_THRESHOLD}, {@code COST_PCT_THRESHOLD},
 * {@code COST_THRESHOLDS}); {@code COST_NOW_SLACK_CHANNEL} with {@code SLACK_SECRET_ID}, both or neither.
 */
public record Wiring(DynamoLedgerStore ledgers, PriceBook prices, CostStore costs, EventBridgeProvisionalPublisher publisher,
                     CostSettings settings, SlackChat slack, String channel, CloudWatchEstimatedCharges charges,
                     String account, Emf emf, StructuredLog log, Supplier<Instant> clock) {

    public static Wiring fromEnvironment() {
        Env env = Env.system();
        String table = env.require("COST_NOW_TABLE");
        String costTable = env.require("COST_TABLE");
        String bus = env.require("EVENT_BUS_NAME");
        String channel = env.optional("COST_NOW_SLACK_CHANNEL", null);
        String secret = env.optional("SLACK_SECRET_ID", null);
        if ((channel == null) != (secret == null)) {
            throw new IllegalStateException("set both COST_NOW_SLACK_CHANNEL and SLACK_SECRET_ID for Slack messages, "
                    + "or neither (missing: " + (channel == null ? "COST_NOW_SLACK_CHANNEL" : "SLACK_SECRET_ID") + ")");
        }
        boolean poll = !"off".equals(env.optional("ESTIMATED_CHARGES", "poll"));
        String account = poll ? env.require("ACCOUNT_ID") : null;
        var ddb = AwsClients.dynamoDb();
        PriceBook prices = new DynamoPriceCache(ddb, table, new PriceListApiPriceBook(AwsClients.pricing()),
                Duration.ofDays(env.optionalInt("PRICE_CACHE_DAYS", 7)), Instant::now);
        SlackChat slack = null;
        if (secret != null) {
            var sm = AwsClients.secretsManager();
            Supplier<String> token = SlackCredentials.botTokenOnFirstUse(sm, secret);
            slack = new SlackWebApi(SlackWebApi.defaultBaseUrl(), token, Backoff.standard(), 10_000);
        }
        return new Wiring(new DynamoLedgerStore(ddb, table), prices,
                new DynamoCostStore(ddb, costTable, Backoff.standard(), new CapacityMeter(), Instant::now),
                new EventBridgeProvisionalPublisher(AwsClients.eventBridge(), bus, Backoff.standard()),
                CostSettings.from(env), slack, channel,
                poll ? new CloudWatchEstimatedCharges(AwsClients.billingCloudWatch()) : null, account,
                new Emf(System.out, "vigil"), new StructuredLog(System.out, "cost-now"), Instant::now);
    }
}
