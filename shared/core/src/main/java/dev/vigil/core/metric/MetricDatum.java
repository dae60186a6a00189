package dev.vigil.core.metric;

import java.util.Objects;

/**
 * One datapoint of a Metric Stream: a series, the start of its minute (epoch milliseconds),
 * its statistic set and its CloudWatch unit (e.g. {@code Count}, {@code Percent}, {@code Bytes/Second}).
 */
public record MetricDatum(SeriesId series, long timestamp, StatisticSet value, String unit) {
    public MetricDatum {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(value, "value");
        unit = unit == null ? "None" : unit;
    }
}
