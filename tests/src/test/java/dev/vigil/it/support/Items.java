package dev.vigil.it.support;

import dev.vigil.cli.LocalDynamo;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Raw items of the Baselines table, as DynamoDB stores them (for byte-for-byte comparisons). */
public final class Items {
    private Items() {
    }

    public static Map<String, Map<String, AttributeValue>> baselines(DynamoDbClient ddb) {
        Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            ScanResponse r = ddb.scan(b -> b.tableName(LocalDynamo.BASELINE_TABLE).consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                out.put(item.get("seriesId").s(), item);
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
