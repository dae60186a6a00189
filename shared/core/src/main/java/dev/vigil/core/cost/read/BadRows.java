package dev.vigil.core.cost.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows that could not be read: all counted, by reason, and the first {@link #MAX_SAMPLES} kept with their file and
 * line number so an analyst can look at them. Nothing is dropped silently.
 */
public final class BadRows {

    public static final int MAX_SAMPLES = 100;

    /** One bad row: where it is and why. */
    public record Sample(String file, long line, String reason) {
    }

    private long count;
    private final Map<String, Long> byReason = new TreeMap<>();
    private final List<Sample> samples = new ArrayList<>();

    public void add(String file, long line, String reason) {
        add(file, line, 1, reason);
    }

    /** {@code rows} bad rows from {@code line} on, for one reason (e.g. a Parquet row group that does not decode). */
    public void add(String file, long line, long rows, String reason) {
        count += rows;
        byReason.merge(reason, rows, Long::sum);
        if (samples.size() < MAX_SAMPLES) {
            samples.add(new Sample(file, line, reason));
        }
    }

    public void addAll(BadRows other) {
        count += other.count;
        other.byReason.forEach((k, v) -> byReason.merge(k, v, Long::sum));
        for (Sample s : other.samples) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(s);
            }
        }
    }

    public long count() {
        return count;
    }

    public Map<String, Long> byReason() {
        return Collections.unmodifiableMap(byReason);
    }

    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }
}
