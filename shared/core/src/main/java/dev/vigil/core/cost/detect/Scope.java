package dev.vigil.core.cost.detect;

/**
 * What a cost series is the cost of: a dimension's key, optionally within one account. {@code service AmazonEC2}
 * across all accounts has {@code account == null}; {@code service AmazonEC2} in account 1111 is the scope that
 * still sees an account's spike when another account's drop hides it at service level.
 */
public record Scope(Dimension dimension, String key, String account) implements Comparable<Scope> {

    public static final Scope TOTAL = new Scope(Dimension.TOTAL, "total", null);

    public static Scope of(Dimension d, String key) {
        return new Scope(d, key, null);
    }

    /** A readable name: "service AmazonEC2 in account 1111". */
    public String label() {
        if (dimension == Dimension.TOTAL) {
            return "total spend";
        }
        String base = dimension.code().replace('_', ' ') + " " + key;
        return account == null ? base : base + " in account " + account;
    }

    /** Specificity for noise reduction: lower is more specific. */
    int rank() {
        if (account != null) {
            return 0;
        }
        return switch (dimension) {
            case SERVICE, ACCOUNT, USAGE_TYPE, RESOURCE -> 1;
            case REGION, TAG -> 2;
            case TOTAL -> 3;
        };
    }

    /** Whether everything in {@code inner} is also in this scope (where the data lets us tell). */
    boolean contains(Scope inner) {
        if (dimension == Dimension.TOTAL) {
            return true;
        }
        if (inner.account == null) {
            return false;
        }
        if (dimension == Dimension.SERVICE && account == null) {
            return inner.dimension == Dimension.SERVICE && inner.key.equals(key);
        }
        if (dimension == Dimension.ACCOUNT) {
            return key.equals(inner.account);
        }
        return false;
    }

    @Override
    public int compareTo(Scope o) {
        int c = dimension.compareTo(o.dimension);
        if (c != 0) {
            return c;
        }
        c = key.compareTo(o.key);
        if (c != 0) {
            return c;
        }
        if (account == null) {
            return o.account == null ? 0 : -1;
        }
        return o.account == null ? 1 : account.compareTo(o.account);
    }
}
