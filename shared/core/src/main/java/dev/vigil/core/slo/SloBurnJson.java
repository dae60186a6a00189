package dev.vigil.core.slo;

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

/** {@link SloBurnEvent} as JSON (the event detail), Jackson streaming. */
public final class SloBurnJson {

    private static final JsonFactory JSON = new JsonFactory();

    private SloBurnJson() {
    }

    public static String write(SloBurnEvent e) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("slo", e.slo());
            if (e.service() != null) {
                g.writeStringField("service", e.service());
            }
            if (e.team() != null) {
                g.writeStringField("team", e.team());
            }
            g.writeNumberField("objective", e.objective());
            g.writeStringField("level", e.level());
            g.writeStringField("previousLevel", e.previousLevel());
            g.writeStringField("rule", e.rule());
            g.writeObjectFieldStart("burnRates");
            for (Map.Entry<String, Double> b : new TreeMap<>(e.burnRates()).entrySet()) {
                g.writeNumberField(b.getKey(), round(b.getValue()));
            }
            g.writeEndObject();
            g.writeNumberField("budgetRemaining", round(e.budgetRemaining()));
            g.writeStringField("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000.0) / 10000.0 : 0;
    }

    public static SloBurnEvent read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("slo-burn event must be a JSON object");
            }
            String id = null, slo = null, service = null, team = null, level = null, prev = null, rule = null;
            double objective = 0, remaining = 0;
            long ts = 0;
            Map<String, Double> rates = new TreeMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "id" -> id = p.getValueAsString();
                    case "slo" -> slo = p.getValueAsString();
                    case "service" -> service = p.getValueAsString();
                    case "team" -> team = p.getValueAsString();
                    case "level" -> level = p.getValueAsString();
                    case "previousLevel" -> prev = p.getValueAsString();
                    case "rule" -> rule = p.getValueAsString();
                    case "objective" -> objective = p.getValueAsDouble();
                    case "budgetRemaining" -> remaining = p.getValueAsDouble();
                    case "timestamp" -> ts = Instant.parse(p.getValueAsString()).toEpochMilli();
                    case "burnRates" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            rates.put(k, p.getValueAsDouble());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (id == null || slo == null || level == null) {
                throw new IllegalArgumentException("slo-burn event needs id, slo and level");
            }
            return new SloBurnEvent(id, slo, service, team, objective, level, prev == null ? "none" : prev,
                    rule == null ? "" : rule, rates, remaining, ts);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not a slo-burn event: " + ex.getMessage(), ex);
        }
    }
}
