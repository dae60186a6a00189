package dev.vigil.aws.dynamo;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.detect.ExpectedMark;
import dev.vigil.core.cost.detect.ExpectedMarksJson;
import dev.vigil.core.cost.store.CostStore;
import dev.vigil.core.cost.store.FactCodec;
import dev.vigil.core.cost.store.InMemoryCostStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * {@link CostStore} on the CostDaily table ({@link CostDailyTable}).
 *
 * <p>Period replacement, step by step:
 * <ol>
 *   <li>Read the period's pointer (strongly consistent). If it already names this assembly: UNCHANGED. If it names
 *       a newer one (later assemblyTime, or the same time and a larger id): STALE, nothing written.</li>
 *   <li>Write the facts as chunks under {@code DATA#export#period#<assemblyId>} (BatchWriteItem, unprocessed items
 *       retried with backoff). Chunks are deterministic, so a retried or concurrent write of the same assembly
 *       writes the same items.</li>
 *   <li>Switch the pointer with a PutItem conditioned on what was read in step 1 ({@code attribute_not_exists(pk)},
 *       or {@code generation = :old}). If the condition fails, someone switched it meanwhile: go back to step 1
 *       (and if we lost to a newer assembly, delete the chunks we wrote).</li>
 *   <li>Delete the replaced generation's chunks. A reader that read the old pointer just before may then find no
 *       chunks: {@link #load} re-reads the pointer after the chunks and retries when it moved.</li>
 * </ol>
 */
public final class DynamoCostStore implements CostStore {

    static final int MAX_CHUNK_BYTES = 350 * 1024;
    static final long PUBLISHED_TTL_SECONDS = 180L * 24 * 3600;

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<CostDailyTable.Item> table;
    private final Backoff backoff;
    private final CapacityMeter meter;
    private final Supplier<Instant> clock;

    public DynamoCostStore(DynamoDbClient ddb, String tableName, Backoff backoff, CapacityMeter meter,
                           Supplier<Instant> clock) {
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build();
        this.table = enhanced.table(tableName, CostDailyTable.SCHEMA);
        this.backoff = backoff;
        this.meter = meter;
        this.clock = clock;
    }

    public CapacityMeter meter() {
        return meter;
    }

    static String periodPk(String exportId) {
        return "PERIOD#" + exportId;
    }

    static String dataPk(String exportId, String period, String generation) {
        return "DATA#" + exportId + "#" + period + "#" + generation;
    }

    @Override
    public Outcome replacePeriod(String exportId, String period, String assemblyId, long assemblyTime,
                                 List<CostFact> facts) {
        boolean written = false;
        for (int attempt = 0; ; attempt++) {
            CostDailyTable.Item cur = get(periodPk(exportId), period);
            if (cur != null) {
                if (assemblyId.equals(cur.getGeneration())) {
                    return Outcome.UNCHANGED;
                }
                long t = cur.getAssemblyTime() == null ? Long.MIN_VALUE : cur.getAssemblyTime();
                if (InMemoryCostStore.isNewer(t, cur.getGeneration(), assemblyTime, assemblyId)) {
                    if (written) {
                        deletePartition(dataPk(exportId, period, assemblyId));
                    }
                    return Outcome.STALE;
                }
            }
            if (!written) {
                writeChunks(dataPk(exportId, period, assemblyId), facts);
                written = true;
            }
            CostDailyTable.Item pointer = new CostDailyTable.Item();
            pointer.setPk(periodPk(exportId));
            pointer.setSk(period);
            pointer.setGeneration(assemblyId);
            pointer.setAssemblyTime(assemblyTime);
            pointer.setInfo("{\"facts\":" + facts.size() + ",\"updatedAt\":\"" + clock.get() + "\"}");
            Expression condition = cur == null
                    ? Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk",
                            CostDailyTable.PK).build()
                    : Expression.builder().expression("#g = :old").putExpressionName("#g", "generation")
                            .putExpressionValue(":old", AttributeValue.builder().s(cur.getGeneration()).build())
                            .build();
            try {
                retrying(() -> {
                    meter.addWrite(table.putItemWithResponse(PutItemEnhancedRequest.builder(CostDailyTable.Item.class)
                            .item(pointer).conditionExpression(condition)
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity());
                    return null;
                });
            } catch (ConditionalCheckFailedException moved) {
                if (attempt + 1 >= backoff.maxAttempts()) {
                    throw new IllegalStateException("the pointer of " + exportId + " " + period
                            + " kept moving; giving up after " + (attempt + 1) + " attempts", moved);
                }
                continue;   // someone switched it meanwhile: decide again
            }
            register(exportId);
            if (cur != null) {
                deletePartition(dataPk(exportId, period, cur.getGeneration()));
            }
            return Outcome.REPLACED;
        }
    }

    private void register(String exportId) {
        CostDailyTable.Item e = new CostDailyTable.Item();
        e.setPk("EXPORTS");
        e.setSk(exportId);
        e.setInfo("{\"updatedAt\":\"" + clock.get() + "\"}");
        retrying(() -> {
            table.putItem(e);
            return null;
        });
    }

    @Override
    public List<CostFact> load(String exportId, LocalDate from, LocalDate to) {
        Set<String> wanted = new HashSet<>(CostStore.periods(from, to));
        long f = from.toEpochDay();
        long t = to.toEpochDay();
        for (int attempt = 0; ; attempt++) {
            List<CostDailyTable.Item> pointers = query(periodPk(exportId), true);
            List<CostFact> out = new ArrayList<>();
            for (CostDailyTable.Item p : pointers) {
                if (!wanted.contains(p.getSk())) {
                    continue;
                }
                for (CostDailyTable.Item chunk : query(dataPk(exportId, p.getSk(), p.getGeneration()), false)) {
                    for (CostFact fact : FactCodec.decode(chunk.getBody().asByteArray())) {
                        if (fact.epochDay() >= f && fact.epochDay() <= t) {
                            out.add(fact);
                        }
                    }
                }
            }
            // a replacement may have switched a pointer (and removed the old chunks) while we read
            List<CostDailyTable.Item> after = query(periodPk(exportId), true);
            if (sameGenerations(pointers, after) || attempt + 1 >= backoff.maxAttempts()) {
                return out;
            }
            backoff.pause(attempt + 1);
        }
    }

    private static boolean sameGenerations(List<CostDailyTable.Item> a, List<CostDailyTable.Item> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getSk().equals(b.get(i).getSk())
                    || !a.get(i).getGeneration().equals(b.get(i).getGeneration())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> exports() {
        List<String> out = new ArrayList<>();
        for (CostDailyTable.Item i : query("EXPORTS", false)) {
            out.add(i.getSk());
        }
        return out;
    }

    @Override
    public List<ExpectedMark> marks() {
        List<ExpectedMark> out = new ArrayList<>();
        for (CostDailyTable.Item i : query("FEEDBACK", false)) {
            out.addAll(ExpectedMarksJson.read(i.getBody().asUtf8String()));
        }
        return out;
    }

    @Override
    public void addMark(ExpectedMark mark) {
        CostDailyTable.Item i = new CostDailyTable.Item();
        i.setPk("FEEDBACK");
        i.setSk(mark.anomalyId());
        i.setBody(SdkBytes.fromString(ExpectedMarksJson.writeOne(mark), StandardCharsets.UTF_8));
        retrying(() -> {
            table.putItem(i);   // the same mark twice is the same item: idempotent
            return null;
        });
    }

    @Override
    public boolean claimPublication(String exportId, String anomalyId) {
        CostDailyTable.Item i = new CostDailyTable.Item();
        i.setPk("PUBLISHED#" + exportId);
        i.setSk(anomalyId);
        i.setExpiresAt(clock.get().getEpochSecond() + PUBLISHED_TTL_SECONDS);
        try {
            retrying(() -> {
                table.putItem(PutItemEnhancedRequest.builder(CostDailyTable.Item.class).item(i)
                        .conditionExpression(Expression.builder().expression("attribute_not_exists(#pk)")
                                .putExpressionName("#pk", CostDailyTable.PK).build()).build());
                return null;
            });
            return true;
        } catch (ConditionalCheckFailedException already) {
            return false;
        }
    }

    @Override
    public void releasePublication(String exportId, String anomalyId) {
        retrying(() -> {
            table.deleteItem(Key.builder().partitionValue("PUBLISHED#" + exportId).sortValue(anomalyId).build());
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private CostDailyTable.Item get(String pk, String sk) {
        return retrying(() -> {
            var r = table.getItemWithResponse(GetItemEnhancedRequest.builder()
                    .key(Key.builder().partitionValue(pk).sortValue(sk).build()).consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build());
            meter.addRead(r.consumedCapacity());
            return r.attributes();
        });
    }

    private List<CostDailyTable.Item> query(String pk, boolean consistent) {
        return retrying(() -> {
            List<CostDailyTable.Item> out = new ArrayList<>();
            table.query(QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(pk).build()))
                            .consistentRead(consistent).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build())
                    .forEach(page -> {
                        meter.addRead(page.consumedCapacity());
                        out.addAll(page.items());
                    });
            return out;
        });
    }

    private void writeChunks(String pk, List<CostFact> facts) {
        List<byte[]> chunks = FactCodec.encode(facts, MAX_CHUNK_BYTES);
        List<CostDailyTable.Item> items = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            CostDailyTable.Item it = new CostDailyTable.Item();
            it.setPk(pk);
            it.setSk(String.format("c#%05d", i));
            it.setBody(SdkBytes.fromByteArray(chunks.get(i)));
            items.add(it);
        }
        batch(items, true);
    }

    private void deletePartition(String pk) {
        batch(query(pk, false), false);
    }

    /** BatchWriteItem, 25 a call; unprocessed items are re-sent after a backoff. */
    private void batch(List<CostDailyTable.Item> items, boolean put) {
        // one chunk can be 350 KB and a request carries at most 16 MB: 25 items of 350 KB would not fit
        int per = put ? 16 : 25;
        for (int from = 0; from < items.size(); from += per) {
            List<CostDailyTable.Item> pending = items.subList(from, Math.min(items.size(), from + per));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 0) {
                    if (attempt >= backoff.maxAttempts()) {
                        throw new IllegalStateException(pending.size() + " CostDaily items still unprocessed after "
                                + attempt + " BatchWriteItem attempts");
                    }
                    backoff.pause(attempt);
                }
                WriteBatch.Builder<CostDailyTable.Item> wb = WriteBatch.builder(CostDailyTable.Item.class)
                        .mappedTableResource(table);
                for (CostDailyTable.Item i : pending) {
                    if (put) {
                        wb.addPutItem(i);
                    } else {
                        wb.addDeleteItem(Key.builder().partitionValue(i.getPk()).sortValue(i.getSk()).build());
                    }
                }
                BatchWriteResult r;
                try {
                    r = enhanced.batchWriteItem(BatchWriteItemEnhancedRequest.builder().writeBatches(wb.build())
                            .build());
                } catch (SdkException e) {
                    if (!Retryable.isTransient(e)) {
                        throw e;
                    }
                    continue;   // everything again, after a pause
                }
                List<CostDailyTable.Item> left = new ArrayList<>(r.unprocessedPutItemsForTable(table));
                for (Key k : r.unprocessedDeleteItemsForTable(table)) {
                    CostDailyTable.Item i = new CostDailyTable.Item();
                    i.setPk(k.partitionKeyValue().s());
                    i.setSk(k.sortKeyValue().orElseThrow().s());
                    left.add(i);
                }
                pending = left;
            }
        }
    }

    private <T> T retrying(java.util.function.Supplier<T> call) {
        return Retryable.call(backoff, call);
    }
}
