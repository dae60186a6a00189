package dev.vigil.aws.dynamo;

import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creating Vigil's tables where they do not exist yet: DynamoDB Local in the CLI and in tests. (In AWS the tables
 * come from template.yaml.) On-demand billing, string keys, as the template declares them.
 */
public final class LocalTables {
    private LocalTables() {
    }

    /** A table keyed by {@code partitionKey} (and {@code sortKey} when not null); {@code extra} adds indexes. */
    public static void createIfMissing(DynamoDbClient ddb, String tableName, String partitionKey, String sortKey,
                                       Consumer<CreateTableRequest.Builder> extra) {
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (sortKey == null) {
            b.attributeDefinitions(attribute(partitionKey)).keySchema(key(partitionKey, KeyType.HASH));
        } else {
            b.attributeDefinitions(attribute(partitionKey), attribute(sortKey))
                    .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE));
        }
        extra.accept(b);
        try {
            ddb.createTable(b.build());
        } catch (ResourceInUseException alreadyThere) {
            // fine: created by an earlier run or another test
        }
    }

    public static void createIfMissing(DynamoDbClient ddb, String tableName, String partitionKey, String sortKey) {
        createIfMissing(ddb, tableName, partitionKey, sortKey, b -> { });
    }

    public static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    public static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
