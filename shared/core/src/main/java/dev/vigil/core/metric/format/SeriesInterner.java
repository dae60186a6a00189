package dev.vigil.core.metric.format;

import dev.vigil.core.metric.SeriesId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reuses what repeats from line to line and from batch to batch: the same accounts, regions, namespaces, metric
 * names, units and dimension values come back every minute, and so does every series. Reusing the strings and the
 * {@link SeriesId}s (with their keys and cached hash codes) removes most of the parser's allocation and makes grouping
 * by series key cheap (identical keys are the same String, so equality is a reference check).
 *
 * <p>Not thread-safe: one per thread. Bounded: the tables are dropped and rebuilt when they fill, so a container that
 * sees ever new series keeps a fixed footprint (about {@value #MAX_SERIES} series).
 */
final class SeriesInterner {

    static final int MAX_STRINGS = 1 << 17;
    static final int MAX_SERIES = 100_000;

    private String[] strings = new String[1 << 12];
    private int stringCount;
    private final Map<Identity, SeriesId> series = new HashMap<>(1 << 12);

    // Scratch space for one datapoint's dimensions, reused between lines.
    private String[] names = new String[8];
    private String[] values = new String[8];
    private int dims;

    /** The string for {@code buf[off, off+len)}, shared with every earlier occurrence. */
    String intern(char[] buf, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[off + i];   // String.hashCode's function, so a found String's cached hash agrees
        }
        int mask = strings.length - 1;
        int slot = spread(h) & mask;
        for (String s; (s = strings[slot]) != null; slot = (slot + 1) & mask) {
            if (s.length() == len && s.hashCode() == h && sameChars(s, buf, off, len)) {
                return s;
            }
        }
        String s = new String(buf, off, len);
        if (2 * (stringCount + 1) > strings.length) {
            if (strings.length >= MAX_STRINGS) {
                strings = new String[strings.length];
                stringCount = 0;
            } else {
                rehash(strings.length * 2);
            }
            mask = strings.length - 1;
            slot = spread(h) & mask;
            while (strings[slot] != null) {
                slot = (slot + 1) & mask;
            }
        }
        strings[slot] = s;
        stringCount++;
        return s;
    }

    void startDimensions() {
        dims = 0;
    }

    void addDimension(String name, String value) {
        if (dims == names.length) {
            names = Arrays.copyOf(names, dims * 2);
            values = Arrays.copyOf(values, dims * 2);
        }
        // Insertion sort by name: datapoints carry a handful of dimensions.
        int i = dims++;
        while (i > 0 && names[i - 1].compareTo(name) > 0) {
            names[i] = names[i - 1];
            values[i] = values[i - 1];
            i--;
        }
        names[i] = name;
        values[i] = value;
    }

    /** The series for these fields and the dimensions added since {@link #startDimensions()}. */
    SeriesId series(String account, String region, String namespace, String metric) {
        String[] parts = new String[4 + 2 * dims];
        parts[0] = account;
        parts[1] = region;
        parts[2] = namespace;
        parts[3] = metric;
        for (int i = 0; i < dims; i++) {
            parts[4 + 2 * i] = names[i];
            parts[5 + 2 * i] = values[i];
        }
        Identity id = new Identity(parts);
        SeriesId found = series.get(id);
        if (found != null) {
            return found;
        }
        TreeMap<String, String> dimensions = new TreeMap<>();
        for (int i = 0; i < dims; i++) {
            dimensions.put(names[i], values[i]);   // a repeated name keeps its last value, as JSON objects do
        }
        SeriesId created = SeriesId.owning(account, region, namespace, metric, dimensions);
        if (series.size() >= MAX_SERIES) {
            series.clear();
        }
        series.put(id, created);
        return created;
    }

    private void rehash(int size) {
        String[] old = strings;
        strings = new String[size];
        int mask = size - 1;
        for (String s : old) {
            if (s != null) {
                int slot = spread(s.hashCode()) & mask;
                while (strings[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                strings[slot] = s;
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private static boolean sameChars(String s, char[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** A series' identifying strings (interned, so equality is mostly reference checks and hashes are cached). */
    private record Identity(String[] parts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && Arrays.equals(parts, i.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }
    }
}
