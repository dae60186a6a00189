package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.DynamoBaselineStore;
import dev.vigil.cli.CollectingPublisher;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.baseline.Baseline;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import dev.vigil.core.pipeline.BaselineUpdater;
import dev.vigil.core.pipeline.BatchStats;
import dev.vigil.it.support.DelegatingDynamoDbClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** DynamoDB under load: throttled calls and unprocessed keys are retried with backoff until they go through. */
class ThrottlingRetriesIT {

    private static final long T0 = 1_793_577_600_000L;

    private LocalDynamo dynamo;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Long> pauses = new ArrayList<>();

    @BeforeEach
    void start() {
        dynamo = LocalDynamo.start();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        dynamo.close();
    }

    private static List<MetricDatum> batch(int series, int minute) {
        List<MetricDatum> out = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            SeriesId id = SeriesId.of("1", "r", "AWS/SQS", "NumberOfMessagesSent", Map.of("QueueName", "q" + s));
            out.add(new MetricDatum(id, T0 + minute * 60_000L, StatisticSet.of(1, 1, 30, 30), "Count"));
        }
        return out;
    }

    private DynamoBaselineStore store(DelegatingDynamoDbClient client, int maxAttempts) {
        Backoff recording = new Backoff(10, 100, maxAttempts, ms -> {
            synchronized (pauses) {
                pauses.add(ms);
            }
        }, 7);
        return new DynamoBaselineStore(client, LocalDynamo.BASELINE_TABLE, pool, recording, new CapacityMeter());
    }

    @Test
    void throttledWrites_areRetriedWithBackoff_untilEveryBaselineIsSaved() {
        AtomicInteger throttles = new AtomicInteger(5);
        DelegatingDynamoDbClient throttling = new DelegatingDynamoDbClient(dynamo.client()) {
            @Override
            public PutItemResponse putItem(PutItemRequest r) {
                if (throttles.getAndDecrement() > 0) {
                    throw ProvisionedThroughputExceededException.builder().message("staged throttle").build();
                }
                return super.putItem(r);
            }
        };
        DynamoBaselineStore store = store(throttling, 8);
        BatchStats s = new BatchStats();
        new BaselineUpdater(Detectors.standard(), store, new CollectingPublisher(), StructuredLog.discard())
                .update(batch(40, 0), s);

        assertThat(s.baselinesWritten).isEqualTo(40);
        assertThat(store.loadAll(keys(40))).hasSize(40);
        assertThat(pauses).isNotEmpty();
    }

    @Test
    void unprocessedKeysAndThrottledReads_areFetchedAgainAfterABackoff() {
        DynamoBaselineStore plain = store(new DelegatingDynamoDbClient(dynamo.client()), 8);
        new BaselineUpdater(Detectors.standard(), plain, new CollectingPublisher(), StructuredLog.discard())
                .update(batch(150, 0), new BatchStats());
        pauses.clear();

        AtomicInteger calls = new AtomicInteger();
        DelegatingDynamoDbClient stingy = new DelegatingDynamoDbClient(dynamo.client()) {
            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    throw ProvisionedThroughputExceededException.builder().message("staged throttle").build();
                }
                // Serve at most 7 keys a call and hand the rest back as unprocessed, as DynamoDB does under load.
                Map<String, KeysAndAttributes> served = new HashMap<>();
                Map<String, KeysAndAttributes> unprocessed = new HashMap<>();
                r.requestItems().forEach((table, ka) -> {
                    List<Map<String, AttributeValue>> keys = ka.keys();
                    served.put(table, ka.toBuilder().keys(keys.subList(0, Math.min(7, keys.size()))).build());
                    if (keys.size() > 7) {
                        unprocessed.put(table, ka.toBuilder().keys(keys.subList(7, keys.size())).build());
                    }
                });
                BatchGetItemResponse partial = super.batchGetItem(r.toBuilder().requestItems(served).build());
                return partial.toBuilder().unprocessedKeys(unprocessed).build();
            }
        };
        Map<String, Baseline> loaded = store(stingy, 40).loadAll(keys(150));

        assertThat(loaded).hasSize(150);
        assertThat(calls.get()).isGreaterThan(150 / 7);
        assertThat(pauses).hasSizeGreaterThanOrEqualTo(calls.get() - 2);
    }

    @Test
    void aStoreThatStaysThrottled_failsLoudly_insteadOfDroppingBaselines() {
        DelegatingDynamoDbClient alwaysThrottled = new DelegatingDynamoDbClient(dynamo.client()) {
            @Override
            public PutItemResponse putItem(PutItemRequest r) {
                throw ProvisionedThroughputExceededException.builder().message("staged throttle").build();
            }
        };
        BaselineUpdater u = new BaselineUpdater(Detectors.standard(), store(alwaysThrottled, 3),
                new CollectingPublisher(), StructuredLog.discard());
        assertThatThrownBy(() -> u.update(batch(3, 0), new BatchStats()))
                .hasMessageContaining("could not be written after 3 rounds");
    }

    private static List<String> keys(int n) {
        List<String> out = new ArrayList<>();
        for (MetricDatum d : batch(n, 0)) {
            out.add(d.series().key());
        }
        return out;
    }
}
