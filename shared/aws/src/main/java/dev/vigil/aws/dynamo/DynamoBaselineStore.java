package dev.vigil.aws.dynamo;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.baseline.Baseline;
import dev.vigil.core.baseline.BaselineStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedResponse;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Baselines in DynamoDB, through the enhanced client.
 *
 * <ul>
 *   <li><b>Reads</b>: BatchGetItem, 100 keys a request; unprocessed keys are fetched again after an exponential
 *       backoff with jitter, and a throttled request is retried the same way.</li>
 *   <li><b>Writes</b>: one conditional PutItem per series ({@code attribute_not_exists} for a new series, else
 *       {@code version = :expected}), issued in parallel as one batch. BatchWriteItem cannot carry a condition, so it
 *       cannot give optimistic locking; TransactWriteItems could, at twice the write cost and with one conflict
 *       cancelling the whole transaction. Items that were throttled or hit a transient error are the batch's
 *       unprocessed items: they are retried in rounds with backoff. Condition failures are returned as conflicts.</li>
 * </ul>
 * Every request asks for ReturnConsumedCapacity=TOTAL into a {@link CapacityMeter}.
 *
 * <p><b>Long keys.</b> CloudWatch allows 30 dimensions of 1,024-character values, so a series key can exceed
 * DynamoDB's 2,048-byte partition-key limit, and one such key in a BatchGetItem fails the whole request (and with it
 * the whole Firehose invocation, every minute). A key over the limit is stored under {@code sha256:<hex>} of its
 * UTF-8 bytes, with the whole key in {@code fullKey}; a digest match whose {@code fullKey} differs is treated as
 * absent, never as the other series. A series DynamoDB still refuses (ValidationException: e.g. an item over
 * 400 KB) is isolated by retrying its request one key at a time, and reported as refused: only its records fail.
 */
public final class DynamoBaselineStore implements BaselineStore {

    static final int BATCH_GET_LIMIT = 100;
    /** DynamoDB's partition key limit, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 2048;
    static final String DIGEST_PREFIX = "sha256:";

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<BaselineTable.Item> table;
    private final ExecutorService writers;
    private final Backoff backoff;
    private final CapacityMeter meter;

    public DynamoBaselineStore(DynamoDbClient ddb, String tableName, ExecutorService writers, Backoff backoff,
                               CapacityMeter meter) {
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build();
        this.table = enhanced.table(tableName, BaselineTable.SCHEMA);
        this.writers = writers;
        this.backoff = backoff;
        this.meter = meter;
    }

    public CapacityMeter meter() {
        return meter;
    }

    /** The partition key a series is stored under: its key, or a digest of it when the key is over the limit. */
    public static String storageKey(String seriesKey) {
        if (seriesKey.length() * 3 <= MAX_KEY_BYTES
                || seriesKey.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES) {
            return seriesKey;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seriesKey.getBytes(StandardCharsets.UTF_8));
            return DIGEST_PREFIX + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, Baseline> loadAll(Collection<String> seriesIds) {
        Set<String> refused = new HashSet<>();
        Map<String, Baseline> found = loadAll(seriesIds, refused);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(refused.size() + " series refused by DynamoDB");
        }
        return found;
    }

