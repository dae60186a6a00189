package dev.vigil.aws.dynamo;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The Audit table, append-only: partition {@code incidentId}, sort {@code entryKey} (deterministic per step, so a
 * retried step collides instead of duplicating). Every write is a conditional put; nothing is updated or deleted.
 * The sparse index {@code byResource} (resourceArn, at) holds only the entries that changed a resource: cooldowns and
 * rate limits count them.
 */
public final class AuditTable {

    public static final String PARTITION_KEY = "incidentId";
    public static final String SORT_KEY = "entryKey";
    public static final String BY_RESOURCE = "byResource";

    public static final class Item {
        String incidentId;
        String entryKey;
        String at;
        String kind;
        String planId;
        String actor;
        String resourceArn;
        String detail;
    }

    public static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name(PARTITION_KEY).getter(i -> i.incidentId)
                    .setter((i, v) -> i.incidentId = v).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(SORT_KEY).getter(i -> i.entryKey)
                    .setter((i, v) -> i.entryKey = v).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v)
                    .tags(secondarySortKey(BY_RESOURCE)))
            .addAttribute(String.class, a -> a.name("kind").getter(i -> i.kind).setter((i, v) -> i.kind = v))
            .addAttribute(String.class, a -> a.name("planId").getter(i -> i.planId).setter((i, v) -> i.planId = v))
            .addAttribute(String.class, a -> a.name("actor").getter(i -> i.actor).setter((i, v) -> i.actor = v))
            .addAttribute(String.class, a -> a.name("resourceArn").getter(i -> i.resourceArn)
                    .setter((i, v) -> i.resourceArn = v).tags(secondaryPartitionKey(BY_RESOURCE)))
            .addAttribute(String.class, a -> a.name("detail").getter(i -> i.detail).setter((i, v) -> i.detail = v))
            .build();

    private AuditTable() {
    }

    public static void createIfMissing(DynamoDbClient ddb, String tableName) {
        LocalTables.createIfMissing(ddb, tableName, PARTITION_KEY, SORT_KEY, b -> b
                .attributeDefinitions(LocalTables.attribute(PARTITION_KEY), LocalTables.attribute(SORT_KEY),
                        LocalTables.attribute("resourceArn"), LocalTables.attribute("at"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(BY_RESOURCE)
                        .keySchema(LocalTables.key("resourceArn", KeyType.HASH), LocalTables.key("at", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build()));
    }


}
