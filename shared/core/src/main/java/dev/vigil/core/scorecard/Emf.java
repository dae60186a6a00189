package dev.vigil.core.scorecard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch embedded metric format: one JSON log line carries both the values and the instructions that turn them
 * into metrics ({@code _aws.CloudWatchMetrics}), so the function publishes metrics by printing, with no API call
 * and no agent. Written with jackson-core.
 *
 * <p>Metrics go to namespace {@value #NAMESPACE} with dimension {@code Service} (and {@code Reason} for
 * {@code Suppressed}). Counters are summed over the batch across days; durations go out as value arrays (EMF
 * supports up to 100 values per metric), from which CloudWatch computes averages and percentiles.
 */
public final class Emf {

    public static final String NAMESPACE = "Vigil/AIOps";
    static final int MAX_VALUES = 100;
    private static final JsonFactory JSON = new JsonFactory();

    private final PrintStream out;
    private final String service;

    public Emf(PrintStream out, String service) {
        this.out = out;
        this.service = service;
    }

    public void emit(Counters c, long timestamp) {
        for (String line : lines(c, timestamp, service)) {
            out.println(line);
        }
    }

    /** The EMF lines for a batch's counters: one for the plain metrics, one per suppression reason. */
    public static List<String> lines(Counters c, long timestamp, String service) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Map<String, Long> day : c.byDay().values()) {
            day.forEach((k, v) -> totals.merge(k, v, Long::sum));
        }
        List<String> out = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : totals.entrySet()) {
            String k = e.getKey();
            if (k.contains(".")) {
                continue;   // per-kind details, per-reason counts and duration sums are not metrics themselves
            }
            values.put(k, e.getValue());
            units.put(k, "Count");
        }
        for (Map.Entry<String, List<Double>> s : c.samples().entrySet()) {
            List<Double> v = s.getValue();
            values.put(s.getKey(), v.subList(Math.max(0, v.size() - MAX_VALUES), v.size()));
            units.put(s.getKey(), "Seconds");
        }
        for (Map.Entry<String, Double> g : c.gauges().entrySet()) {
            values.put(g.getKey(), List.of(g.getValue()));
            units.put(g.getKey(), "Count");
        }
        if (!values.isEmpty()) {
            out.add(line(timestamp, service, null, values, units));
        }
        for (String reason : Counters.SUPPRESSION_REASONS) {
            Long n = totals.get(Counters.SUPPRESSED + "." + reason);
            if (n != null && n > 0) {
                out.add(line(timestamp, service, reason, Map.of(Counters.SUPPRESSED, n),
                        Map.of(Counters.SUPPRESSED, "Count")));
            }
        }
        return out;
    }

    static String line(long timestamp, String service, String reason, Map<String, Object> values,
                       Map<String, String> units) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("Service");
            if (reason != null) {
                g.writeString("Reason");
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, String> u : units.entrySet()) {
                g.writeStartObject();
                g.writeStringField("Name", u.getKey());
                g.writeStringField("Unit", u.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("Service", service);
            if (reason != null) {
                g.writeStringField("Reason", reason);
            }
            for (Map.Entry<String, Object> v : values.entrySet()) {
                if (v.getValue() instanceof List<?> l) {
                    g.writeArrayFieldStart(v.getKey());
                    for (Object o : l) {
                        g.writeNumber(((Number) o).doubleValue());
                    }
                    g.writeEndArray();
                } else {
                    g.writeNumberField(v.getKey(), ((Number) v.getValue()).longValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
