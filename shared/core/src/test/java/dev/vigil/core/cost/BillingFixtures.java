package dev.vigil.core.cost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Generated billing exports for tests: the same logical line items written as legacy CUR, CUR 2.0 or FOCUS CSV
 * (and, in shared/parquet's tests, as Parquet), so each parser can be checked against known sums.
 */
public final class BillingFixtures {

    private BillingFixtures() {
    }

    /** One logical line item. {@code type} is a CUR line item type (Usage, Tax, RIFee, SavingsPlanCoveredUsage…). */
    public record Item(LocalDate day, int hour, String account, String service, String region, String usageType,
                       String resource, String type, double unblended, double amortised, Map<String, String> tags) {
        public Instant start() {
            return day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L);
        }

        public Instant end() {
            if (type.equals("Tax") || type.equals("RIFee") || type.equals("SavingsPlanRecurringFee")) {
                return day.withDayOfMonth(1).plusMonths(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return start().plusSeconds(3600);
        }
    }

    /** A deterministic mix: usage in 3 services and 2 accounts over {@code days} days, plus fees, tax and a credit. */
    public static List<Item> sampleItems(LocalDate start, int days, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Item> items = new ArrayList<>();
        String[] services = {"AmazonEC2", "AmazonS3", "AWSLambda"};
        String[] accounts = {"111111111111", "222222222222"};
        for (int d = 0; d < days; d++) {
            LocalDate day = start.plusDays(d);
            for (String acct : accounts) {
                for (String svc : services) {
                    for (int h = 0; h < 24; h += 6) {
                        double c = Math.round(r.nextDouble(0.5, 20) * 1e6) / 1e6;
                        Map<String, String> tags = new LinkedHashMap<>();
                        tags.put("team", r.nextBoolean() ? "data" : "web");
                        if (r.nextInt(3) == 0) {
                            tags.put("env", "prod");
                        }
                        items.add(new Item(day, h, acct, svc, r.nextBoolean() ? "us-east-1" : "eu-west-1",
                                svc + "-Usage" + (h % 12), "arn:aws:" + svc.toLowerCase(Locale.ROOT) + ":" + acct + ":r"
                                + r.nextInt(4), "Usage", c, c, tags));
                    }
                }
            }
            if (day.getDayOfMonth() == 1) {
                items.add(new Item(day, 0, accounts[0], "AmazonEC2", "us-east-1", "HeavyUsage:m5.large", "",
                        "RIFee", 300, 12.5, Map.of()));
            }
        }
        // a covered usage line: unblended at on-demand, amortised at the plan's effective cost
        items.add(new Item(start, 0, accounts[1], "AmazonEC2", "us-east-1", "BoxUsage:m5.large", "i-1",
                "SavingsPlanCoveredUsage", 10, 6.5, Map.of("team", "web")));
        items.add(new Item(start, 0, accounts[0], "AmazonEC2", "", "", "", "Tax", 7.25, 7.25, Map.of()));
        items.add(new Item(start.plusDays(1), 0, accounts[0], "AmazonS3", "", "", "", "Credit", -3, -3, Map.of()));
        return items;
    }

    // ------------------------------------------------------------------ CSV writers

    public static final String[] LEGACY_HEADER = {"identity/LineItemId", "identity/TimeInterval",
            "bill/BillingPeriodStartDate", "lineItem/UsageAccountId", "lineItem/LineItemType",
            "lineItem/UsageStartDate", "lineItem/UsageEndDate", "lineItem/ProductCode", "lineItem/UsageType",
            "lineItem/ResourceId", "lineItem/UnblendedCost", "lineItem/CurrencyCode", "product/region",
            "savingsPlan/SavingsPlanEffectiveCost", "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
            "reservation/UnusedRecurringFee", "resourceTags/user:team", "resourceTags/user:env"};

    public static String legacyCsv(List<Item> items) {
        StringBuilder sb = new StringBuilder(String.join(",", LEGACY_HEADER)).append('\n');
        int i = 0;
        for (Item it : items) {
            boolean sp = it.type().equals("SavingsPlanCoveredUsage");
            boolean ri = it.type().equals("RIFee");
            row(sb, "li" + i++, it.start() + "/" + it.end(), it.day().withDayOfMonth(1) + "T00:00:00Z", it.account(),
                    it.type(), it.start().toString(), it.end().toString(), it.service(), it.usageType(), it.resource(),
                    num(it.unblended()), "USD", it.region(), sp ? num(it.amortised()) : "",
                    ri ? num(it.amortised() * 0.6) : "", ri ? num(it.amortised() * 0.4) : "",
                    it.tags().getOrDefault("team", ""), it.tags().getOrDefault("env", ""));
        }
        return sb.toString();
    }

    public static final String[] CUR2_HEADER = {"bill_billing_period_start_date", "bill_payer_account_name",
            "identity_line_item_id", "line_item_usage_account_id", "line_item_line_item_type",
            "line_item_usage_start_date", "line_item_usage_end_date", "line_item_product_code",
            "line_item_usage_type", "line_item_resource_id", "line_item_unblended_cost", "line_item_currency_code",
            "product", "product_region_code", "reservation_unused_amortized_upfront_fee_for_billing_period",
            "reservation_unused_recurring_fee", "resource_tags", "savings_plan_savings_plan_effective_cost"};

    public static String cur2Csv(List<Item> items) {
        StringBuilder sb = new StringBuilder(String.join(",", CUR2_HEADER)).append('\n');
        int i = 0;
        for (Item it : items) {
            boolean sp = it.type().equals("SavingsPlanCoveredUsage");
            boolean ri = it.type().equals("RIFee");
            row(sb, it.day().withDayOfMonth(1) + "T00:00:00.000Z", "Payer, Inc.", "li" + i++, it.account(), it.type(),
                    it.start().toString(), it.end().toString(), it.service(), it.usageType(), it.resource(),
                    num(it.unblended()), "USD", "{\"region\":\"" + it.region() + "\",\"servicecode\":\"" + it.service()
                            + "\"}", it.region(), ri ? num(it.amortised() * 0.6) : "",
                    ri ? num(it.amortised() * 0.4) : "", json(prefixed(it.tags(), "user_")),
                    sp ? num(it.amortised()) : "");
        }
        return sb.toString();
    }

    public static final String[] FOCUS_HEADER = {"BilledCost", "BillingAccountId", "BillingCurrency",
            "BillingPeriodStart", "ChargeCategory", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
            "EffectiveCost", "RegionId", "ResourceId", "ServiceName", "SubAccountId", "Tags", "x_UsageType",
            "SkuMeter", "Id"};

    /** FOCUS 1.1 (SkuMeter), in the real-world dialect: space-separated timestamps, NULL, mixed case. */
    public static String focusCsv(List<Item> items) {
        StringBuilder sb = new StringBuilder(String.join(",", FOCUS_HEADER)).append('\n');
        int i = 0;
        for (Item it : items) {
            String category = switch (it.type()) {
                case "Tax" -> "Tax";
                case "Credit" -> "Credit";
                case "RIFee" -> "Purchase";
                default -> i % 2 == 0 ? "Usage" : "usage";
            };
            String freq = it.type().equals("RIFee") ? "Recurring" : (i % 3 == 0 ? "Usage-based" : "Usage-Based");
            row(sb, num(it.unblended()), "999", "USD", it.day().withDayOfMonth(1) + " 00:00:00", category, freq,
                    it.end().toString().replace('T', ' ').replace("Z", ""),
                    it.start().toString().replace('T', ' ').replace("Z", ""),
                    it.type().equals("RIFee") ? num(it.amortised()) : num(it.amortised()),
                    it.region().isEmpty() ? "NULL" : it.region(), it.resource().isEmpty() ? "NULL" : it.resource(),
                    it.service(), it.account(), it.tags().isEmpty() ? "NULL" : json(it.tags()),
                    it.usageType().isEmpty() ? "NULL" : it.usageType(), "NULL", Integer.toString(i));
            i++;
        }
        return sb.toString();
    }

    private static Map<String, String> prefixed(Map<String, String> tags, String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach((k, v) -> m.put(prefix + k, v));
        return m;
    }

    public static String json(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
        }
        return sb.append('}').toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.10f", v);
    }

    /** RFC 4180: quote fields with a comma, quote or line break; double the quotes. */
    static void row(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields[i];
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append('\n');
    }

    public static byte[] gzip(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Expected sums of the items, by (category-ish) key, for assertions. */
    public static double sum(List<Item> items, java.util.function.Predicate<Item> p, boolean amortised) {
        double s = 0;
        for (Item it : items) {
            if (p.test(it)) {
                s += amortised ? it.amortised() : it.unblended();
            }
        }
        return s;
    }
}
