package dev.vigil.core.anomaly;

import dev.vigil.core.detect.Verdict;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.ObservationPolicy;
import dev.vigil.core.metric.SeriesId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code vigil.anomaly} event (DESIGN.md contract): what was seen, what was expected, the band, a score in
 * [0, 1], a severity and a reason code. Additive fields: {@code id} (stable for a series and minute, so consumers
 * can drop the rare duplicate of an at-least-once delivery), {@code detail} (one human sentence), {@code unit} and
 * {@code statistic} (what {@code value} measures).
 */
public record AnomalyEvent(String id, String seriesId, String accountId, String region, String namespace,
                           String metricName, SortedMap<String, String> dimensions, long timestamp, double value,
                           double expected, double lower, double upper, double score, String severity,
                           String reason, String detail, String unit, String statistic) {

    public AnomalyEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seriesId, "seriesId");
        dimensions = new TreeMap<>(dimensions == null ? Map.of() : dimensions);
    }

    public static AnomalyEvent of(MetricDatum datum, Verdict.Anomalous v) {
        SeriesId s = datum.series();
        String key = s.key();
        return new AnomalyEvent(idFor(key, datum.timestamp()), key, s.accountId(), s.region(), s.namespace(),
                s.metricName(), s.dimensions(), datum.timestamp(), v.value(), v.explanation().expected(),
                v.explanation().lower(), v.explanation().upper(), v.explanation().score(), v.severity().code(),
                v.explanation().reason().code(), v.explanation().detail(), datum.unit(),
                ObservationPolicy.statisticFor(s.metricName(), datum.unit()).name().toLowerCase(java.util.Locale.ROOT));
    }

    /** A stable id: the first 128 bits of SHA-256 over {@code seriesId|timestamp}. */
    public static String idFor(String seriesKey, long timestamp) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((seriesKey + "|" + timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
