package dev.vigil.aws.pricing;

import dev.vigil.core.cost.now.PriceBook;
import dev.vigil.core.cost.now.PriceKey;
import dev.vigil.core.cost.now.PriceList;
import dev.vigil.core.cost.now.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * Prices from the AWS Price List Query API: {@code GetProducts} with one {@code TERM_MATCH} filter per key
 * attribute. Each {@code PriceList} entry is a JSON string, read by the core's {@link PriceList}. A few pages at
 * most (well-chosen filters select one product). Throttling, an unknown SKU, any SDK failure: an
 * {@link Quote.Unpriced}, never an exception: the change is still reported, as unpriced.
 *
 * <p>The API answers from us-east-1 (also ap-south-1 and eu-central-1) whatever region is being priced: the region
 * is a filter ({@code regionCode}), not the endpoint.
 */
public final class PriceListApiPriceBook implements PriceBook {

    static final int MAX_PAGES = 3;

    private final PricingClient client;

    public PriceListApiPriceBook(PricingClient client) {
        this.client = client;
    }

    @Override
    public Quote quote(PriceKey key) {
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, String> f : key.filters().entrySet()) {
            filters.add(Filter.builder().type(FilterType.TERM_MATCH).field(f.getKey()).value(f.getValue()).build());
        }
        List<PriceList.Product> products = new ArrayList<>();
        String token = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                GetProductsResponse r = client.getProducts(GetProductsRequest.builder()
                        .serviceCode(key.serviceCode()).filters(filters).formatVersion("aws_v1").maxResults(100)
                        .nextToken(token).build());
                for (String entry : r.priceList()) {
                    PriceList.Product p = PriceList.parseProduct(dev.vigil.core.json.JsonTree.object(entry));
                    if (p != null) {
                        products.add(p);
                    }
                }
                token = r.nextToken();
                if (token == null || token.isEmpty()) {
                    break;
                }
            }
        } catch (SdkException e) {
            return new Quote.Unpriced("Price List API: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new Quote.Unpriced("Price List API answered something unreadable: " + e.getMessage());
        }
        if (products.isEmpty()) {
            return new Quote.Unpriced("unknown SKU: the Price List has no product for " + key.cacheKey());
        }
        return PriceList.choose(key, products);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
