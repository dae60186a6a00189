package dev.vigil.aws.dynamo;

import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.ApprovalStore;
import java.time.Instant;
import java.util.Optional;
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
 * {@link ApprovalStore} on DynamoDB. Every write is a PutItem conditional on the version read
 * ({@code attribute_not_exists(approvalId)} for a new item): of two concurrent clicks exactly one write succeeds, so a
 * decision is made exactly once. Reads are strongly consistent.
 */
public final class DynamoApprovalStore implements ApprovalStore {

    private final DynamoDbTable<ApprovalTable.Item> table;

    public DynamoApprovalStore(DynamoDbClient ddb, String tableName) {
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build()
                .table(tableName, ApprovalTable.SCHEMA);
    }

    @Override
    public Optional<ApprovalRecord> find(String approvalId) {
        ApprovalTable.Item i = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(approvalId).build()).consistentRead(true).build());
        if (i == null || i.status == null) {
            return Optional.empty();
        }
        return Optional.of(ApprovalTable.toRecord(i));
    }

    @Override
    public boolean put(ApprovalRecord next) {
        Expression condition = next.version() == 0
                ? Expression.builder().expression("attribute_not_exists(#k)")
                        .putExpressionName("#k", ApprovalTable.PARTITION_KEY).build()
                : Expression.builder().expression("#v = :expected")
                        .putExpressionName("#v", "version")
                        .putExpressionValue(":expected", AttributeValue.builder()
                                .n(Long.toString(next.version() - 1)).build())
                        .build();
        try {
            table.putItem(PutItemEnhancedRequest.builder(ApprovalTable.Item.class).item(ApprovalTable.toItem(next))
                    .conditionExpression(condition).build());
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    @Override
    public boolean firstSighting(String requestKey, Instant forgetAt) {
        ApprovalTable.Item i = new ApprovalTable.Item();
        i.approvalId = "replay#" + requestKey;
        i.ttl = forgetAt.getEpochSecond();
        try {
            table.putItem(PutItemEnhancedRequest.builder(ApprovalTable.Item.class).item(i)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(#k)")
                            .putExpressionName("#k", ApprovalTable.PARTITION_KEY).build())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException seen) {
            return false;
        }
    }
}
