package dev.vigil.core.cost.now;

import dev.vigil.core.json.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the AWS Price List Query API's {@code GetProducts} response: {@code {"FormatVersion":"aws_v1",
 * "PriceList":["{…product JSON as a string…}", …], "NextToken":…}}. Each {@code PriceList} entry is itself JSON
 * text: {@code product{sku, productFamily, attributes{}}, serviceCode, terms{OnDemand{<offer>{priceDimensions{<rate>
 * {unit, pricePerUnit{USD}, beginRange, endRange, description}}}}, Reserved{…}}}. Only OnDemand terms are read:
 * a provisional estimate is a list-price upper bound (Savings Plans, reservations and credits are what the export
 * reconciliation is for).
 */
public final class PriceList {

    /** One product and its first on-demand tier. */
    public record Product(String sku, String serviceCode, Map<String, String> attributes, Quote.Price onDemand) {

        /** Whether every filter of the key is one of this product's attributes, with that value. */
        public boolean matches(PriceKey key) {
            if (!key.serviceCode().equals(serviceCode)) {
                return false;
            }
            for (Map.Entry<String, String> f : key.filters().entrySet()) {
                if (!f.getValue().equalsIgnoreCase(attributes.getOrDefault(f.getKey(), ""))) {
                    return false;
                }
            }
            return true;
        }
    }

    private PriceList() {
    }

    /** The products of one response; entries without an on-demand USD price are skipped. */
    public static List<Product> parseResponse(String responseJson) {
        Map<String, Object> r = JsonTree.object(responseJson);
        List<Product> out = new ArrayList<>();
        for (Object entry : JsonTree.list(r, "PriceList")) {
            // The API returns each entry as a JSON string; a saved response re-serialised as objects works too.
            Map<String, Object> p = entry instanceof String s ? JsonTree.object(s) : asObject(entry);
            Product product = parseProduct(p);
            if (product != null) {
                out.add(product);
            }
        }
        return out;
    }

    /** The NextToken of a response, or null. */
    public static String nextToken(String responseJson) {
        Object t = JsonTree.object(responseJson).get("NextToken");
        return t == null || t.toString().isEmpty() ? null : t.toString();
    }

    public static Product parseProduct(Map<String, Object> p) {
        Map<String, Object> product = JsonTree.optObj(p, "product");
        if (product == null) {
            throw new IllegalArgumentException("PriceList entry without 'product'");
        }
        String sku = JsonTree.optStr(product, "sku");
        String service = JsonTree.optStr(p, "serviceCode");
        Map<String, String> attrs = new LinkedHashMap<>(JsonTree.strings(product, "attributes"));
        if (JsonTree.optStr(product, "productFamily") != null) {
            attrs.putIfAbsent("productFamily", JsonTree.optStr(product, "productFamily"));
        }
        if (service == null) {
            service = attrs.get("servicecode");
        }
        Map<String, Object> terms = JsonTree.optObj(p, "terms");
        Map<String, Object> onDemand = terms == null ? null : JsonTree.optObj(terms, "OnDemand");
        if (onDemand == null || service == null) {
            return null;
        }
        Quote.Price best = null;
        double bestBegin = Double.POSITIVE_INFINITY;
        for (Object offer : onDemand.values()) {
            Map<String, Object> dims = JsonTree.optObj(asObject(offer), "priceDimensions");
            if (dims == null) {
                continue;
            }
            for (Object d : dims.values()) {
                Map<String, Object> dim = asObject(d);
                Map<String, String> ppu = JsonTree.strings(dim, "pricePerUnit");
                String usd = ppu.get("USD");
                if (usd == null) {
                    continue;
                }
                double begin = parseOr(JsonTree.optStr(dim, "beginRange"), 0);
                double price = Double.parseDouble(usd);
                // The first priced tier is what the next hour of a new resource costs. A free first tier (DynamoDB's
                // free capacity) is skipped: it is per account and long used up wherever an estimate matters.
                if (best == null || price > 0 && (best.usdPerUnit() == 0 || begin < bestBegin)) {
                    bestBegin = begin;
                    best = new Quote.Price(price, JsonTree.optStr(dim, "unit"), sku,
                            JsonTree.optStr(dim, "description"));
                }
            }
        }
        return best == null ? null : new Product(sku, service, attrs, best);
    }

    private static double parseOr(String s, double fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("PriceList entry: expected an object");
        }
        return (Map<String, Object>) o;
    }

    /**
     * The price for a key among candidate products: the highest of the matching products' prices (the filters
     * are chosen to select one product; when they select several, an estimate that errs high is the safe one).
     */
    public static Quote choose(PriceKey key, List<Product> products) {
        Quote.Price found = null;
        int matches = 0;
        for (Product p : products) {
            if (!p.matches(key)) {
                continue;
            }
            matches++;
            if (found == null || p.onDemand().usdPerUnit() > found.usdPerUnit()) {
                found = p.onDemand();
            }
        }
        if (found == null) {
            return new Quote.Unpriced("no product matches " + key.cacheKey());
        }
        return found;
    }
}
