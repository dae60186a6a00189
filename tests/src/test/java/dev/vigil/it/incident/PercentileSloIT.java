package dev.vigil.it.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.aws.dynamo.SloTable;
import dev.vigil.aws.events.EventBridgeSloBurnPublisher;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.config.Env;
import dev.vigil.it.support.AwsEmulator;
import dev.vigil.it.support.Template;
import dev.vigil.metricstream.MetricStreamHandler;
import dev.vigil.metricstream.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A p99 SLO end to end, as deployed: the metric-stream function wired from the environment the template gives it
 * (METRIC_STREAM_FORMAT, SLO_CONFIG, SLO_TABLE, METRIC_STREAM_STATISTICS, METRIC_STREAM_STATISTICS_METRICS),
 * stream records carrying p99 (json lines, and the bundled opentelemetry1.0 sample), error-budget state in DynamoDB
 * Local, vigil.slo-burn events through the real EventBridge publisher to an emulated bus (LocalStack or moto_server),
 * read back from the SQS queue a rule on that bus targets. Without the statistics in the environment, the same config
 * is refused at init.
 */
@ExtendWith(AwsEmulator.class)
class PercentileSloIT {

    static final String SLO_TABLE = "vigil-slo-p99-it";
    static final long T0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    static final String CONFIG = """
            slos:
              - name: checkout-latency
                service: checkout
                objective: 99
                sli:
                  series: {namespace: AWS/Lambda, metric: Duration, dimensions: {FunctionName: checkout-api}}
                  statistic: p99
                  above: 800
              - name: catalog-latency
                objective: 99
                sli:
                  series: {namespace: AWS/Lambda, metric: Duration, dimensions: {FunctionName: catalog-api}}
                  statistic: p99
                  above: 300
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDynamo dynamo = LocalDynamo.start();
    private EventBridgeClient events;
    private SqsClient sqs;
    private String bus;
    private String queueUrl;
    private Path config;

    @BeforeEach
    void setUp(@TempDir Path dir) throws IOException {
        SloTable.createIfMissing(dynamo.client(), SLO_TABLE);
        config = Files.writeString(dir.resolve("vigil.yaml"), CONFIG);
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        events = EventBridgeClient.builder().endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        String suffix = Long.toString(System.nanoTime());
        bus = "vigil-p99-" + suffix;
        events.createEventBus(b -> b.name(bus));
        queueUrl = sqs.createQueue(b -> b.queueName("slo-burns-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        events.putRule(b -> b.name("slo-burns").eventBusName(bus)
                .eventPattern("{\"source\":[\"" + EventBridgeSloBurnPublisher.SOURCE + "\"]}"));
        events.putTargets(b -> b.rule("slo-burns").eventBusName(bus).targets(t -> t.id("q").arn(queueArn)));
    }

    @AfterEach
    void stop() {
        dynamo.close();
    }

    /** The metric-stream function's environment as template.yaml sets it, for these parameter values. */
    private Map<String, String> env(String format, String statistics, String statisticsMetrics) {
        Map<String, String> env = new HashMap<>();
        env.put("BASELINE_TABLE", LocalDynamo.BASELINE_TABLE);
        env.put("EVENT_BUS_NAME", bus);
        env.put("METRIC_STREAM_FORMAT", format);
        env.put("WRITE_CONCURRENCY", "4");
        env.put("SLO_CONFIG", config.toString());
        env.put("SLO_TABLE", SLO_TABLE);
        if (statistics != null) {
            env.put("METRIC_STREAM_STATISTICS", statistics);
            env.put("METRIC_STREAM_STATISTICS_METRICS", statisticsMetrics);
        }
        return env;
    }

    private MetricStreamHandler handler(Map<String, String> env) {
        return new MetricStreamHandler(Wiring.fromEnvironment(Env.of(env), dynamo.client(), events));
    }

    /** The vigil.slo-burn details that reached the queue, for one SLO, in timestamp order. */
    private List<JsonNode> burns(String slo, int atLeast) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message m : got) {
                JsonNode e = JSON.readTree(m.body());
                assertThat(e.get("detail-type").asText()).isEqualTo(EventBridgeSloBurnPublisher.DETAIL_TYPE);
                out.add(e.get("detail"));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            if (got.isEmpty() && out.stream().filter(d -> d.get("slo").asText().equals(slo)).count() >= atLeast) {
                break;
            }
        }
        return out.stream().filter(d -> d.get("slo").asText().equals(slo))
                .sorted((a, b) -> a.get("timestamp").asText().compareTo(b.get("timestamp").asText())).toList();
    }

    private static int minuteOf(JsonNode burn) {
        return (int) ((Instant.parse(burn.get("timestamp").asText()).toEpochMilli() - T0) / 60_000L);
    }

    @Test
    void jsonStreamLinesWithP99_burnTheBudget_andTheBurnEventsReachTheBus() throws IOException {
        MetricStreamHandler h = handler(env("json", "p99,p99.9", "AWS/Lambda:Duration,AWS/ApplicationELB:TargetResponseTime"));
        for (int start = 0; start < 200; start += 20) {
            List<String> lines = new ArrayList<>();
            for (int m = start; m < start + 20; m++) {
                double p99 = m >= 150 ? 1900 : 300;   // from minute 150 every minute's p99 is above 800 ms
                lines.add(SloBurnRateIT.line("AWS/Lambda", "Duration", "FunctionName", "checkout-api", T0 + m * 60_000L,
                        300 * 50, 50, ",\"p99\":" + p99).replace("\"unit\":\"Count\"", "\"unit\":\"Milliseconds\""));
            }
            h.handleBytes(SloBurnRateIT.firehose(lines));
        }

        // 99 % over 30 days: the ticket rule (3d/6h >= 1) fires at the 2nd bad minute (2 of 152 = 1.3x), the page
        // (1h/5m >= 14.4) at the 9th bad minute of the hour (9/60 = 15 %, 15x): minute 158 (SloBurnRateIT's figures).
        List<JsonNode> burns = burns("checkout-latency", 2);
        assertThat(burns).extracting(b -> b.get("level").asText()).containsExactly("ticket", "page");
        assertThat(burns).extracting(PercentileSloIT::minuteOf).containsExactly(151, 158);
        assertThat(burns.get(1).get("service").asText()).isEqualTo("checkout");
        assertThat(burns.get(1).get("rule").asText()).isEqualTo("1h/5m burn >= 14.4 (2% of budget)");
    }

    @Test
    void theBundledOpenTelemetrySample_withP99AboveThreshold_pages() throws IOException {
        MetricStreamHandler h = handler(env("opentelemetry1.0", "p99,p99.9", "AWS/Lambda:Duration"));
        byte[] event = Files.readAllBytes(Template.projectRoot().resolve("events/metric-stream-otel-sample.json"));

        h.handleBytes(event);

        // Every one of the 20 minutes has p99 between 320 and 380 ms, above 300: all bad, so the first minute already
        // burns 100x on both the 1h and 5m windows.
        assertThat(h.lastStats().datapoints).isEqualTo(100);
        List<JsonNode> burns = burns("catalog-latency", 1);
        assertThat(burns).isNotEmpty();
        assertThat(burns.get(0).get("level").asText()).isEqualTo("page");
        assertThat(burns.get(0).get("timestamp").asText()).isEqualTo("2026-11-02T12:00:00Z");
    }

    @Test
    void withoutTheStatisticsInTheEnvironment_theP99ConfigIsRefusedAtInit() {
        assertThatThrownBy(() -> handler(env("json", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SLO checkout-latency asks for statistic p99 of AWS/Lambda Duration, which the "
                        + "metric stream does not carry");
        assertThatThrownBy(() -> handler(env("json", "p95", "AWS/Lambda:Duration")))
                .hasMessageContaining("the stream's additional statistics are p95");
    }
}
