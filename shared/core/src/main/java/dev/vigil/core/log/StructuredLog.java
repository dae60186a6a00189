package dev.vigil.core.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One JSON object per log line (what CloudWatch Logs Insights queries best), written without reflection.
 * Secrets never go through here: callers pass ids and counts, not payloads.
 */
public final class StructuredLog {

    private static final JsonFactory JSON = new JsonFactory();
    private final PrintStream out;
    private final String service;

    public StructuredLog(PrintStream out, String service) {
        this.out = out;
        this.service = service;
    }

    /** A log that discards everything (benchmarks, quiet CLI runs). */
    public static StructuredLog discard() {
        return new StructuredLog(null, "none");
    }

    public void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        if (out == null) {
            return;
        }
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("level", level);
            g.writeStringField("service", service);
            g.writeStringField("message", message);
            for (Map.Entry<String, ?> e : fields.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                    g.writeNumberField(e.getKey(), n.longValue());
                } else if (v instanceof Number n) {
                    g.writeNumberField(e.getKey(), n.doubleValue());
                } else if (v instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(v));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(w);
    }
}
