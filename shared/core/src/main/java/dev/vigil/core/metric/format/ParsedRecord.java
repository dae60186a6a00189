package dev.vigil.core.metric.format;

import dev.vigil.core.metric.MetricDatum;
import java.util.List;

/** What one record held: its datapoints and its junk (blank lines are neither). */
public record ParsedRecord(List<MetricDatum> datums, List<JunkLine> junk) {

    public ParsedRecord {
        datums = List.copyOf(datums);
        junk = List.copyOf(junk);
    }

    /** Nothing but whitespace. */
    public boolean isBlank() {
        return datums.isEmpty() && junk.isEmpty();
    }

    /** Some content, none of it usable. */
    public boolean isAllJunk() {
        return datums.isEmpty() && !junk.isEmpty();
    }
}
