package dev.vigil.core.cost.read;

import dev.vigil.core.cost.ExportFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dialect of an export and where each logical {@link Field} sits in it, worked out from the column names (a
 * CSV header, a Parquet schema, or a manifest's column list). Names match case-insensitively; extra columns are
 * ignored; a missing optional column reads as null.
 */
public final class ExportSchema {

    private final ExportFormat format;
    private final String version;
    private final List<String> columns;
    private final int[] index = new int[Field.values().length];
    private final int[] tagColumns;
    private final String[] tagKeys;

    private ExportSchema(ExportFormat format, String version, List<String> columns, Map<Field, Integer> idx,
                         List<Integer> tagCols, List<String> keys) {
        this.format = format;
        this.version = version;
        this.columns = List.copyOf(columns);
        java.util.Arrays.fill(index, -1);
        idx.forEach((f, i) -> index[f.ordinal()] = i);
        this.tagColumns = tagCols.stream().mapToInt(Integer::intValue).toArray();
        this.tagKeys = keys.toArray(new String[0]);
    }

    private static final Map<ExportFormat, Map<Field, String[]>> NAMES = new EnumMap<>(ExportFormat.class);

    static {
        Map<Field, String[]> legacy = new EnumMap<>(Field.class);
        legacy.put(Field.ACCOUNT, new String[] {"lineItem/UsageAccountId"});
        legacy.put(Field.SERVICE, new String[] {"lineItem/ProductCode", "product/servicecode", "product/ProductName"});
        legacy.put(Field.REGION, new String[] {"product/region", "product/regionCode"});
        legacy.put(Field.USAGE_TYPE, new String[] {"lineItem/UsageType"});
        legacy.put(Field.RESOURCE, new String[] {"lineItem/ResourceId"});
        legacy.put(Field.CHARGE_TYPE, new String[] {"lineItem/LineItemType"});
        legacy.put(Field.START, new String[] {"lineItem/UsageStartDate"});
        legacy.put(Field.END, new String[] {"lineItem/UsageEndDate"});
        legacy.put(Field.UNBLENDED, new String[] {"lineItem/UnblendedCost"});
        legacy.put(Field.SP_EFFECTIVE, new String[] {"savingsPlan/SavingsPlanEffectiveCost"});
        legacy.put(Field.SP_TOTAL_COMMIT, new String[] {"savingsPlan/TotalCommitmentToDate"});
        legacy.put(Field.SP_USED_COMMIT, new String[] {"savingsPlan/UsedCommitment"});
        legacy.put(Field.RI_EFFECTIVE, new String[] {"reservation/EffectiveCost"});
        legacy.put(Field.RI_UNUSED_AMORT, new String[] {"reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"});
        legacy.put(Field.RI_UNUSED_RECUR, new String[] {"reservation/UnusedRecurringFee"});
        legacy.put(Field.RI_ARN, new String[] {"reservation/ReservationARN"});
        legacy.put(Field.CURRENCY, new String[] {"lineItem/CurrencyCode"});
        legacy.put(Field.PERIOD_START, new String[] {"bill/BillingPeriodStartDate"});
        NAMES.put(ExportFormat.CUR_LEGACY, legacy);

        Map<Field, String[]> cur2 = new EnumMap<>(Field.class);
        cur2.put(Field.ACCOUNT, new String[] {"line_item_usage_account_id"});
        cur2.put(Field.SERVICE, new String[] {"line_item_product_code", "product_servicecode"});
        cur2.put(Field.REGION, new String[] {"product_region_code", "product_region"});
        cur2.put(Field.USAGE_TYPE, new String[] {"line_item_usage_type"});
        cur2.put(Field.RESOURCE, new String[] {"line_item_resource_id"});
        cur2.put(Field.CHARGE_TYPE, new String[] {"line_item_line_item_type"});
        cur2.put(Field.START, new String[] {"line_item_usage_start_date"});
        cur2.put(Field.END, new String[] {"line_item_usage_end_date"});
        cur2.put(Field.UNBLENDED, new String[] {"line_item_unblended_cost"});
        cur2.put(Field.SP_EFFECTIVE, new String[] {"savings_plan_savings_plan_effective_cost"});
        cur2.put(Field.SP_TOTAL_COMMIT, new String[] {"savings_plan_total_commitment_to_date"});
        cur2.put(Field.SP_USED_COMMIT, new String[] {"savings_plan_used_commitment"});
        cur2.put(Field.RI_EFFECTIVE, new String[] {"reservation_effective_cost"});
        cur2.put(Field.RI_UNUSED_AMORT, new String[] {"reservation_unused_amortized_upfront_fee_for_billing_period"});
        cur2.put(Field.RI_UNUSED_RECUR, new String[] {"reservation_unused_recurring_fee"});
        cur2.put(Field.RI_ARN, new String[] {"reservation_reservation_a_r_n", "reservation_reservation_arn"});
        cur2.put(Field.TAGS, new String[] {"resource_tags"});
        cur2.put(Field.CURRENCY, new String[] {"line_item_currency_code"});
        cur2.put(Field.PERIOD_START, new String[] {"bill_billing_period_start_date"});
        NAMES.put(ExportFormat.CUR_2, cur2);

        Map<Field, String[]> focus = new EnumMap<>(Field.class);
        focus.put(Field.ACCOUNT, new String[] {"SubAccountId", "BillingAccountId"});
        focus.put(Field.SERVICE, new String[] {"ServiceName"});
        focus.put(Field.REGION, new String[] {"RegionId", "Region"});
        focus.put(Field.USAGE_TYPE, new String[] {"x_UsageType", "SkuMeter", "SkuId"});
        focus.put(Field.RESOURCE, new String[] {"ResourceId"});
        focus.put(Field.CHARGE_TYPE, new String[] {"ChargeCategory"});
        focus.put(Field.CHARGE_FREQUENCY, new String[] {"ChargeFrequency"});
        focus.put(Field.START, new String[] {"ChargePeriodStart"});
        focus.put(Field.END, new String[] {"ChargePeriodEnd"});
        focus.put(Field.UNBLENDED, new String[] {"BilledCost"});
        focus.put(Field.EFFECTIVE, new String[] {"EffectiveCost"});
        focus.put(Field.TAGS, new String[] {"Tags"});
        focus.put(Field.CURRENCY, new String[] {"BillingCurrency"});
        focus.put(Field.PERIOD_START, new String[] {"BillingPeriodStart"});
        NAMES.put(ExportFormat.FOCUS, focus);
    }

    /**
     * Detects the dialect from column names.
     *
     * @throws NotABillingExportException when none of the dialects' cost columns is there
     */
    public static ExportSchema detect(List<String> columns, String what) {
        Map<String, Integer> lower = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            lower.putIfAbsent(clean(columns.get(i)), i);
        }
        ExportFormat format;
        String version;
        if (lower.containsKey("billedcost") && lower.containsKey("chargeperiodstart")) {
            format = ExportFormat.FOCUS;
            if (lower.containsKey("invoiceid") || lower.containsKey("pricingcurrency")
                    || lower.containsKey("billingaccounttype") || lower.containsKey("subaccounttype")) {
                version = "1.2";
            } else if (lower.containsKey("servicesubcategory") || lower.containsKey("skumeter")
                    || lower.containsKey("commitmentdiscountquantity") || lower.containsKey("capacityreservationid")
                    || lower.containsKey("skupricedetails")) {
                version = "1.1";
            } else {
                version = "1.0";
            }
        } else if (lower.containsKey("lineitem/unblendedcost")) {
            format = ExportFormat.CUR_LEGACY;
            version = "csv";
        } else if (lower.containsKey("line_item_unblended_cost")) {
            boolean maps = lower.containsKey("resource_tags") || lower.containsKey("product")
                    || lower.containsKey("bill_payer_account_name") || lower.containsKey("cost_category");
            format = maps ? ExportFormat.CUR_2 : ExportFormat.CUR_LEGACY;
            version = maps ? "2.0" : "snake_case";
        } else {
            String first = String.join(",", columns.subList(0, Math.min(6, columns.size())));
            throw new NotABillingExportException(what + " is not a billing export: its columns have none of "
                    + "lineItem/UnblendedCost (legacy CUR), line_item_unblended_cost (CUR 2.0) or BilledCost + "
                    + "ChargePeriodStart (FOCUS); first columns: " + (first.length() > 200
                    ? first.substring(0, 200) + "…" : first));
        }
        Map<Field, Integer> idx = new EnumMap<>(Field.class);
        Map<Field, String[]> names = NAMES.get(format);
        if (format == ExportFormat.CUR_LEGACY && version.equals("snake_case")) {
            names = NAMES.get(ExportFormat.CUR_2);
        }
        for (Map.Entry<Field, String[]> e : names.entrySet()) {
            for (String n : e.getValue()) {
                Integer i = lower.get(n.toLowerCase(Locale.ROOT));
                if (i != null) {
                    idx.put(e.getKey(), i);
                    break;
                }
            }
        }
        List<Integer> tagCols = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        if (format == ExportFormat.CUR_LEGACY) {
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i).trim();
                String lc = c.toLowerCase(Locale.ROOT);
                if (lc.startsWith("resourcetags/")) {
                    tagCols.add(i);
                    keys.add(tagKey(c.substring("resourceTags/".length())));
                } else if (lc.startsWith("resource_tags_")) {
                    tagCols.add(i);
                    keys.add(tagKey(c.substring("resource_tags_".length())));
                }
            }
        }
        for (Field required : new Field[] {Field.START, Field.UNBLENDED}) {
            if (!idx.containsKey(required)) {
                throw new NotABillingExportException(what + " looks like " + format.label() + " but has no column for "
                        + required.name().toLowerCase(Locale.ROOT));
            }
        }
        return new ExportSchema(format, version, columns, idx, tagCols, keys);
    }

    private static String clean(String column) {
        String c = column.trim();
        if (c.startsWith("\uFEFF")) {
            c = c.substring(1);   // a UTF-8 byte order mark on the first header
        }
        return c.toLowerCase(Locale.ROOT);
    }

    /** {@code user:team} (legacy CUR) and {@code user_team} (CUR 2.0) both mean the user tag {@code team}. */
    public static String tagKey(String raw) {
        if (raw.startsWith("user:") || raw.startsWith("user_")) {
            return raw.substring(5);
        }
        return raw;
    }

    public ExportFormat format() {
        return format;
    }

    public String version() {
        return version;
    }

    public String label() {
        return format.label() + (format == ExportFormat.FOCUS ? " " + version : "");
    }

    public List<String> columns() {
        return columns;
    }

    /** Physical column of a field, -1 when absent. */
    public int index(Field f) {
        return index[f.ordinal()];
    }

    public boolean has(Field f) {
        return index[f.ordinal()] >= 0;
    }

    /** Legacy CUR tag columns ({@code resourceTags/user:team}), and their normalised keys. */
    public int[] tagColumns() {
        return tagColumns;
    }

    public String[] tagKeys() {
        return tagKeys;
    }
}