    @Override
    public Map<String, Baseline> loadAll(Collection<String> seriesIds, Set<String> refused) {
        Map<String, Baseline> found = new HashMap<>(seriesIds.size() * 2);
        List<String> ids = new ArrayList<>(new HashSet<>(seriesIds));
        for (int from = 0; from < ids.size(); from += BATCH_GET_LIMIT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH_GET_LIMIT));
            try {
                loadChunk(chunk, found);
            } catch (DynamoDbException e) {
                if (!isValidation(e)) {
                    throw e;
                }
                // One key DynamoDB refuses fails the whole request: find it, one key at a time.
                for (String id : chunk) {
                    try {
                        loadChunk(List.of(id), found);
                    } catch (DynamoDbException one) {
                        if (!isValidation(one)) {
                            throw one;
                        }
                        refused.add(id);
                    }
                }
            }
        }
        return found;
    }

    static boolean isValidation(DynamoDbException e) {
        return e.statusCode() == 400 && e.awsErrorDetails() != null
                && "ValidationException".equals(e.awsErrorDetails().errorCode());
    }

    private void loadChunk(List<String> ids, Map<String, Baseline> found) {
        List<String> pending = ids;
        Map<String, String> byStorageKey = new HashMap<>(ids.size() * 2);
        for (String id : ids) {
            byStorageKey.put(storageKey(id), id);
        }
        for (int attempt = 0; ; attempt++) {
            ReadBatch.Builder<BaselineTable.Item> batch = ReadBatch.builder(BaselineTable.Item.class)
                    .mappedTableResource(table);
            for (String id : pending) {
                batch.addGetItem(Key.builder().partitionValue(storageKey(id)).build());
            }
            BatchGetItemEnhancedRequest request = BatchGetItemEnhancedRequest.builder()
                    .readBatches(batch.build())
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build();
            List<String> unprocessed = new ArrayList<>();
            try {
                // Read one page only: the enhanced iterable would re-request unprocessed keys at once, without
                // backing off; we re-request them ourselves after a pause.
                Iterator<BatchGetResultPage> pages = enhanced.batchGetItem(request).iterator();
                BatchGetResultPage page = pages.next();
                meter.addRead(page.consumedCapacity());
                for (BaselineTable.Item item : page.resultsForTable(table)) {
                    String wanted = byStorageKey.get(item.getSeriesId());
                    Baseline b = toBaseline(item);
                    if (wanted != null && wanted.equals(b.seriesId())) {
                        found.put(wanted, b);
                    }
                }
                for (Key k : page.unprocessedKeysForTable(table)) {
                    unprocessed.add(byStorageKey.get(k.partitionKeyValue().s()));
                }
            } catch (SdkException e) {
                if (!Retryable.isTransient(e) || attempt + 1 >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt + 1);
                continue;
            }
            if (unprocessed.isEmpty()) {
                return;
            }
            if (attempt + 1 >= backoff.maxAttempts()) {
                throw new IllegalStateException(unprocessed.size() + " baselines still unprocessed after "
                        + (attempt + 1) + " BatchGetItem attempts");
            }
            backoff.pause(attempt + 1);
            pending = unprocessed;
        }
    }

    @Override
    public Set<String> saveAll(List<Baseline> baselines) {
        Set<String> refused = new HashSet<>();
        Set<String> conflicts = saveAll(baselines, refused);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(refused.size() + " series refused by DynamoDB");
        }
        return conflicts;
    }

    @Override
    public Set<String> saveAll(List<Baseline> baselines, Set<String> refused) {
        Set<String> conflicts = ConcurrentHashMap.newKeySet();
        List<Baseline> pending = baselines;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round > 0) {
                backoff.pause(round);
            }
            List<Baseline> unprocessed = new ArrayList<>();
            SdkException lastError = null;
            if (pending.size() == 1) {
                Outcome o = put(pending.get(0));
                lastError = collect(pending.get(0), o, conflicts, unprocessed, refused, lastError);
            } else {
                List<Future<Outcome>> futures = new ArrayList<>(pending.size());
                for (Baseline b : pending) {
                    futures.add(writers.submit(() -> put(b)));
                }
                for (int i = 0; i < pending.size(); i++) {
                    lastError = collect(pending.get(i), await(futures.get(i)), conflicts, unprocessed, refused,
                            lastError);
                }
            }
            if (!unprocessed.isEmpty() && round + 1 >= backoff.maxAttempts()) {
                throw new IllegalStateException(unprocessed.size() + " baselines could not be written after "
                        + (round + 1) + " rounds", lastError);
            }
            pending = unprocessed;
        }
        return conflicts;
    }

    private static SdkException collect(Baseline b, Outcome o, Set<String> conflicts, List<Baseline> unprocessed,
                                        Set<String> refused, SdkException lastError) {
        switch (o.kind) {
            case CONFLICT -> conflicts.add(b.seriesId());
            case REFUSED -> refused.add(b.seriesId());
            case TRANSIENT -> {
                unprocessed.add(b);
                return o.error;
            }
            case WRITTEN -> { }
        }
        return lastError;
    }

    private enum Kind { WRITTEN, CONFLICT, TRANSIENT, REFUSED }

    private record Outcome(Kind kind, SdkException error) {
    }

    private Outcome put(Baseline b) {
        Expression condition = b.version() <= 1
                ? Expression.builder().expression("attribute_not_exists(#k)")
                        .putExpressionName("#k", BaselineTable.PARTITION_KEY).build()
                : Expression.builder().expression("#v = :expected")
                        .putExpressionName("#v", "version")
                        .putExpressionValue(":expected", AttributeValue.builder()
                                .n(Long.toString(b.version() - 1)).build())
                        .build();
        try {
            PutItemEnhancedResponse<BaselineTable.Item> r = table.putItemWithResponse(
                    PutItemEnhancedRequest.builder(BaselineTable.Item.class)
                            .item(toItem(b))
                            .conditionExpression(condition)
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                            .build());
            meter.addWrite(r.consumedCapacity());
            return new Outcome(Kind.WRITTEN, null);
        } catch (ConditionalCheckFailedException e) {
            return new Outcome(Kind.CONFLICT, null);
        } catch (DynamoDbException e) {
            if (isValidation(e)) {
                return new Outcome(Kind.REFUSED, e);
            }
            if (Retryable.isTransient(e)) {
                return new Outcome(Kind.TRANSIENT, e);
            }
            throw e;
        } catch (SdkException e) {
            if (Retryable.isTransient(e)) {
                return new Outcome(Kind.TRANSIENT, e);
            }
            throw e;
        }
    }

    private static Outcome await(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving baselines", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }

    static BaselineTable.Item toItem(Baseline b) {
        BaselineTable.Item i = new BaselineTable.Item();
        String key = storageKey(b.seriesId());
        i.setSeriesId(key);
        if (!key.equals(b.seriesId())) {
            i.setFullKey(b.seriesId());
        }
        i.setVersion(b.version());
        i.setWatermark(b.watermark());
        i.setState(SdkBytes.fromByteArray(b.state()));
        List<String> outbox = new ArrayList<>(b.outbox().size());
        for (AnomalyEvent e : b.outbox()) {
            outbox.add(AnomalyJson.write(e));
        }
        i.setOutbox(outbox);
        i.setExpiresAt(b.expiresAtEpochSeconds());
        return i;
    }

    static Baseline toBaseline(BaselineTable.Item i) {
        List<AnomalyEvent> outbox = new ArrayList<>(i.getOutbox().size());
        for (String json : i.getOutbox()) {
            outbox.add(AnomalyJson.read(json));
        }
        return new Baseline(i.getFullKey() != null ? i.getFullKey() : i.getSeriesId(), i.getVersion(), i.getWatermark(),
                i.getState() == null ? new byte[0] : i.getState().asByteArray(), outbox);
    }
}
