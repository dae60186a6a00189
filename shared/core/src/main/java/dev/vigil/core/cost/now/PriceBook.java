package dev.vigil.core.cost.now;

/**
 * Where list prices come from: the Price List Query API behind a DynamoDB cache in AWS ({@code shared/aws}),
 * saved {@code GetProducts} responses for {@code vigil cost-now --prices DIR} and tests.
 */
public interface PriceBook {

    /** Never throws for a missing or unavailable price: that is {@link Quote.Unpriced}. */
    Quote quote(PriceKey key);
}
