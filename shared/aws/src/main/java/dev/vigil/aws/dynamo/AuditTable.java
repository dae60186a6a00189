package dev.vigil.aws.dynamo;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

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
        try {
            ddb.createTable(b -> b.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attr(PARTITION_KEY), attr(SORT_KEY), attr("resourceArn"), attr("at"))
                    .keySchema(key(PARTITION_KEY, KeyType.HASH), key(SORT_KEY, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(BY_RESOURCE)
                            .keySchema(key("resourceArn", KeyType.HASH), key("at", KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                            .build()));
        } catch (ResourceInUseException alreadyThere) {
            // fine
        }
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
