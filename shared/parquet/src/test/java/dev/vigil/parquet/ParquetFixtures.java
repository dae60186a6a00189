package dev.vigil.parquet;

import dev.vigil.core.cost.BillingFixtures.Item;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Parquet exports written by the test itself (no binary fixtures in the repository): CUR 2.0 with its map columns
 * and FOCUS with a MAP Tags column, typed as AWS Data Exports types them (timestamps in ms, doubles, strings).
 */
public final class ParquetFixtures {

    private ParquetFixtures() {
    }

    public static final MessageType CUR2 = MessageTypeParser.parseMessageType("""
            message cur2 {
              optional binary bill_payer_account_name (STRING);
              optional binary identity_line_item_id (STRING);
              optional binary line_item_usage_account_id (STRING);
              optional binary line_item_line_item_type (STRING);
              optional int64 line_item_usage_start_date (TIMESTAMP(MILLIS,true));
              optional int64 line_item_usage_end_date (TIMESTAMP(MILLIS,true));
              optional binary line_item_product_code (STRING);
              optional binary line_item_usage_type (STRING);
              optional binary line_item_resource_id (STRING);
              optional double line_item_unblended_cost;
              optional binary line_item_currency_code (STRING);
              optional group product (MAP) {
                repeated group key_value { required binary key (STRING); optional binary value (STRING); }
              }
              optional binary product_region_code (STRING);
              optional double reservation_unused_amortized_upfront_fee_for_billing_period;
              optional double reservation_unused_recurring_fee;
              optional group resource_tags (MAP) {
                repeated group key_value { required binary key (STRING); optional binary value (STRING); }
              }
              optional double savings_plan_savings_plan_effective_cost;
              optional double pricing_public_on_demand_cost;
            }
            """);

    public static final MessageType FOCUS = MessageTypeParser.parseMessageType("""
            message focus {
              optional binary BilledCost (DECIMAL(18,10));
              optional binary BillingAccountId (STRING);
              optional binary BillingCurrency (STRING);
              optional binary ChargeCategory (STRING);
              optional binary ChargeFrequency (STRING);
              optional int64 ChargePeriodEnd (TIMESTAMP(MICROS,true));
              optional int64 ChargePeriodStart (TIMESTAMP(MICROS,true));
              optional double EffectiveCost;
              optional binary RegionId (STRING);
              optional binary ResourceId (STRING);
              optional binary ServiceName (STRING);
              optional binary SubAccountId (STRING);
              optional group Tags (MAP) {
                repeated group key_value { required binary key (STRING); optional binary value (STRING); }
              }
              optional binary x_UsageType (STRING);
              optional binary InvoiceId (STRING);
            }
            """);

    /** How the pages are written: what a reader must decode alike. */
    public enum Pages {
        /** V1 data pages, dictionary-encoded (parquet-mr's default). */
        V1_DICTIONARY,
        /** V2 data pages (RLE_DICTIONARY, uncompressed levels, delta encodings where there is no dictionary). */
        V2,
        /** No dictionary: every value plain. */
        PLAIN,
        /** A dictionary too small for the values: the chunk falls back to plain pages part way through. */
        DICTIONARY_FALLBACK
    }

    public static void writeCur2(Path file, List<Item> items, CompressionCodecName codec) throws IOException {
        writeCur2(file, items, codec, Pages.V1_DICTIONARY);
    }

