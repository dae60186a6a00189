package dev.vigil.core.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compact incident message (Block Kit), posted once and updated in place as the incident evolves: what is
 * wrong, the likely root cause with its confidence and evidence, the signals, why they were grouped, and three
 * buttons. The buttons' {@code action_id}s start with {@value IncidentInteractions#ACTION_PREFIX}; their
 * {@code value} is the incident id.
 */
public final class IncidentMessages {

    static final int MAX_SECTION = 2900;
    static final int MAX_SIGNAL_LINES = 6;

    private IncidentMessages() {
    }

    /** The notification fallback text (also what Slack shows in notifications). */
    public static String text(Incident i) {
        return clip(prefix(i) + " " + i.title, 300);
    }

    static String prefix(Incident i) {
        return switch (i.status) {
            case RESOLVED -> "Resolved:";
            case MERGED -> "Merged into " + i.mergedInto + ":";
            case OPEN -> "[" + i.severity.code().toUpperCase(Locale.ROOT) + ("ticket".equals(i.route) ? " ticket" : "")
                    + "]";
        };
    }

    static String emoji(Incident i) {
        if (i.status != Incident.Status.OPEN) {
            return ":white_check_mark:";
        }
        return switch (i.severity) {
            case CRITICAL -> ":red_circle:";
            case HIGH -> ":large_orange_circle:";
            case MEDIUM -> ":large_yellow_circle:";
            case LOW -> ":white_circle:";
        };
    }

    public static String blocks(Incident i) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "emoji", true,
                "text", clip(emoji(i) + " " + prefix(i) + " " + i.title, 150))));

        StringBuilder cause = new StringBuilder();
        if (!i.rootCauses.isEmpty()) {
            Incident.RootCause top = i.rootCauses.get(0);
            cause.append("*Likely root cause:* `").append(esc(Resources.unscoped(top.resource()))).append("` ")
                    .append(pct(top.confidence())).append('\n');
            for (String e : top.evidence()) {
                cause.append("  • ").append(esc(e)).append('\n');
            }
            if (i.rootCauses.size() > 1) {
                cause.append("Other candidates: ");
                for (int k = 1; k < i.rootCauses.size(); k++) {
                    Incident.RootCause c = i.rootCauses.get(k);
                    cause.append(k > 1 ? " · " : "").append('`').append(esc(Resources.unscoped(c.resource())))
                            .append("` ").append(pct(c.confidence()));
                }
                cause.append('\n');
            }
        }
        if (cause.length() > 0) {
            blocks.add(section(cause.toString()));
        }

        StringBuilder sig = new StringBuilder();
        sig.append("*Signals:* ").append(i.members.size()).append(" series on ").append(i.resources.size())
                .append(" resources, ").append(i.signalCount).append(" anomalies, ").append(time(i.openedAt))
                .append(" – ").append(time(i.lastSignalAt));
        if (i.status == Incident.Status.RESOLVED) {
            sig.append(" · resolved after ").append(duration(i.resolvedAt - i.openedAt));
        }
        sig.append('\n');
        int n = 0;
        for (Incident.Member m : i.members.values()) {
            if (n++ == MAX_SIGNAL_LINES) {
                sig.append("  … and ").append(i.members.size() - MAX_SIGNAL_LINES).append(" more\n");
                break;
            }
            sig.append("  • ").append(esc(m.title)).append(m.count > 1 ? " ×" + m.count : "").append('\n');
        }
        blocks.add(section(sig.toString()));

        List<String> why = new ArrayList<>();
        for (Incident.Grouping g : i.grouping) {
            if (!g.reason().startsWith("opened the incident")) {
                why.add(g.reason());
            }
            if (why.size() == 3) {
                break;
            }
        }
        List<Object> ctx = new ArrayList<>();
        if (!why.isEmpty()) {
            ctx.add(mrkdwn("*Grouped because:* " + esc(String.join("; ", why))));
        }
        StringBuilder meta = new StringBuilder(i.id);
        if (!i.services.isEmpty()) {
            meta.append(" · service ").append(String.join(", ", i.services));
        }
        if (!i.teams.isEmpty()) {
            meta.append(" · team ").append(String.join(", ", i.teams));
        }
        if (!i.remediations.isEmpty()) {
            meta.append(" · remediation: ").append(String.join(", ", i.remediations.keySet()));
        }
        ctx.add(mrkdwn(esc(meta.toString())));
        blocks.add(Map.of("type", "context", "elements", ctx));

        if (i.status == Incident.Status.OPEN) {
            blocks.add(Map.of("type", "actions", "block_id", "vigil-incident", "elements", List.of(
                    button("Acknowledge", IncidentInteractions.ACK, i.id, "primary"),
                    button("Useful", IncidentInteractions.USEFUL, i.id, null),
                    button("Noise", IncidentInteractions.NOISE, i.id, "danger"))));
        } else {
            blocks.add(Map.of("type", "actions", "block_id", "vigil-incident", "elements", List.of(
                    button("Useful", IncidentInteractions.USEFUL, i.id, null),
                    button("Noise", IncidentInteractions.NOISE, i.id, "danger"))));
        }
        return JsonValues.write(blocks);
    }

    static Map<String, Object> section(String text) {
        return Map.of("type", "section", "text", mrkdwn(clip(text, MAX_SECTION)));
    }

    static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", clip(text, MAX_SECTION));
    }

    static Map<String, Object> button(String label, String actionId, String value, String style) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "button");
        b.put("text", Map.of("type", "plain_text", "text", label));
        b.put("action_id", actionId);
        b.put("value", value);
        if (style != null) {
            b.put("style", style);
        }
        return b;
    }

    /** Slack mrkdwn control characters. */
    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String pct(double c) {
        return String.format(Locale.ROOT, "(%.0f%% confidence)", c * 100);
    }

    static String time(long t) {
        return Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ') + "Z";
    }

    static String duration(long ms) {
        long m = Math.round(ms / 60_000.0);
        return m < 60 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
    }
}
