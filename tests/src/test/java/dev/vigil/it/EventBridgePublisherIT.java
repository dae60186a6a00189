package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.events.EventBridgeAnomalyPublisher;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.it.support.AwsEmulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The EventBridge publisher against a real EventBridge API (LocalStack, or moto_server): events reach a rule's
 * target in the DESIGN.md contract, calls respect PutEvents' limits, and entries the service rejects are retried.
 */
@ExtendWith(AwsEmulator.class)
class EventBridgePublisherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger putEventsCalls = new AtomicInteger();
    private final AtomicInteger corruptNextCalls = new AtomicInteger();
    private String bus;
    private String queueUrl;
    private SqsClient sqs;
    private EventBridgeClient events;

    @BeforeEach
    void setUp() {
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        ExecutionInterceptor staging = new ExecutionInterceptor() {
            /** Counts calls; while asked to, makes the service reject entry #2 by corrupting its detail in flight. */
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                if (!(context.request() instanceof PutEventsRequest r)) {
                    return context.request();
                }
                putEventsCalls.incrementAndGet();
                if (corruptNextCalls.getAndUpdate(n -> Math.max(0, n - 1)) == 0 || r.entries().size() < 2) {
                    return r;
                }
                List<PutEventsRequestEntry> entries = new ArrayList<>(r.entries());
                entries.set(1, entries.get(1).toBuilder().detail("{ this is not json").build());
                return r.toBuilder().entries(entries).build();
            }
        };
        events = EventBridgeClient.builder().endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(staging)).build();
        sqs = SqsClient.builder().endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();

        String suffix = Long.toString(System.nanoTime());
        bus = "vigil-it-" + suffix;
        events.createEventBus(b -> b.name(bus));
        queueUrl = sqs.createQueue(b -> b.queueName("anomalies-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        events.putRule(b -> b.name("all-anomalies").eventBusName(bus)
                .eventPattern("{\"source\":[\"vigil.metric-stream\"],\"detail-type\":[\"vigil.anomaly\"]}"));
        events.putTargets(b -> b.rule("all-anomalies").eventBusName(bus)
                .targets(t -> t.id("queue").arn(queueArn)));
    }

    private static AnomalyEvent anomaly(int i, String detail) {
        TreeMap<String, String> dims = new TreeMap<>();
        dims.put("FunctionName", "fn-" + i);
        return new AnomalyEvent(AnomalyEvent.idFor("s" + i, i), "123456789012/us-east-1/AWS/Lambda/Duration/fn-" + i,
                "123456789012", "us-east-1", "AWS/Lambda", "Duration", dims, 1_793_577_600_000L + i * 60_000L,
                900, 120, 90, 150, 0.99, "high", "spike", detail, "Milliseconds", "average");
    }

    private List<JsonNode> drainQueue(int expected) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int round = 0; round < 40 && out.size() < expected; round++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                out.add(JSON.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    @Test
    void twentyFiveAnomalies_goOutInCallsOfAtMostTen_andArriveInTheContract() throws Exception {
        List<AnomalyEvent> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(anomaly(i, "spike " + i));
        }
        Set<String> undelivered = new EventBridgeAnomalyPublisher(events, bus, new Backoff(1, 5, 5, ms -> { }, 1))
                .publish(batch);

        assertThat(undelivered).isEmpty();
        assertThat(putEventsCalls.get()).isEqualTo(3);
        List<JsonNode> received = drainQueue(25);
        assertThat(received).hasSize(25);
        JsonNode first = received.get(0);
        assertThat(first.get("source").asText()).isEqualTo("vigil.metric-stream");
        assertThat(first.get("detail-type").asText()).isEqualTo("vigil.anomaly");
        JsonNode detail = first.get("detail");
        for (String field : List.of("seriesId", "accountId", "region", "namespace", "metricName", "dimensions",
                "timestamp", "value", "expected", "lower", "upper", "score", "severity", "reason")) {
            assertThat(detail.has(field)).as("detail has %s", field).isTrue();
        }
        Set<String> ids = new HashSet<>();
        received.forEach(e -> ids.add(e.get("detail").get("id").asText()));
        assertThat(ids).hasSize(25);
    }

    @Test
    void anEntryTheServiceRejects_isRetriedAlone_andDelivered() throws Exception {
        corruptNextCalls.set(1);
        List<AnomalyEvent> batch = List.of(anomaly(1, "a"), anomaly(2, "b"), anomaly(3, "c"));
        Set<String> undelivered = new EventBridgeAnomalyPublisher(events, bus, new Backoff(1, 5, 5, ms -> { }, 1))
                .publish(batch);

        assertThat(undelivered).isEmpty();
        assertThat(putEventsCalls.get()).isEqualTo(2);
        List<JsonNode> received = drainQueue(3);
        Set<String> ids = new HashSet<>();
        received.forEach(e -> ids.add(e.get("detail").get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(batch.get(0).id(), batch.get(1).id(), batch.get(2).id());
    }

    @Test
    void anEntryThatKeepsFailing_isReportedUndelivered_afterTheLastAttempt() {
        corruptNextCalls.set(100);
        List<AnomalyEvent> batch = List.of(anomaly(1, "a"), anomaly(2, "b"));
        Set<String> undelivered = new EventBridgeAnomalyPublisher(events, bus, new Backoff(1, 5, 3, ms -> { }, 1))
                .publish(batch);
        // Only entry #2 is corrupted each time; on retries it travels alone, so the corruption needs >= 2 entries.
        assertThat(undelivered).isEmpty();

        corruptNextCalls.set(100);
        putEventsCalls.set(0);
        List<AnomalyEvent> pair = List.of(anomaly(5, "x"), anomaly(6, "y"), anomaly(7, "z"));
        EventBridgeAnomalyPublisher p = new EventBridgeAnomalyPublisher(events, bus,
                new Backoff(1, 5, 1, ms -> { }, 1));
        assertThat(p.publish(pair)).containsExactly(pair.get(1).id());
        assertThat(putEventsCalls.get()).isEqualTo(1);
    }

    @Test
    void anEventLargerThanPutEventsAllows_isReportedUndelivered_withoutACall() {
        AnomalyEvent huge = anomaly(9, "x".repeat(300 * 1024));
        Set<String> undelivered = new EventBridgeAnomalyPublisher(events, bus, new Backoff(1, 5, 3, ms -> { }, 1))
                .publish(List.of(huge));
        assertThat(undelivered).containsExactly(huge.id());
        assertThat(putEventsCalls.get()).isZero();
    }
}
