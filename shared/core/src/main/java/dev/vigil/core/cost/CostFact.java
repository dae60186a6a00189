package dev.vigil.core.cost;

/**
 * One aggregated cell: the cost of one key on one day (or hour), in one charge category. What is stored in the
 * CostDaily table and what detection and reports read.
 *
 * <ul>
 *   <li>{@link Grain#DETAIL}: {@code a} = region, {@code b} = usage type</li>
 *   <li>{@link Grain#RESOURCE}: {@code a} = resource id, {@code b} = ""</li>
 *   <li>{@link Grain#TAG}: {@code a} = tag key, {@code b} = tag value</li>
 *   <li>{@link Grain#HOURLY}: {@code a} = hour of day ("00".."23"), {@code b} = "" (hourly exports only)</li>
 * </ul>
 *
 * @param epochDay days since 1970-01-01 (UTC)
 */
public record CostFact(Grain grain, long epochDay, ChargeCategory category, String account, String service, String a,
                       String b, double cost) {

    public enum Grain {
        DETAIL, RESOURCE, TAG, HOURLY;

        public char code() {
            return name().charAt(0);
        }

        public static Grain ofCode(char c) {
            return switch (c) {
                case 'D' -> DETAIL;
                case 'R' -> RESOURCE;
                case 'T' -> TAG;
                case 'H' -> HOURLY;
                default -> throw new IllegalArgumentException("unknown grain " + c);
            };
        }
    }

    public java.time.LocalDate day() {
        return java.time.LocalDate.ofEpochDay(epochDay);
    }
}
