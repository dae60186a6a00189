package dev.vigil.aws.pricing;

import dev.vigil.core.cost.now.PriceBook;
import dev.vigil.core.cost.now.PriceKey;
import dev.vigil.core.cost.now.Quote;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A price cache in DynamoDB in front of the Price List API: one item per price question ({@code pk =
 * price#<cache key>}), with the price, its unit and SKU, and a {@code ttl} (epoch seconds; DynamoDB's TTL removes
 * it, and a read also ignores an expired item TTL has not removed yet). The API is called only for what is not
 * cached. Prices are kept {@code ttl} long (list prices change a few times a year); an unknown SKU is
 * remembered for an hour so that a burst of the same launch asks once; a throttled call is not cached at all.
 * A cache that cannot be read or written is bypassed, never fatal.
 */
public final class DynamoPriceCache implements PriceBook {

    public static final Duration UNKNOWN_TTL = Duration.ofHours(1);

    private final DynamoDbClient ddb;
    private final String table;
    private final PriceBook api;
    private final Duration ttl;
    private final Supplier<Instant> clock;
    private int apiCalls;
    private int hits;

    public DynamoPriceCache(DynamoDbClient ddb, String table, PriceBook api, Duration ttl, Supplier<Instant> clock) {
        this.ddb = ddb;
        this.table = table;
        this.api = api;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Quote quote(PriceKey key) {
        String pk = "price#" + key.cacheKey();
        long now = clock.get().getEpochSecond();
        try {
            GetItemResponse r = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s(pk))).consistentRead(false));
            if (r.hasItem() && !r.item().isEmpty() && Long.parseLong(r.item().get("ttl").n()) > now) {
                hits++;
                Map<String, AttributeValue> it = r.item();
                if (it.containsKey("unpriced")) {
                    return new Quote.Unpriced(it.get("unpriced").s() + " (cached)");
                }
                return new Quote.Price(Double.parseDouble(it.get("usd").n()), str(it, "unit"), str(it, "sku"),
                        str(it, "description"));
            }
        } catch (SdkException | NumberFormatException | NullPointerException e) {
            // an unreadable cache is bypassed: the price is asked for again
        }
        apiCalls++;
        Quote q = api.quote(key);
        try {
            if (q instanceof Quote.Price p) {
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "usd", n(Double.toString(p.usdPerUnit())),
                        "unit", s(nz(p.unit())), "sku", s(nz(p.sku())), "description", s(nz(p.description())),
                        "ttl", n(Long.toString(now + ttl.toSeconds())))));
            } else if (q instanceof Quote.Unpriced u && u.reason().startsWith("unknown SKU")) {
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "unpriced", s(u.reason()),
                        "ttl", n(Long.toString(now + UNKNOWN_TTL.toSeconds())))));
            }
        } catch (SdkException e) {
            // not cached this time; the answer still stands
        }
        return q;
    }

    /** Price List API calls made (cache misses). */
    public int apiCalls() {
        return apiCalls;
    }

    public int hits() {
        return hits;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(String v) {
        return AttributeValue.builder().n(v).build();
    }

    private static String nz(String v) {
        return v == null || v.isEmpty() ? "-" : v;
    }

    private static String str(Map<String, AttributeValue> it, String k) {
        AttributeValue v = it.get(k);
        return v == null || "-".equals(v.s()) ? null : v.s();
    }
}
