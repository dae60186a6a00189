package dev.vigil.aws.dynamo;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.AuditEntry;
import dev.vigil.core.remediation.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@link AuditLog} on DynamoDB: conditional puts only ({@code attribute_not_exists}), so nothing is overwritten. */
public final class DynamoAuditLog implements AuditLog {

    private final DynamoDbTable<AuditTable.Item> table;
    private final DynamoDbIndex<AuditTable.Item> byResource;

    public DynamoAuditLog(DynamoDbClient ddb, String tableName) {
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build().table(tableName, AuditTable.SCHEMA);
        this.byResource = table.index(AuditTable.BY_RESOURCE);
    }

    @Override
    public boolean append(AuditEntry e) {
        AuditTable.Item i = new AuditTable.Item();
        i.incidentId = e.incidentId();
        i.entryKey = e.key();
        i.at = Iso.format(e.at());
        i.kind = e.kind();
        i.planId = e.planId();
        i.actor = e.actor();
        i.resourceArn = e.resourceArn();
        i.detail = JsonTree.write(e.detail());
        try {
            table.putItem(PutItemEnhancedRequest.builder(AuditTable.Item.class).item(i)
                    .conditionExpression(Expression.builder()
                            .expression("attribute_not_exists(#pk) AND attribute_not_exists(#sk)")
                            .putExpressionName("#pk", AuditTable.PARTITION_KEY)
                            .putExpressionName("#sk", AuditTable.SORT_KEY).build())
                    .build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<AuditEntry> get(String incidentId, String key) {
        AuditTable.Item i = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(incidentId).sortValue(key).build()).consistentRead(true).build());
        return Optional.ofNullable(i).map(DynamoAuditLog::toEntry);
    }

    @Override
    public List<AuditEntry> trail(String incidentId) {
        List<AuditEntry> out = new ArrayList<>();
        for (Page<AuditTable.Item> page : table.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(incidentId).build()))
                .consistentRead(true).build())) {
            for (AuditTable.Item i : page.items()) {
                out.add(toEntry(i));
            }
        }
        out.sort(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::key));
        return out;
    }

    @Override
    public List<Instant> changesOf(String resourceArn, Instant since) {
        List<Instant> out = new ArrayList<>();
        for (Page<AuditTable.Item> page : byResource.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortGreaterThanOrEqualTo(Key.builder()
                        .partitionValue(resourceArn).sortValue(Iso.format(since)).build()))
                .build())) {
            for (AuditTable.Item i : page.items()) {
                out.add(Iso.parse(i.at));
            }
        }
        return out;
    }

    static AuditEntry toEntry(AuditTable.Item i) {
        return new AuditEntry(i.incidentId, i.entryKey, Iso.parse(i.at), i.kind, i.planId, i.actor, i.resourceArn,
                i.detail == null ? null : JsonTree.object(i.detail));
    }
}
