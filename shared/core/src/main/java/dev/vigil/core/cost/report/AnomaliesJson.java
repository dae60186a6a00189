package dev.vigil.core.cost.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.cost.detect.Contributor;
import dev.vigil.core.cost.detect.CostAnomaly;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The cost-anomaly contract (DESIGN.md) as JSON, with Jackson's streaming API. One object is the detail of a
 * {@code vigil.cost-anomaly} event; {@code anomalies.json} is an array of them.
 */
public final class AnomaliesJson {

    private static final JsonFactory JSON = new JsonFactory();

    private AnomaliesJson() {
    }

    public static String array(List<CostAnomaly> anomalies, String currency) {
        StringWriter w = new StringWriter(1024 + anomalies.size() * 800);
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartArray();
            for (CostAnomaly a : anomalies) {
                write(g, a, currency);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString() + "\n";
    }

    public static String one(CostAnomaly a, String currency) {
        StringWriter w = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, a, currency);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static void write(JsonGenerator g, CostAnomaly a, String currency) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("date", a.date().toString());
        g.writeStringField("dimension", a.scope().dimension().code());
        g.writeStringField("key", a.scope().key());
        if (a.scope().account() == null) {
            g.writeNullField("account");
        } else {
            g.writeStringField("account", a.scope().account());
        }
        num(g, "actualCost", a.actualCost());
        num(g, "expectedCost", a.expectedCost());
        num(g, "impact", a.impact());
        num(g, "impactPercent", a.impactPercent());
        num(g, "score", a.score());
        g.writeStringField("severity", a.severity());
        g.writeArrayFieldStart("contributors");
        for (Contributor c : a.contributors()) {
            g.writeStartObject();
            g.writeStringField("dimension", c.dimension().code());
            g.writeStringField("key", c.key());
            num(g, "impact", c.impact());
            num(g, "share", c.share());
            num(g, "actualCost", c.actual());
            num(g, "expectedCost", c.expected());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("kind", a.kind().code());
        num(g, "lower", a.lower());
        num(g, "upper", a.upper());
        g.writeNumberField("durationDays", a.durationDays());
        g.writeBooleanField("suppressed", a.suppressed());
        g.writeStringField("currency", currency);
        g.writeEndObject();
    }

    private static void num(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, Math.round(v * 1e6) / 1e6);
        } else {
            g.writeNullField(name);
        }
    }
}
