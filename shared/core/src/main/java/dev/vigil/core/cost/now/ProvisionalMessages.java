package dev.vigil.core.cost.now;

import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import dev.vigil.core.json.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Slack message of a provisional anomaly: it says plainly that it is an estimate and what it rests on, and is
 * updated in place (chat.update on the same ts) when the estimate changes or the export reconciles it.
 */
public final class ProvisionalMessages {

    private ProvisionalMessages() {
    }

    /** The notification text (also the fallback of the blocks). */
    public static String text(ProvisionalAnomaly a) {
        String head = switch (a.status()) {
            case OPEN -> "Estimated cost change (provisional)";
            case CONFIRMED -> "Confirmed by the billing export";
            case REVISED -> "Revised by the billing export";
            case RETRACTED -> "Retracted: the billing export shows no such excess";
        };
        StringBuilder b = new StringBuilder();
        b.append(head).append(": ").append(a.service()).append(" in account ").append(a.account());
        if (a.region() != null) {
            b.append(" (").append(a.region()).append(')');
        }
        b.append(String.format(Locale.ROOT, " %s%s/h, about %s%s a day", sign(a.estimatedHourlyCost()),
                money(a.estimatedHourlyCost()), sign(a.estimatedDailyImpact()), money(a.estimatedDailyImpact())));
        b.append(" since ").append(a.detectedAt());
        if (a.status() == Status.CONFIRMED || a.status() == Status.REVISED || a.status() == Status.RETRACTED) {
            b.append(String.format(Locale.ROOT, ". The export for %s shows %s%s over expected (estimated %s%s)",
                    a.date(), sign(a.exportImpact()), money(a.exportImpact()), sign(estimateOnDate(a)),
                    money(estimateOnDate(a))));
            if (!Double.isNaN(a.leadTimeHours()) && a.status() != Status.RETRACTED) {
                b.append(String.format(Locale.ROOT, "; this estimate came %.1f h before the export", a.leadTimeHours()));
            }
        }
        b.append(". Cause: ").append(a.cause().eventName());
        if (a.cause().stack() != null) {
            b.append(" by stack ").append(a.cause().stack());
        }
        if (a.cause().principal() != null) {
            b.append(" by ").append(a.cause().principal());
        }
        if (a.cause().resource() != null) {
            b.append(" on ").append(a.cause().resource());
        }
        b.append(". This is an estimate: ").append(a.basis()).append('.');
        return b.toString();
    }

    private static double estimateOnDate(ProvisionalAnomaly a) {
        return a.source() == ProvisionalAnomaly.Source.CLOUDTRAIL ? a.estimatedImpactOnDate() : a.estimatedDailyImpact();
    }

    /** Block Kit: a section with the text, a context line naming the id and status. */
    public static String blocks(ProvisionalAnomaly a) {
        List<Object> blocks = new ArrayList<>();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", "section");
        section.put("text", Map.of("type", "mrkdwn", "text", text(a)));
        blocks.add(section);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("type", "context");
        ctx.put("elements", List.of(Map.of("type", "mrkdwn", "text", "`" + a.id() + "` · status *" + a.status().code()
                + "* · source " + a.source().code())));
        blocks.add(ctx);
        return JsonTree.write(blocks);
    }

    private static String sign(double v) {
        return v < 0 ? "-" : "+";
    }

    private static String money(double v) {
        double a = Math.abs(v);
        return "$" + String.format(Locale.ROOT, a >= 100 ? "%,.0f" : "%,.2f", a);
    }
}
