package dev.vigil.aws.dynamo;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.slo.SloDefinition;
import dev.vigil.core.slo.SloState;
import dev.vigil.core.slo.SloStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * SLO states in DynamoDB: a consistent GetItem per SLO touched by the batch (a deployment has tens of SLOs, a batch
 * touches few), and a conditional PutItem on the version, as for baselines. Transient failures are retried with
 * backoff.
 */
public final class DynamoSloStore implements SloStore {

    private final DynamoDbTable<SloTable.Item> table;
    private final Backoff backoff;

    public DynamoSloStore(DynamoDbClient ddb, String tableName, Backoff backoff) {
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build().table(tableName, SloTable.SCHEMA);
        this.backoff = backoff;
    }

    @Override
    public Map<String, SloState> loadAll(Collection<SloDefinition> slos) {
        Map<String, SloState> out = new HashMap<>();
        for (SloDefinition d : slos) {
            SloTable.Item item = retrying(() -> table.getItem(GetItemEnhancedRequest.builder()
                    .key(Key.builder().partitionValue(d.name()).build()).consistentRead(true).build()));
            if (item != null && item.getState() != null) {
                out.put(d.name(), SloState.decode(d.name(), d.windowDays(), item.getVersion(),
                        item.getState().asByteArray()));
            }
        }
        return out;
    }

    @Override
    public Set<String> saveAll(List<SloState> states) {
        Set<String> conflicts = new HashSet<>();
        for (SloState s : states) {
            SloTable.Item item = new SloTable.Item();
            item.setSlo(s.name());
            item.setVersion(s.version());
            item.setState(SdkBytes.fromByteArray(s.encode()));
            Expression condition = s.version() <= 1
                    ? Expression.builder().expression("attribute_not_exists(#k)")
                            .putExpressionName("#k", SloTable.PARTITION_KEY).build()
                    : Expression.builder().expression("#v = :expected").putExpressionName("#v", "version")
                            .putExpressionValue(":expected", AttributeValue.fromN(Long.toString(s.version() - 1)))
                            .build();
            try {
                retrying(() -> {
                    table.putItem(PutItemEnhancedRequest.builder(SloTable.Item.class).item(item)
                            .conditionExpression(condition).build());
                    return null;
                });
            } catch (ConditionalCheckFailedException e) {
                conflicts.add(s.name());
            }
        }
        return conflicts;
    }

    private <T> T retrying(java.util.function.Supplier<T> call) {
        return Retryable.call(backoff, call);
    }
}
