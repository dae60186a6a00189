package dev.vigil.core.anomaly;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Writes and reads {@link AnomalyEvent} JSON (the event detail), with Jackson's streaming API: no reflection. */
public final class AnomalyJson {

    private static final JsonFactory JSON = new JsonFactory();

    private AnomalyJson() {
    }

    public static String write(AnomalyEvent e) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("seriesId", e.seriesId());
            g.writeStringField("accountId", e.accountId());
            g.writeStringField("region", e.region());
            g.writeStringField("namespace", e.namespace());
            g.writeStringField("metricName", e.metricName());
            g.writeObjectFieldStart("dimensions");
            for (Map.Entry<String, String> d : e.dimensions().entrySet()) {
                g.writeStringField(d.getKey(), d.getValue());
            }
            g.writeEndObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
            number(g, "value", e.value());
            number(g, "expected", e.expected());
            number(g, "lower", e.lower());
            number(g, "upper", e.upper());
            number(g, "score", e.score());
            g.writeStringField("severity", e.severity());
            g.writeStringField("reason", e.reason());
            g.writeStringField("detail", e.detail());
            g.writeStringField("unit", e.unit());
            g.writeStringField("statistic", e.statistic());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    public static AnomalyEvent read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("anomaly event must be a JSON object");
            }
            String id = null, seriesId = null, account = null, region = null, ns = null, metric = null;
            String severity = null, reason = null, detail = null, unit = null, statistic = null;
            long ts = 0;
            double value = Double.NaN, expected = Double.NaN, lower = Double.NaN, upper = Double.NaN, score = 0;
            TreeMap<String, String> dims = new TreeMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "id" -> id = p.getValueAsString();
                    case "seriesId" -> seriesId = p.getValueAsString();
                    case "accountId" -> account = p.getValueAsString();
                    case "region" -> region = p.getValueAsString();
                    case "namespace" -> ns = p.getValueAsString();
                    case "metricName" -> metric = p.getValueAsString();
                    case "severity" -> severity = p.getValueAsString();
                    case "reason" -> reason = p.getValueAsString();
                    case "detail" -> detail = p.getValueAsString();
                    case "unit" -> unit = p.getValueAsString();
                    case "statistic" -> statistic = p.getValueAsString();
                    case "timestamp" -> ts = Instant.parse(p.getValueAsString()).toEpochMilli();
                    case "value" -> value = num(p, t);
                    case "expected" -> expected = num(p, t);
                    case "lower" -> lower = num(p, t);
                    case "upper" -> upper = num(p, t);
                    case "score" -> score = num(p, t);
                    case "dimensions" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            dims.put(k, p.getValueAsString());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new AnomalyEvent(id, seriesId, account, region, ns, metric, dims, ts, value, expected, lower,
                    upper, score, severity, reason, detail, unit, statistic);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not an anomaly event: " + ex.getMessage(), ex);
        }
    }

    private static double num(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? Double.NaN : p.getDoubleValue();
    }
}
