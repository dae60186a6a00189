package dev.vigil.costnow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.cloudwatch.CloudWatchEstimatedCharges;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.dynamo.DynamoLedgerStore;
import dev.vigil.aws.dynamo.LocalTables;
import dev.vigil.aws.events.EventBridgeProvisionalPublisher;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.cost.now.EstimatedCharges;
import dev.vigil.core.cost.now.SavedPriceBook;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.slack.fakes.RecordingSlack;
import dev.vigil.it.support.AwsEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The scheduled EstimatedCharges poll against the AWS emulator's CloudWatch (PutMetricData of month-to-date
 * values, then the adapter's ListMetrics + GetMetricData), through the handler's hourly run into a provisional
 * anomaly from {@code estimated-charges}.
 */
@ExtendWith(AwsEmulator.class)
class EstimatedChargesPollIT {

    static LocalDynamo dynamo;
    static final String ACCT = "123456789012";

    @BeforeAll
    static void start() {
        dynamo = LocalDynamo.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    static CloudWatchClient cloudWatch() {
        return CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(AwsEmulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @Test
    void aRiseInEc2sEstimatedCharges_isAProvisionalAnomalyFromTheHourlyPoll() {
        Instant now = Instant.parse("2026-11-16T20:30:00Z");
        CloudWatchClient cw = cloudWatch();
        // 6-hourly month-to-date updates from the 2nd: EC2 at ~$16/h, then +$262/h from the 14:00 update on the 16th
        Random r = new Random(11);
        double mtd = 16 * 24;   // the 1st
        List<MetricDatum> data = new ArrayList<>();
        for (Instant t = Instant.parse("2026-11-02T02:00:00Z"); t.isBefore(now); t = t.plus(Duration.ofHours(6))) {
            double rate = 16 * (1 + (r.nextDouble() - 0.5) * 0.1) + (t.isBefore(Instant.parse("2026-11-16T14:00:00Z"))
                    ? 0 : 262.18);
            mtd += rate * 6;
            data.add(MetricDatum.builder().metricName("EstimatedCharges").timestamp(t).value(mtd)
                    .unit(StandardUnit.NONE).dimensions(d -> d.name("ServiceName").value("AmazonEC2"),
                            d -> d.name("Currency").value("USD")).build());
        }
        for (int i = 0; i < data.size(); i += 20) {
            List<MetricDatum> chunk = data.subList(i, Math.min(data.size(), i + 20));
            cw.putMetricData(b -> b.namespace("AWS/Billing").metricData(chunk));
        }
        List<EstimatedCharges.Point> points = new CloudWatchEstimatedCharges(cw).poll(ACCT,
                now.minus(Duration.ofDays(14)), now);
        assertThat(points).hasSizeGreaterThan(40).allMatch(p -> p.service().equals("AmazonEC2"));

        String table = "vigil-cost-now-poll";
        LocalTables.createIfMissing(dynamo.client(), table, "pk", null);
        CostDailyTable.createIfMissing(dynamo.client(), "cost-daily-poll");
        CostNowHandlerIT.Bus bus = new CostNowHandlerIT.Bus();
        RecordingSlack slack = new RecordingSlack();
        AtomicReference<Instant> clock = new AtomicReference<>(now);
        Wiring w = new Wiring(new DynamoLedgerStore(dynamo.client(), table),
                SavedPriceBook.fromDirectory(CostNowHandlerIT.prices()),
                new DynamoCostStore(dynamo.client(), "cost-daily-poll", Backoff.standard(), new CapacityMeter(),
                        clock::get),
                new EventBridgeProvisionalPublisher(bus, "vigil", new Backoff(1, 5, 3, ms -> { }, 1)),
                CostSettings.defaults(), slack, "C0FINOPS", new CloudWatchEstimatedCharges(cw), ACCT, null,
                new StructuredLog(new PrintStream(new ByteArrayOutputStream()), "cost-now"), clock::get);
        Map<String, Object> out = new CostNowHandler(w).handleRequest(Map.of("detail-type", "Scheduled Event"), null);
        assertThat(out).containsEntry("estimatedCharges", 1);
        Map<String, Object> d = JsonTree.object(bus.entries.get(0).detail());
        assertThat(d).containsEntry("source", "estimated-charges").containsEntry("service", "AmazonEC2")
                .containsEntry("detectedAt", "2026-11-16T14:00:00Z").containsEntry("provisional", true);
        assertThat((Double) d.get("estimatedHourlyCost")).isCloseTo(262.18, within(262.18 * 0.1));
        assertThat(slack.of("post")).hasSize(1);
        // the next hour finds the same anomaly: nothing new is sent
        clock.set(now.plus(Duration.ofHours(1)));
        assertThat(new CostNowHandler(w).handleRequest(Map.of("detail-type", "Scheduled Event"), null))
                .containsEntry("estimatedCharges", 0);
        assertThat(bus.entries).hasSize(1);
    }
}
