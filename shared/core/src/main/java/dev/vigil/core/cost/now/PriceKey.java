package dev.vigil.core.cost.now;

import java.util.Map;
import java.util.TreeMap;

/**
 * What to ask the AWS Price List Query API for: a service code and the product attributes that must match
 * ({@code TERM_MATCH} filters of {@code GetProducts}), e.g. {@code AmazonEC2 {instanceType=p4d.24xlarge,
 * regionCode=us-east-1, operatingSystem=Linux, tenancy=Shared, preInstalledSw=NA, capacitystatus=Used}}.
 * Filters are kept sorted so the same question always has the same cache key.
 */
public record PriceKey(String serviceCode, Map<String, String> filters) {

    public PriceKey {
        if (serviceCode == null || serviceCode.isBlank()) {
            throw new IllegalArgumentException("a price key needs a service code");
        }
        filters = java.util.Collections.unmodifiableMap(new TreeMap<>(filters));
    }

    public static PriceKey of(String serviceCode, String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("filters come in name/value pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return new PriceKey(serviceCode, m);
    }

    /** {@code AmazonEC2|capacitystatus=Used|instanceType=p4d.24xlarge|…}: the DynamoDB cache key. */
    public String cacheKey() {
        StringBuilder b = new StringBuilder(serviceCode);
        filters.forEach((k, v) -> b.append('|').append(k).append('=').append(v));
        return b.toString();
    }
}
