package dev.vigil.core.cost.now;

import java.util.List;
import java.util.Locale;

/**
 * {@code provisional.html}: every provisional anomaly with its estimate, cause, status and — once reconciled — the
 * export's figure and the lead time (detected at vs the export), above the precision and median lead time.
 */
public final class ProvisionalReport {

    private ProvisionalReport() {
    }

    public static String html(List<ProvisionalAnomaly> anomalies) {
        Reconciler.Score s = Reconciler.score(anomalies);
        StringBuilder b = new StringBuilder(4096);
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil: cost within the hour"
                + "</title><style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}td.n{text-align:right}"
                + ".open{color:#555}.confirmed{color:#1a7f37}.revised{color:#9a6700}.retracted{color:#cf222e}"
                + "</style></head><body><h1>Cost within the hour (provisional)</h1>");
        b.append(String.format(Locale.ROOT, "<p>%d provisional anomalies; %d reconciled: %d confirmed, %d revised, "
                        + "%d retracted. Precision %s, median lead time %s.</p>", anomalies.size(), s.reconciled(),
                s.confirmed(), s.revised(), s.retracted(),
                Double.isNaN(s.precision()) ? "n/a" : String.format(Locale.ROOT, "%.2f", s.precision()),
                Double.isNaN(s.medianLeadTimeHours()) ? "n/a"
                        : String.format(Locale.ROOT, "%.1f h", s.medianLeadTimeHours())));
        b.append("<table><tr><th>status</th><th>detected at</th><th>source</th><th>account</th><th>service</th>"
                + "<th>$/h</th><th>$/day</th><th>estimate for the day</th><th>export</th><th>lead time</th>"
                + "<th>cause</th><th>basis</th></tr>");
        for (ProvisionalAnomaly a : anomalies) {
            double est = a.source() == ProvisionalAnomaly.Source.CLOUDTRAIL ? a.estimatedImpactOnDate()
                    : a.estimatedDailyImpact();
            String cause = a.cause().eventName() + (a.cause().stack() != null ? " by stack " + a.cause().stack() : "")
                    + (a.cause().principal() != null ? " by " + a.cause().principal() : "")
                    + (a.cause().resource() != null ? " on " + a.cause().resource() : "");
            b.append("<tr><td class=\"").append(a.status().code()).append("\">").append(a.status().code())
                    .append("</td><td>").append(esc(a.detectedAt().toString())).append("</td><td>")
                    .append(a.source().code()).append("</td><td>").append(esc(a.account())).append("</td><td>")
                    .append(esc(a.service())).append("</td>")
                    .append(String.format(Locale.ROOT, "<td class=\"n\">%,.2f</td><td class=\"n\">%,.0f</td>"
                            + "<td class=\"n\">%,.0f</td>", a.estimatedHourlyCost(), a.estimatedDailyImpact(), est))
                    .append("<td class=\"n\">").append(Double.isNaN(a.exportImpact()) ? "&mdash;"
                            : String.format(Locale.ROOT, "%,.0f", a.exportImpact())).append("</td><td class=\"n\">")
                    .append(Double.isNaN(a.leadTimeHours()) ? "&mdash;"
                            : String.format(Locale.ROOT, "%.1f h", a.leadTimeHours())).append("</td><td>")
                    .append(esc(cause)).append("</td><td>").append(esc(a.basis())).append("</td></tr>");
        }
        return b.append("</table></body></html>\n").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
