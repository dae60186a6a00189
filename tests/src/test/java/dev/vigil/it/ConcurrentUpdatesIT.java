package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** Two metric-stream invocations updating the same series at once, on DynamoDB Local's real conditions. */
class ConcurrentUpdatesIT {

    private static final long T0 = 1_793_577_600_000L;
    private static final SeriesId SERIES = SeriesId.of("1", "us-east-1", "AWS/Lambda", "Duration",
            Map.of("FunctionName", "shared"));

    private LocalDynamo dynamo;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void start() {
        dynamo = LocalDynamo.start();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        dynamo.close();
    }

    private static List<MetricDatum> minutes(int from, int to) {
        List<MetricDatum> out = new ArrayList<>();
        for (int m = from; m < to; m++) {
            double v = 100 + (m % 7);
            out.add(new MetricDatum(SERIES, T0 + m * 60_000L, StatisticSet.of(v, v, v * 4, 4), "Milliseconds"));
        }
        return out;
    }

    private BaselineUpdater updater(DelegatingDynamoDbClient client) {
        DynamoBaselineStore store = new DynamoBaselineStore(client, LocalDynamo.BASELINE_TABLE, pool,
                new Backoff(1, 5, 8, ms -> { }, 1), new CapacityMeter());
        return new BaselineUpdater(Detectors.standard(), store, new CollectingPublisher(), StructuredLog.discard());
    }

    @Test
    void twoHandlersUpdatingTheSameSeriesConcurrently_loseNoUpdate() throws Exception {
        // Both writers read the series before either writes (the race), then the one with the older minutes
        // writes first. The other must notice, re-read, and fold its minutes on top.
        CountDownLatch bothRead = new CountDownLatch(2);
        CountDownLatch firstWrote = new CountDownLatch(1);
        DelegatingDynamoDbClient early = new DelegatingDynamoDbClient(dynamo.client()) {
            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
                BatchGetItemResponse out = super.batchGetItem(r);
                bothRead.countDown();
                return out;
            }

            @Override
            public PutItemResponse putItem(PutItemRequest r) {
                await(bothRead);
                try {
                    return super.putItem(r);
                } finally {
                    firstWrote.countDown();
                }
            }
        };
        DelegatingDynamoDbClient late = new DelegatingDynamoDbClient(dynamo.client()) {
            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
                BatchGetItemResponse out = super.batchGetItem(r);
                bothRead.countDown();
                return out;
            }

            @Override
            public PutItemResponse putItem(PutItemRequest r) {
                await(firstWrote);
                return super.putItem(r);
            }
        };
        BatchStats a = new BatchStats();
        BatchStats b = new BatchStats();
        Future<?> fa = pool.submit(() -> updater(early).update(minutes(0, 30), a));
        Future<?> fb = pool.submit(() -> updater(late).update(minutes(30, 60), b));
        fa.get(30, TimeUnit.SECONDS);
        fb.get(30, TimeUnit.SECONDS);

        Baseline stored = new DynamoBaselineStore(dynamo.client(), LocalDynamo.BASELINE_TABLE, pool,
                Backoff.standard(), new CapacityMeter()).loadAll(List.of(SERIES.key())).get(SERIES.key());
        assertThat(b.conflictRetries).isEqualTo(1);
        assertThat(a.conflictRetries).isZero();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.watermark()).isEqualTo(T0 + 59 * 60_000L);
        assertThat(Detectors.standard().restore(stored.state()).observations()).isEqualTo(60);
    }

    @Test
    void manyConcurrentWriters_eachWriteBumpsTheVersionByExactlyOne() throws Exception {
        // 6 writers, each owning 10 consecutive minutes, racing in arbitrary order. Whatever the order, every
        // successful write is one version, and the state learned exactly the minutes that were not late.
        List<Future<BatchStats>> futures = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            final int from = w * 10;
            futures.add(pool.submit(() -> {
                BatchStats s = new BatchStats();
                updater(new DelegatingDynamoDbClient(dynamo.client())).update(minutes(from, from + 10), s);
                return s;
            }));
        }
        long written = 0;
        long scoredOrWarming = 0;
        for (Future<BatchStats> f : futures) {
            BatchStats s = f.get(30, TimeUnit.SECONDS);
            written += s.baselinesWritten;
            scoredOrWarming += s.scored + s.warmingUp;
        }
        Baseline stored = new DynamoBaselineStore(dynamo.client(), LocalDynamo.BASELINE_TABLE, pool,
                Backoff.standard(), new CapacityMeter()).loadAll(List.of(SERIES.key())).get(SERIES.key());
        assertThat(stored.version()).isEqualTo(written);
        assertThat(Detectors.standard().restore(stored.state()).observations()).isEqualTo(scoredOrWarming);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the other writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
