package dev.vigil.core.metric.format;

/**
 * A Metric Streams output format: turns the bytes of one Firehose record into datapoints and junk.
 *
 * <p>This is the seam where formats plug in: {@code json} is implemented by {@link CloudWatchJsonFormat};
 * {@code opentelemetry1.0} (length-delimited protobuf) by {@link OpenTelemetry10Format}. Implementations
 * never throw for bad content: every problem becomes a {@link JunkLine} in the result.
 */
public interface MetricRecordFormat {

    /** The name used in the {@code METRIC_STREAM_FORMAT} setting and in the stream's OutputFormat. */
    String name();

    /** Parses one record. Never throws on malformed input. */
    ParsedRecord parse(byte[] data);
}
