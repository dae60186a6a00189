package dev.vigil.cli;

import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.core.metric.format.MetricRecordFormat;
import dev.vigil.core.metric.format.OpenTelemetry10Format;
import dev.vigil.core.metric.format.ParsedRecord;

/**
 * For {@code vigil replay} on files of either stream format: each record is read as {@code json} when its first
 * non-blank byte is '{', else as {@code opentelemetry1.0}; if that yields no datapoint, the other format is tried. A
 * deployed function is told its format ({@code METRIC_STREAM_FORMAT}); a local replay of saved events should not have
 * to be. The fallback covers the ambiguous case: an OpenTelemetry message of exactly 123 bytes starts with '{'.
 */
final class DetectingFormat implements MetricRecordFormat {

    private final MetricRecordFormat json = new CloudWatchJsonFormat();
    private final MetricRecordFormat otel = new OpenTelemetry10Format();

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public ParsedRecord parse(byte[] data) {
        boolean looksJson = looksJson(data);
        MetricRecordFormat first = looksJson ? json : otel;
        ParsedRecord r = first.parse(data);
        if (r.datums().isEmpty() && !r.isBlank()) {
            ParsedRecord other = (looksJson ? otel : json).parse(data);
            if (!other.datums().isEmpty()) {
                return other;
            }
        }
        return r;
    }

    static boolean looksJson(byte[] data) {
        for (byte b : data) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return true;   // blank: either format says blank
    }
}
