package dev.vigil.core.metric.format;

/**
 * A piece of a record that is not a usable datapoint, with where it is and why.
 *
 * @param lineNumber 1-based line in the record (for {@code opentelemetry1.0}: 1-based message in the record)
 * @param reason     what is wrong, for logs and the error prefix
 * @param excerpt    the first characters of the line (at most {@value #EXCERPT_CHARS}; for a binary message, its
 *                   first bytes in hex, or the metric's name), for logs
 */
public record JunkLine(int lineNumber, String reason, String excerpt) {
    public static final int EXCERPT_CHARS = 80;
}
