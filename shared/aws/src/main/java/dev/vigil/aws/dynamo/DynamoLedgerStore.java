package dev.vigil.aws.dynamo;

import dev.vigil.core.json.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The cost-now function's state, in the same table as its price cache: one item per account ({@code pk =
 * ledger#<account>}) holding the account's spend ledger as gzipped JSON ({@code state}) and a {@code version} for
 * optimistic writes: a write that finds another version lost a race, and the caller reloads and applies again.
 */
public final class DynamoLedgerStore {

    /** A loaded state and the version it was read at (0: none yet). */
    public record Loaded(String account, Map<String, Object> state, long version) {
    }

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoLedgerStore(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    public Loaded load(String account) {
        GetItemResponse r = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("ledger#" + account)))
                .consistentRead(true));
        if (!r.hasItem() || r.item().isEmpty()) {
            return new Loaded(account, null, 0);
        }
        return new Loaded(account, JsonTree.object(gunzip(r.item().get("state").b().asByteArray())),
                Long.parseLong(r.item().get("version").n()));
    }

    /** Writes the state if the item is still at {@code expectedVersion}; false when another writer came first. */
    public boolean save(String account, Map<String, Object> state, long expectedVersion) {
        try {
            ddb.putItem(b -> {
                b.tableName(table).item(Map.of("pk", s("ledger#" + account), "account", s(account),
                        "state", AttributeValue.builder().b(SdkBytes.fromByteArray(gzip(JsonTree.write(state)))).build(),
                        "version", n(expectedVersion + 1)));
                if (expectedVersion == 0) {
                    b.conditionExpression("attribute_not_exists(pk)");
                } else {
                    b.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(expectedVersion)));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /** The accounts that have a ledger (for the scheduled reconciliation). */
    public List<String> accounts() {
        List<String> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder b = ScanRequest.builder().tableName(table).projectionExpression("pk, account")
                    .filterExpression("begins_with(pk, :p)").expressionAttributeValues(Map.of(":p", s("ledger#")));
            if (start != null) {
                b.exclusiveStartKey(start);
            }
            ScanResponse r = ddb.scan(b.build());
            for (Map<String, AttributeValue> it : r.items()) {
                out.add(it.get("account").s());
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** The state is gzipped JSON: it repeats itself (price keys, ARNs), and the item limit is 400 KB. */
    static byte[] gzip(String json) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String gunzip(byte[] b) {
        try (java.util.zip.GZIPInputStream z = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            return new String(z.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
