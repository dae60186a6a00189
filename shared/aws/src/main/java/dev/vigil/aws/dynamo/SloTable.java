package dev.vigil.aws.dynamo;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The SLO state table: one item per SLO ({@link StaticTableSchema}, like Baselines).
 *
 * <pre>
 *   slo      S  partition key: the SLO name
 *   version  N  optimistic-locking version
 *   state    B  SloState.encode(): minute and hour rings, watermarks, level, outbox (a few KB)
 * </pre>
 */
public final class SloTable {

    public static final String PARTITION_KEY = "slo";

    public static final class Item {
        private String slo;
        private long version;
        private SdkBytes state;

        public String getSlo() {
            return slo;
        }

        public void setSlo(String v) {
            slo = v;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long v) {
            version = v;
        }

        public SdkBytes getState() {
            return state;
        }

        public void setState(SdkBytes v) {
            state = v;
        }
    }

    public static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name(PARTITION_KEY).getter(Item::getSlo).setter(Item::setSlo)
                    .tags(primaryPartitionKey()))
            .addAttribute(Long.class, a -> a.name("version").getter(Item::getVersion).setter(Item::setVersion))
            .addAttribute(SdkBytes.class, a -> a.name("state").getter(Item::getState).setter(Item::setState))
            .build();

    private SloTable() {
    }

    public static void createIfMissing(DynamoDbClient ddb, String tableName) {
        LocalTables.createIfMissing(ddb, tableName, PARTITION_KEY, null);
    }
}
