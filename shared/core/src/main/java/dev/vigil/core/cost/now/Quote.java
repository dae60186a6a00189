package dev.vigil.core.cost.now;

/** The answer to a price question: a list price, or why there is none (never an exception). */
public sealed interface Quote {

    /** @param usdPerUnit on-demand price of one {@code unit} (Hrs, GB-Mo, IOPS-Mo, ReadCapacityUnit-Hrs, …) */
    record Price(double usdPerUnit, String unit, String sku, String description) implements Quote {
    }

    /** Throttled, unknown SKU, no price file: the change is still reported, as an unpriced change. */
    record Unpriced(String reason) implements Quote {
    }
}
