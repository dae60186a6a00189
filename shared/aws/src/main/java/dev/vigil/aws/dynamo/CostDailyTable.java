package dev.vigil.aws.dynamo;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CostDaily table: aggregated billing data, one partition per (export, period, generation), plus small items
 * that say which generation is current. A {@link StaticTableSchema}, no bean introspection.
 *
 * <pre>
 *   pk                                   sk           what
 *   PERIOD#&lt;exportId&gt;                   &lt;YYYY-MM&gt;    pointer: generation (= assemblyId), assemblyTime, figures
 *   DATA#&lt;exportId&gt;#&lt;YYYY-MM&gt;#&lt;gen&gt;  c#00000…      body: gzip'd TSV facts (FactCodec), &lt; 350 KB each
 *   EXPORTS                              &lt;exportId&gt;   registry of exports (for the scheduled report)
 *   FEEDBACK                             &lt;anomalyId&gt;  an analyst's "expected" mark (body: JSON)
 *   PUBLISHED#&lt;exportId&gt;                &lt;anomalyId&gt;  claimed once per anomaly event (TTL expiresAt)
 * </pre>
 *
 * Replacing a period: write the new generation's chunks (a partition of their own, invisible to readers), then
 * switch the pointer with a conditional write on the generation it replaces, and only if the new assembly is newer;
 * then delete the old generation's chunks. See {@link DynamoCostStore}.
 */
public final class CostDailyTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** The mutable shape the enhanced client maps. */
    public static final class Item {
        private String pk;
        private String sk;
        private SdkBytes body;
        private String generation;
        private Long assemblyTime;
        private String info;
        private Long expiresAt;

        public String getPk() {
            return pk;
        }

        public void setPk(String v) {
            pk = v;
        }

        public String getSk() {
            return sk;
        }

        public void setSk(String v) {
            sk = v;
        }

        public SdkBytes getBody() {
            return body;
        }

        public void setBody(SdkBytes v) {
            body = v;
        }

        public String getGeneration() {
            return generation;
        }

        public void setGeneration(String v) {
            generation = v;
        }

        public Long getAssemblyTime() {
            return assemblyTime;
        }

        public void setAssemblyTime(Long v) {
            assemblyTime = v;
        }

        public String getInfo() {
            return info;
        }

        public void setInfo(String v) {
            info = v;
        }

        public Long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(Long v) {
            expiresAt = v;
        }
    }

    public static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name(PK).getter(Item::getPk).setter(Item::setPk)
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(SK).getter(Item::getSk).setter(Item::setSk)
                    .tags(primarySortKey()))
            .addAttribute(SdkBytes.class, a -> a.name("body").getter(Item::getBody).setter(Item::setBody))
            .addAttribute(String.class, a -> a.name("generation").getter(Item::getGeneration)
                    .setter(Item::setGeneration))
            .addAttribute(Long.class, a -> a.name("assemblyTime").getter(Item::getAssemblyTime)
                    .setter(Item::setAssemblyTime))
            .addAttribute(String.class, a -> a.name("info").getter(Item::getInfo).setter(Item::setInfo))
            .addAttribute(Long.class, a -> a.name(TTL_ATTRIBUTE).getter(Item::getExpiresAt)
                    .setter(Item::setExpiresAt))
            .build();

    private CostDailyTable() {
    }

    /** Creates the table (on-demand) where it does not exist: DynamoDB Local runs and tests. */
    public static void createIfMissing(DynamoDbClient ddb, String tableName) {
        LocalTables.createIfMissing(ddb, tableName, PK, SK);
    }
}
