package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** A flat map of figures as a JSON object. */
final class Json {
    private static final JsonFactory JSON = new JsonFactory();

    private Json() {
    }

    static String object(Map<String, Object> values) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Long l) {
                    g.writeNumberField(e.getKey(), l);
                } else if (v instanceof Integer i) {
                    g.writeNumberField(e.getKey(), i);
                } else if (v instanceof Double d) {
                    g.writeNumberField(e.getKey(), d);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(v));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
