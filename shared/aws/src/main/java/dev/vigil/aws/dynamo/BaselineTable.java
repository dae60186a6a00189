package dev.vigil.aws.dynamo;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Baselines table: one item per series. A {@link StaticTableSchema} (no bean introspection at cold start).
 *
 * <pre>
 *   seriesId  S  partition key: SeriesId.key(), or for a key over DynamoDB's 2,048-byte partition-key limit
 *                "sha256:" + the hex SHA-256 of its UTF-8 bytes (DynamoBaselineStore.storageKey)
 *   fullKey   S  the whole SeriesId.key(), only on items stored under a digest
 *   version   N  optimistic-locking version
 *   watermark N  epoch ms of the newest datapoint learned
 *   state     B  detector snapshot
 *   outbox    L  anomaly events (JSON) saved but not yet acknowledged by the bus
 *   expiresAt N  TTL: watermark + 35 days, so series that went silent disappear
 * </pre>
 */
public final class BaselineTable {

    public static final String PARTITION_KEY = "seriesId";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** The mutable shape the enhanced client maps; the domain uses {@link dev.vigil.core.baseline.Baseline}. */
    public static final class Item {
        private String seriesId;
        private String fullKey;
        private long version;
        private long watermark;
        private SdkBytes state;
        private List<String> outbox = new ArrayList<>();
        private long expiresAt;

        public String getSeriesId() {
            return seriesId;
        }

        public void setSeriesId(String v) {
            seriesId = v;
        }

        public String getFullKey() {
            return fullKey;
        }

        public void setFullKey(String v) {
            fullKey = v;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long v) {
            version = v;
        }

        public long getWatermark() {
            return watermark;
        }

        public void setWatermark(long v) {
            watermark = v;
        }

        public SdkBytes getState() {
            return state;
        }

        public void setState(SdkBytes v) {
            state = v;
        }

        public List<String> getOutbox() {
            return outbox;
        }

        public void setOutbox(List<String> v) {
            outbox = v == null ? new ArrayList<>() : v;
        }

        public long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(long v) {
            expiresAt = v;
        }
    }

    public static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name(PARTITION_KEY).getter(Item::getSeriesId)
                    .setter(Item::setSeriesId).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("fullKey").getter(Item::getFullKey).setter(Item::setFullKey))
            .addAttribute(Long.class, a -> a.name("version").getter(Item::getVersion).setter(Item::setVersion))
            .addAttribute(Long.class, a -> a.name("watermark").getter(Item::getWatermark)
                    .setter(Item::setWatermark))
            .addAttribute(SdkBytes.class, a -> a.name("state").getter(Item::getState).setter(Item::setState))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("outbox").getter(Item::getOutbox)
                    .setter(Item::setOutbox))
            .addAttribute(Long.class, a -> a.name(TTL_ATTRIBUTE).getter(Item::getExpiresAt)
                    .setter(Item::setExpiresAt))
            .build();

    private BaselineTable() {
    }

    /** Creates the table (on-demand) where it does not exist: DynamoDB Local runs and tests. */
    public static void createIfMissing(DynamoDbClient ddb, String tableName) {
        LocalTables.createIfMissing(ddb, tableName, PARTITION_KEY, null);
    }
}
