package dev.vigil.core.metric.format;

import java.util.Locale;

/** Looks up a {@link MetricRecordFormat} by the Metric Stream's OutputFormat name. */
public final class MetricFormats {

    private MetricFormats() {
    }

    public static MetricRecordFormat forName(String name) {
        String n = name == null ? "json" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "", "json" -> new CloudWatchJsonFormat();
            case OpenTelemetry10Format.NAME -> new OpenTelemetry10Format();
            case "opentelemetry0.7" -> throw new IllegalArgumentException("METRIC_STREAM_FORMAT=" + name
                    + " is not supported: set the Metric Stream's OutputFormat to json or opentelemetry1.0");
            default -> throw new IllegalArgumentException(
                    "METRIC_STREAM_FORMAT=" + name + " is unknown: expected json or opentelemetry1.0");
        };
    }
}
