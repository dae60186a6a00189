package dev.vigil.it.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.slack.SlackUnavailableException;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.report.SlackDigest;
import dev.vigil.core.cost.store.CostPipeline;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.cost.detect.ExpectedMark;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.costreport.CostReportHandler;
import dev.vigil.costreport.Wiring;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled cost-report function: CostDaily on DynamoDB Local (seeded with the demo export), the Slack Web API
 * served by WireMock. The weekly digest lists the week's anomalies with a Mark expected button, is posted once, and
 * a click on the button suppresses the anomaly afterwards.
 */
class CostDigestTest {

    static LocalDynamo dynamo;
    static WireMockServer slack;
    static final AtomicInteger TABLES = new AtomicInteger();
    static final Instant NOW = Instant.parse("2024-09-30T09:00:00Z");   // Monday after the 09-25 spike
    DynamoCostStore store;
    Map<String, Map<String, byte[]>> reports;

    @BeforeAll
    static void start() {
        dynamo = LocalDynamo.start();
        slack = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        slack.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        slack.stop();
    }

    @BeforeEach
    void seed() throws IOException {
        slack.resetAll();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}")));
        String table = "cost-digest-" + TABLES.incrementAndGet();
        CostDailyTable.createIfMissing(dynamo.client(), table);
        store = new DynamoCostStore(dynamo.client(), table, new Backoff(1, 5, 8, ms -> { }, 1), new CapacityMeter(),
                () -> NOW);
        CostPipeline seeder = new CostPipeline(store, (e, a, c) -> java.util.Set.of(), null, CostSettings.defaults(),
                StructuredLog.discard(), () -> NOW);
        for (DemoExport.Delivery d : DemoExport.readLocally(CostAggregator.Options.defaults())) {
            seeder.ingest(d.manifest(), 1_000, d.aggregate());
        }
        reports = new HashMap<>();
    }

    CostReportHandler handler(int slackAttempts) {
        SlackWebApi api = new SlackWebApi(URI.create(slack.baseUrl() + "/api/"), () -> "xoxb-test",
                new Backoff(1, 5, slackAttempts, ms -> { }, 1), 2_000);
        return new CostReportHandler(Wiring.of(store, (e, a, c) -> java.util.Set.of(), (prefix, files) -> {
            reports.put(prefix, files);
            return "s3://reports/" + prefix + "report.html";
        }, CostSettings.defaults(), api, "C-FINOPS", StructuredLog.discard(), () -> NOW));
    }

    @Test
    void theWeeklyDigestListsTheWeeksAnomaliesWithAMarkExpectedButton_andIsPostedOnce() {
        String out = new String(handler(3).handleBytes("{\"digest\":\"weekly\"}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(out).contains("\"slack\":\"posted 1.2\"");
        slack.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer xoxb-test"))
                .withRequestBody(containing("\"channel\":\"C-FINOPS\""))
                .withRequestBody(containing(SlackDigest.MARK_EXPECTED_ACTION))
                .withRequestBody(containing("cost:2024-09-25:service:222222222222:AmazonDynamoDB")));
        assertThat(reports.keySet()).anyMatch(k -> k.contains("/weekly/2024-09-30"))
                .anyMatch(k -> k.endsWith("/latest"));

        // the schedule fires twice (a retry, a duplicate): the digest is not posted again
        String again = new String(handler(3).handleBytes("{\"digest\":\"weekly\"}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(again).contains("already posted");
        slack.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage")));
    }

    @Test
    void aClickOnMarkExpectedSuppressesTheAnomalyInTheNextDigest() {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U42\"},\"actions\":[{\"action_id\":\""
                + SlackDigest.MARK_EXPECTED_ACTION + "\",\"value\":\"cost:2024-09-25:service:222222222222:AmazonDynamoDB\"}]}";
        SlackDigest.MarkExpected click = SlackDigest.parseMarkExpected(payload);
        store.addMark(ExpectedMark.of(click.anomalyId(), Double.NaN, click.userId(), "slack"));

        handler(3).handleBytes("{\"digest\":\"weekly\"}".getBytes(StandardCharsets.UTF_8));
        slack.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining(
                        "cost:2024-09-25:service:222222222222:AmazonDynamoDB")));
    }

    @Test
    void whenSlackIsDown_theDigestClaimIsReleased_soTheRetryPostsIt() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> handler(2).handleBytes("{\"digest\":\"daily\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SlackUnavailableException.class);
        assertThat(store.claimPublication("b", "x")).isTrue();
        slack.resetAll();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"ts\":\"9.9\"}")));
        String out = new String(handler(2).handleBytes("{\"digest\":\"daily\"}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(out).contains("posted 9.9");
    }
}
