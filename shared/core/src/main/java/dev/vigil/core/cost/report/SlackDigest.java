package dev.vigil.core.cost.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.cost.detect.AnomalyKind;
import dev.vigil.core.cost.detect.Contributor;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.detect.MonthEndForecast;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Slack digest (Block Kit), daily or weekly: spend vs expected, month to date and forecast, then the
 * anomalies of the period, each with its top contributors and a <b>Mark expected</b> button whose value is the
 * anomaly id (action {@value #MARK_EXPECTED_ACTION}; {@link #parseMarkExpected} reads the interaction payload).
 * Stays inside Block Kit's limits (50 blocks, 3000 characters a text).
 */
public final class SlackDigest {

    public static final String MARK_EXPECTED_ACTION = "vigil_cost_expected";
    static final int MAX_ANOMALIES = 10;
    private static final JsonFactory JSON = new JsonFactory();

    /** The message: fallback text and blocks JSON (an array). */
    public record Message(String text, String blocksJson) {
    }

    /** A "mark expected" click: who and which anomaly. */
    public record MarkExpected(String anomalyId, String userId, String userName, String responseUrl) {
    }

    private SlackDigest() {
    }

    /** The anomalies a digest covers: alerting ones dated within the last {@code days} complete days. */
    public static List<CostAnomaly> inPeriod(CostReport r, int days) {
        LocalDate last = r.detection().lastCompleteDay();
        List<CostAnomaly> out = new ArrayList<>();
        for (CostAnomaly a : r.detection().alerting()) {
            if (!a.date().isBefore(last.minusDays(days - 1L)) && !a.date().isAfter(last)) {
                out.add(a);
            }
        }
        return out;
    }

    public static Message build(CostReport r, String period, int days, String reportLocation) {
        String cur = r.input().currency();
        List<CostAnomaly> anomalies = inPeriod(r, days);
        LocalDate last = r.detection().lastCompleteDay();
        StringWriter w = new StringWriter(4096);
        String headline;
        long spikes = anomalies.stream().filter(a -> a.kind() != AnomalyKind.NEW_SPEND).count();
        long fresh = anomalies.size() - spikes;
        headline = spikes == 0 && fresh == 0 ? "no cost anomalies"
                : spikes + " cost anomal" + (spikes == 1 ? "y" : "ies") + (fresh > 0 ? ", " + fresh + " new spend" : "");
        String text = "Vigil " + period + " cost digest for " + last + ": " + headline;
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            header(g, "Vigil cost digest · " + period + " · " + last);
            StringBuilder s = new StringBuilder();
            s.append("*Usage on ").append(last).append(":* ").append(Money.of(r.dayUsage(last), cur));
            MonthEndForecast.Line t = r.forecast() == null ? null : r.forecast().total();
            if (t != null) {
                s.append("   *Month to date:* ").append(Money.of(t.monthToDate(), cur));
                if (t.daysRemaining() > 0) {
                    s.append("   *Forecast:* ").append(Money.of(t.forecast(), cur)).append(" (90%: ")
                            .append(Money.of(t.low(), cur)).append("–").append(Money.of(t.high(), cur)).append(')');
                }
            }
            s.append("\n").append(spikes == 0 && fresh == 0 ? ":white_check_mark: No cost anomalies in the last "
                    + days + " day" + (days > 1 ? "s" : "") + "." : ":rotating_light: " + headline + " in the last "
                    + days + " day" + (days > 1 ? "s" : "") + ".");
            section(g, s.toString(), null);
            int shown = 0;
            for (CostAnomaly a : anomalies) {
                if (shown++ == MAX_ANOMALIES) {
                    break;
                }
                g.writeStartObject();
                g.writeStringField("type", "divider");
                g.writeEndObject();
                section(g, anomalyText(a, cur), a);
            }
            List<String> ctx = new ArrayList<>();
            if (anomalies.size() > MAX_ANOMALIES) {
                ctx.add((anomalies.size() - MAX_ANOMALIES) + " more in the report");
            }
            if (reportLocation != null) {
                ctx.add("Full report: " + esc(reportLocation));
            }
            ctx.add(r.metric().name().toLowerCase(Locale.ROOT) + " cost · thresholds "
                    + Money.of(r.config().base().absoluteDollars(), cur) + " and "
                    + String.format(Locale.ROOT, "%.0f%%", r.config().base().relativePercent()));
            g.writeStartObject();
            g.writeStringField("type", "context");
            g.writeArrayFieldStart("elements");
            for (String c : ctx) {
                g.writeStartObject();
                g.writeStringField("type", "mrkdwn");
                g.writeStringField("text", c);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Message(text, w.toString());
    }

    static String anomalyText(CostAnomaly a, String cur) {
        String icon = switch (a.kind()) {
            case SPIKE -> ":small_red_triangle:";
            case LEVEL_SHIFT -> ":arrow_upper_right:";
            case NEW_SPEND -> ":new:";
        };
        StringBuilder s = new StringBuilder();
        s.append(icon).append(" *").append(esc(a.scope().label())).append("* ").append(Money.signed(a.impact(), cur))
                .append(a.kind() == AnomalyKind.NEW_SPEND ? "" : " (" + Money.pct(a.impactPercent()) + ")")
                .append(" on ").append(a.date()).append(" · ").append(a.kind().code().replace('_', ' ')).append(", ")
                .append(a.severity()).append("\n").append("actual ").append(Money.of(a.actualCost(), cur))
                .append(", expected ").append(Money.of(a.expectedCost(), cur));
        int n = 0;
        for (Contributor c : a.contributors()) {
            if (n == 0) {
                s.append("\nTop: ");
            } else {
                s.append(", ");
            }
            s.append(esc(c.dimension().code().replace('_', ' '))).append(" `").append(esc(trim(c.key(), 60)))
                    .append("` ").append(String.format(Locale.ROOT, "%.0f%%", c.share() * 100));
            if (++n == 3) {
                break;
            }
        }
        return trim(s.toString(), 2900);
    }

    private static void header(JsonGenerator g, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "header");
        g.writeObjectFieldStart("text");
        g.writeStringField("type", "plain_text");
        g.writeStringField("text", trim(text, 150));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void section(JsonGenerator g, String mrkdwn, CostAnomaly button) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "section");
        g.writeObjectFieldStart("text");
        g.writeStringField("type", "mrkdwn");
        g.writeStringField("text", mrkdwn);
        g.writeEndObject();
        if (button != null && !button.suppressed()) {
            g.writeObjectFieldStart("accessory");
            g.writeStringField("type", "button");
            g.writeObjectFieldStart("text");
            g.writeStringField("type", "plain_text");
            g.writeStringField("text", "Mark expected");
            g.writeEndObject();
            g.writeStringField("action_id", MARK_EXPECTED_ACTION);
            g.writeStringField("value", trim(button.id(), 2000));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Slack mrkdwn needs only &amp;, &lt; and &gt; escaped. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String trim(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * Reads a Slack {@code block_actions} interaction payload (the {@code payload} form field, already verified by
     * the signature check of the function that receives it) and returns the "mark expected" click, or null when the
     * payload is about something else.
     */
    public static MarkExpected parseMarkExpected(String payloadJson) {
        String userId = null;
        String userName = null;
        String responseUrl = null;
        String value = null;
        boolean ours = false;
        try (JsonParser p = JSON.createParser(payloadJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "user" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            if (k.equals("id")) {
                                userId = p.getValueAsString();
                            } else if (k.equals("username") || k.equals("name")) {
                                userName = p.getValueAsString();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "response_url" -> responseUrl = p.getValueAsString();
                    case "actions" -> {
                        if (t != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String actionId = null;
                            String v = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                if (k.equals("action_id")) {
                                    actionId = p.getValueAsString();
                                } else if (k.equals("value")) {
                                    v = p.getValueAsString();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            if (MARK_EXPECTED_ACTION.equals(actionId) && v != null) {
                                ours = true;
                                value = v;
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (!ours) {
            return null;
        }
        CostAnomaly.parseId(value);   // throws on a forged or garbled id
        return new MarkExpected(value, userId, userName, responseUrl);
    }
}