    public static void writeCur2(Path file, List<Item> items, CompressionCodecName codec, Pages pages)
            throws IOException {
        SimpleGroupFactory f = new SimpleGroupFactory(CUR2);
        try (ParquetWriter<Group> w = writer(file, CUR2, codec, pages)) {
            int i = 0;
            for (Item it : items) {
                Group g = f.newGroup()
                        .append("bill_payer_account_name", "Payer")
                        .append("identity_line_item_id", "li" + i++)
                        .append("line_item_usage_account_id", it.account())
                        .append("line_item_line_item_type", it.type())
                        .append("line_item_usage_start_date", it.start().toEpochMilli())
                        .append("line_item_usage_end_date", it.end().toEpochMilli())
                        .append("line_item_product_code", it.service())
                        .append("line_item_usage_type", it.usageType())
                        .append("line_item_unblended_cost", it.unblended())
                        .append("line_item_currency_code", "USD")
                        .append("product_region_code", it.region())
                        .append("pricing_public_on_demand_cost", it.unblended());
                if (!it.resource().isEmpty()) {
                    g.append("line_item_resource_id", it.resource());
                }
                map(g.addGroup("product"), Map.of("region", it.region()));
                Group tags = g.addGroup("resource_tags");
                Map<String, String> prefixed = new java.util.LinkedHashMap<>();
                it.tags().forEach((k, v) -> prefixed.put("user_" + k, v));
                map(tags, prefixed);
                if (it.type().equals("RIFee")) {
                    g.append("reservation_unused_amortized_upfront_fee_for_billing_period", it.amortised() * 0.6)
                            .append("reservation_unused_recurring_fee", it.amortised() * 0.4);
                }
                if (it.type().equals("SavingsPlanCoveredUsage")) {
                    g.append("savings_plan_savings_plan_effective_cost", it.amortised());
                }
                w.write(g);
            }
        }
    }

    public static void writeFocus(Path file, List<Item> items, CompressionCodecName codec) throws IOException {
        SimpleGroupFactory f = new SimpleGroupFactory(FOCUS);
        try (ParquetWriter<Group> w = writer(file, FOCUS, codec)) {
            for (Item it : items) {
                String category = switch (it.type()) {
                    case "Tax" -> "Tax";
                    case "Credit" -> "Credit";
                    case "RIFee" -> "Purchase";
                    default -> "Usage";
                };
                Group g = f.newGroup()
                        .append("BilledCost", decimal(it.unblended()))
                        .append("BillingAccountId", "999")
                        .append("BillingCurrency", "USD")
                        .append("ChargeCategory", category)
                        .append("ChargeFrequency", it.type().equals("RIFee") ? "Recurring" : "Usage-Based")
                        .append("ChargePeriodStart", it.start().toEpochMilli() * 1000)
                        .append("ChargePeriodEnd", it.end().toEpochMilli() * 1000)
                        .append("EffectiveCost", it.amortised())
                        .append("ServiceName", it.service())
                        .append("SubAccountId", it.account())
                        .append("InvoiceId", "inv-1");
                if (!it.region().isEmpty()) {
                    g.append("RegionId", it.region());
                }
                if (!it.resource().isEmpty()) {
                    g.append("ResourceId", it.resource());
                }
                if (!it.usageType().isEmpty()) {
                    g.append("x_UsageType", it.usageType());
                }
                map(g.addGroup("Tags"), it.tags());
                w.write(g);
            }
        }
    }

    /** DECIMAL(18,10) as a big-endian two's-complement unscaled value. */
    static org.apache.parquet.io.api.Binary decimal(double v) {
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).setScale(10, java.math.RoundingMode.HALF_UP);
        return org.apache.parquet.io.api.Binary.fromConstantByteArray(d.unscaledValue().toByteArray());
    }

    private static void map(Group mapGroup, Map<String, String> m) {
        for (Map.Entry<String, String> e : m.entrySet()) {
            mapGroup.addGroup("key_value").append("key", e.getKey()).append("value", e.getValue());
        }
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema, CompressionCodecName codec)
            throws IOException {
        return writer(file, schema, codec, Pages.V1_DICTIONARY);
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema, CompressionCodecName codec, Pages pages)
            throws IOException {
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withWriterVersion(pages == Pages.V2 ? org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0
                        : org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_1_0)
                .withDictionaryPageSize(pages == Pages.DICTIONARY_FALLBACK ? 512 : 1024 * 1024)
                .withPageSize(8 * 1024)   // several pages per chunk
                .withDictionaryEncoding(pages != Pages.PLAIN)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new PureJavaCodecs())
                .withType(schema)
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(64L * 1024)   // several row groups even for small fixtures
                .build();
    }
}
