package dev.vigil.core.cost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Analyst marks as JSON (the CLI's feedback.json; one mark per CostDaily item in AWS). */
public final class ExpectedMarksJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ExpectedMarksJson() {
    }

    public static String write(List<ExpectedMark> marks) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartArray();
            for (ExpectedMark m : marks) {
                writeOne(g, m);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    public static String writeOne(ExpectedMark m) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            writeOne(g, m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeOne(JsonGenerator g, ExpectedMark m) throws IOException {
        g.writeStartObject();
        g.writeStringField("anomalyId", m.anomalyId());
        if (Double.isFinite(m.impact())) {
            g.writeNumberField("impact", m.impact());
        }
        if (m.by() != null) {
            g.writeStringField("by", m.by());
        }
        if (m.note() != null) {
            g.writeStringField("note", m.note());
        }
        g.writeEndObject();
    }

    public static List<ExpectedMark> read(String json) {
        List<ExpectedMark> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                out.add(readOne(p));
                return out;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("feedback must be a JSON array of marks");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(readOne(p));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("feedback is not valid JSON: " + e.getMessage(), e);
        }
        return out;
    }

    private static ExpectedMark readOne(JsonParser p) throws IOException {
        String id = null;
        double impact = Double.NaN;
        String by = null;
        String note = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "anomalyId" -> id = p.getValueAsString();
                case "impact" -> impact = p.getValueAsDouble();
                case "by" -> by = p.getValueAsString();
                case "note" -> note = p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("a feedback mark has no anomalyId");
        }
        return ExpectedMark.of(id, impact, by, note);
    }
}
