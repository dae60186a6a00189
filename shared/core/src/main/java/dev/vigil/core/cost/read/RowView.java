package dev.vigil.core.cost.read;

/**
 * One row of an export, as the normaliser sees it, whatever the file format (CSV bytes or Parquet values).
 * Implementations avoid allocating per row.
 */
public interface RowView {

    /** Whether this export has the column at all. */
    boolean has(Field f);

    /** Absent column, empty field, or the literal {@code NULL}. */
    boolean isNull(Field f);

    /** Dictionary id of the value (0 for null); {@code lowerCase} folds ASCII upper case first. */
    int id(Field f, ByteDict dict, boolean lowerCase);

    /** The value as a number: 0 for null, NaN when it is not a number. */
    double number(Field f);

    /** Hours since the epoch (UTC), or {@link Ascii#BAD_TIME}. */
    long epochHour(Field f);

    /** Calls {@code sink} for each cost-allocation tag of the row (key and value ids in {@code dict}). */
    void forEachTag(TagSink sink, ByteDict dict);

    /** Receives one tag. */
    @FunctionalInterface
    interface TagSink {
        void tag(int keyId, int valueId);
    }
}
