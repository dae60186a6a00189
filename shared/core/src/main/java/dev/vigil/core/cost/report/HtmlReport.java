package dev.vigil.core.cost.report;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.detect.AnomalyKind;
import dev.vigil.core.cost.detect.Contributor;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.cost.detect.Dimension;
import dev.vigil.core.cost.detect.MonthEndForecast;
import dev.vigil.core.cost.detect.Scope;
import dev.vigil.core.cost.detect.SeriesView;
import dev.vigil.core.cost.read.BadRows;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external asset) for a FinOps
 * analyst: a summary, each anomaly with actual vs expected, impact in $ and %, a chart of the last 90 days with the
 * expected band, and its contributors; new spend; the month-end forecast; and what was read (including bad rows).
 */
public final class HtmlReport {

    static final int CHART_DAYS = 90;

    private HtmlReport() {
    }

    private static final String CSS = """
            :root{--ink:#1d2433;--mute:#5b6579;--line:#dfe3ea;--bg:#f6f7f9;--up:#c0392b;--ok:#2e7d32;--band:#cfe3ff;
            --exp:#3f6fb5;--new:#7b4bb7;--shift:#b36b00}
            *{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,
            sans-serif;color:var(--ink);background:var(--bg)}
            header{background:#1d2433;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}
            header p{margin:4px 0 0;color:#c9d1e0;font-size:13px}main{max-width:1040px;margin:0 auto;padding:20px}
            section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:0 0 18px}
            h2{font-size:17px;margin:0 0 12px}h3{font-size:15px;margin:0 0 6px}
            .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
            .card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fff}
            .card .k{color:var(--mute);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
            .card .v{font-size:22px;font-weight:600;margin-top:2px}.card .s{color:var(--mute);font-size:12px}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid
            var(--line);vertical-align:top}th{color:var(--mute);font-weight:600;font-size:12px}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:var(--up);font-weight:600}
            .badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}
            .badge.spike{background:var(--up)}.badge.level_shift{background:var(--shift)}
            .badge.new_spend{background:var(--new)}.badge.sev{border:1px solid var(--line);color:var(--ink);background:#fff}
            .bar{height:8px;background:var(--up);border-radius:4px;display:inline-block;vertical-align:middle}
            .anomaly{border-left:4px solid var(--up)}.anomaly.level_shift{border-left-color:var(--shift)}
            .anomaly.new_spend{border-left-color:var(--new)}.muted{color:var(--mute)}code{font-size:12px;
            background:#f0f2f5;padding:1px 4px;border-radius:4px}
            .grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}
            svg.chart{width:100%;height:auto;display:block;margin:8px 0}
            svg .grid{stroke:#eceff3}svg .ylab{font-size:11px;fill:#7a8499;text-anchor:end}
            svg .xlab{font-size:11px;fill:#7a8499;text-anchor:middle}svg .band{fill:var(--band);opacity:.8}
            svg .expected{fill:none;stroke:var(--exp);stroke-width:1.5;stroke-dasharray:5 4}
            svg .actual{fill:none;stroke:#1d2433;stroke-width:1.8}svg .mark{fill:var(--up);stroke:#fff;stroke-width:2}
            .legend span{margin-right:14px;color:var(--mute);font-size:12px}.sw{display:inline-block;width:18px;
            height:8px;margin-right:4px;vertical-align:middle}
            footer{color:var(--mute);font-size:12px;text-align:center;padding:10px 0 30px}
            @media(max-width:760px){.cards{grid-template-columns:1fr 1fr}.grid2{grid-template-columns:1fr}}
            """;

    public static String render(CostReport r) {
        String cur = r.input().currency();
        DetectionResult d = r.detection();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>Cost anomaly report · ").append(Html.esc(r.source())).append("</title><style>")
                .append(CSS).append("</style></head><body>");
        h.append("<header><h1>Vigil · Cost anomaly report</h1><p>").append(Html.esc(r.source())).append(" · ");
        if (d.firstDay() != null) {
            h.append(d.firstDay()).append(" → ").append(d.lastCompleteDay()).append(" (").append(d.days())
                    .append(" complete days)");
        } else {
            h.append("no usage found");
        }
        h.append(" · ").append(r.metric() == dev.vigil.core.cost.CostMetric.AMORTIZED ? "amortised" : "unblended")
                .append(" cost, ").append(Html.esc(cur)).append(" · generated ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                        .format(r.generatedAt()))
                .append("</p></header><main>");

        summary(h, r, cur);
        List<CostAnomaly> alerting = new ArrayList<>();
        List<CostAnomaly> suppressed = new ArrayList<>();
        List<CostAnomaly> newSpend = new ArrayList<>();
        for (CostAnomaly a : d.anomalies()) {
            if (a.suppressed()) {
                suppressed.add(a);
            } else if (a.kind() == AnomalyKind.NEW_SPEND) {
                newSpend.add(a);
            } else {
                alerting.add(a);
            }
        }
        totalChart(h, r, cur);
        h.append("<section><h2>Anomalies (").append(alerting.size()).append(")</h2>");
        if (alerting.isEmpty()) {
            h.append("<p class=\"muted\">No cost spike passed the thresholds (")
                    .append(Html.esc(thresholdText(r, cur))).append(") over the analysed days.</p>");
        } else {
            h.append("<table><tr><th>date</th><th>what</th><th>kind</th><th class=\"n\">actual</th>")
                    .append("<th class=\"n\">expected</th><th class=\"n\">impact</th><th>top contributor</th></tr>");
            for (CostAnomaly a : alerting) {
                Contributor top = a.contributors().isEmpty() ? null : a.contributors().get(0);
                h.append("<tr><td>").append(a.date()).append("</td><td><a href=\"#").append(anchor(a)).append("\">")
                        .append(Html.esc(a.scope().label())).append("</a></td><td>").append(badge(a))
                        .append("</td><td class=\"n\">").append(Money.of(a.actualCost(), cur))
                        .append("</td><td class=\"n\">").append(Money.of(a.expectedCost(), cur))
                        .append("</td><td class=\"n up\">").append(Money.signed(a.impact(), cur)).append(" (")
                        .append(Money.pct(a.impactPercent())).append(")</td><td>")
                        .append(top == null ? "" : Html.esc(top.dimension().code().replace('_', ' ') + " " + top.key())
                                + String.format(Locale.ROOT, " · %.0f%%", top.share() * 100))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("</section>");
        for (CostAnomaly a : alerting) {
            anomaly(h, r, a, cur);
        }
        if (!newSpend.isEmpty()) {
            h.append("<section><h2>New spend (").append(newSpend.size()).append(")</h2><p class=\"muted\">")
                    .append("Services or accounts that started spending after at least ")
                    .append(r.config().newSpendQuietDays()).append(" quiet days. Reported once, not as spikes, while")
                    .append(" they ramp up.</p>");
            for (CostAnomaly a : newSpend) {
                anomaly(h, r, a, cur);
            }
            h.append("</section>");
        }
        forecast(h, r, cur);
        if (!suppressed.isEmpty()) {
            h.append("<section><h2>Marked expected (").append(suppressed.size()).append(")</h2>")
                    .append("<p class=\"muted\">Anomalies an analyst marked expected, and similar ones since: kept ")
                    .append("here, not alerted.</p><table><tr><th>date</th><th>what</th><th class=\"n\">impact</th>")
                    .append("<th>id</th></tr>");
            for (CostAnomaly a : suppressed) {
                h.append("<tr><td>").append(a.date()).append("</td><td>").append(Html.esc(a.scope().label()))
                        .append("</td><td class=\"n\">").append(Money.signed(a.impact(), cur))
                        .append("</td><td><code>").append(Html.esc(a.id())).append("</code></td></tr>");
            }
            h.append("</table></section>");
        }
        quality(h, r);
        h.append("</main><footer>Vigil · expected cost = robust level and trend since the last change point × ")
                .append("day-of-week pattern, learned from history with past spikes removed. An anomaly exceeds ")
                .append("all of: ").append(Html.esc(thresholdText(r, cur)))
                .append(". Recurring fees, tax, credits and refunds are reported but never scored.</footer>")
                .append("</body></html>\n");
        return h.toString();
    }

    private static String thresholdText(CostReport r, String cur) {
        var t = r.config().base();
        return String.format(Locale.ROOT, "%s and %.0f%% over expected, and %.1f robust standard deviations",
                Money.of(t.absoluteDollars(), cur), t.relativePercent(), t.zScore())
                + (r.config().overrides().isEmpty() ? "" : " (with per-scope overrides)");
    }

    private static void summary(StringBuilder h, CostReport r, String cur) {
        DetectionResult d = r.detection();
        h.append("<section><div class=\"cards\">");
        if (d.firstDay() != null) {
            LocalDate last = d.lastCompleteDay();
            SeriesView total = d.series().get(Scope.TOTAL);
            int li = d.days() - 1;
            double exp = total == null || li < 0 ? Double.NaN : total.expected()[li];
            card(h, "Usage on " + last, Money.of(r.dayUsage(last), cur), Double.isFinite(exp)
                    ? "expected " + Money.of(exp, cur) : "expected: not enough history yet");
            long n = d.alerting().stream().filter(a -> a.kind() != AnomalyKind.NEW_SPEND).count();
            double impact = d.alerting().stream().filter(a -> a.kind() != AnomalyKind.NEW_SPEND)
                    .mapToDouble(CostAnomaly::impact).sum();
            card(h, "Anomalies", Long.toString(n), n == 0 ? "none above thresholds"
                    : Money.signed(impact, cur) + " on their days");
            MonthEndForecast.Line t = r.forecast() == null ? null : r.forecast().total();
            if (t != null) {
                card(h, "Month to date · " + r.forecast().month(), Money.of(t.monthToDate(), cur),
                        "through " + r.forecast().through() + ", all charges");
                card(h, "Forecast month end", Money.of(t.forecast(), cur), t.daysRemaining() == 0
                        ? "month complete" : "90% interval " + Money.of(t.low(), cur) + " – " + Money.of(t.high(), cur));
            }
        } else {
            card(h, "Usage", "—", "no usage rows");
        }
        h.append("</div>");
        if (r.incompleteFrom() != null) {
            h.append("<p class=\"muted\">").append(r.incompleteFrom())
                    .append(" onwards is still being written by the export (incomplete) and is not scored.</p>");
        }
        h.append("</section>");
    }

    private static void card(StringBuilder h, String k, String v, String s) {
        h.append("<div class=\"card\"><div class=\"k\">").append(Html.esc(k)).append("</div><div class=\"v\">")
                .append(Html.esc(v)).append("</div><div class=\"s\">").append(Html.esc(s)).append("</div></div>");
    }

    private static void totalChart(StringBuilder h, CostReport r, String cur) {
        DetectionResult d = r.detection();
        SeriesView t = d.series().get(Scope.TOTAL);
        if (t == null) {
            return;
        }
        int from = Math.max(0, t.actual().length - CHART_DAYS);
        h.append("<section><h2>Daily usage cost, last ").append(t.actual().length - from).append(" days</h2>")
                .append(legend())
                .append(Svg.chart(d.firstDay(), t.actual(), t.expected(), t.lower(), t.upper(), from, -1, cur,
                        "total daily usage cost"))
                .append("</section>");
    }

    private static String legend() {
        return "<div class=\"legend\"><span><i class=\"sw\" style=\"background:#1d2433;height:2px\"></i>actual</span>"
                + "<span><i class=\"sw\" style=\"border-top:2px dashed #3f6fb5;height:0\"></i>expected</span>"
                + "<span><i class=\"sw\" style=\"background:#cfe3ff\"></i>normal range (alert above)</span>"
                + "<span><i class=\"sw\" style=\"background:#c0392b;border-radius:4px;width:8px\"></i>anomaly</span>"
                + "</div>";
    }

    private static String anchor(CostAnomaly a) {
        return "a-" + Integer.toHexString(a.id().hashCode());
    }

    private static String badge(CostAnomaly a) {
        return "<span class=\"badge " + a.kind().code() + "\">" + a.kind().code().replace('_', ' ') + "</span> "
                + "<span class=\"badge sev\">" + Html.esc(a.severity()) + "</span>";
    }

    private static void anomaly(StringBuilder h, CostReport r, CostAnomaly a, String cur) {
        DetectionResult d = r.detection();
        h.append("<section class=\"anomaly ").append(a.kind().code()).append("\" id=\"").append(anchor(a))
                .append("\"><h3>").append(Html.esc(a.scope().label())).append(" · ").append(a.date()).append(" ")
                .append(badge(a)).append("</h3>");
        h.append("<div class=\"grid2\"><table>")
                .append(row("actual", Money.of(a.actualCost(), cur)))
                .append(row("expected", Money.of(a.expectedCost(), cur) + (a.kind() == AnomalyKind.NEW_SPEND ? ""
                        : " (normal up to " + Money.of(a.upper(), cur) + ")")))
                .append(row("impact", "<span class=\"up\">" + Money.signed(a.impact(), cur) + " ("
                        + Money.pct(a.impactPercent()) + ")</span>", true))
                .append(row("score", String.format(Locale.ROOT, "%.2f", a.score())))
                .append(row(a.kind() == AnomalyKind.LEVEL_SHIFT ? "lasting" : "duration",
                        a.kind() == AnomalyKind.LEVEL_SHIFT ? "new level since " + a.date() + " (absorbed after "
                                + a.durationDays() + " days)" : a.durationDays() + " day" + (a.durationDays() > 1 ? "s"
                                : "")))
                .append("</table><div class=\"muted\">What to do: look at the top contributors below. If this was "
                        + "planned, mark it expected so similar ones stop alerting:<br><code>vigil cost-report --input "
                        + "… --out … --mark-expected ")
                .append(Html.esc(a.id())).append("</code> (or the <b>Mark expected</b> button in Slack).</div></div>");
        SeriesView v = d.series().get(a.scope());
        if (v != null) {
            int idx = (int) (a.date().toEpochDay() - d.firstDay().toEpochDay());
            int from = Math.max(0, v.actual().length - CHART_DAYS);
            h.append(legend()).append(Svg.chart(d.firstDay(), v.actual(), v.expected(), v.lower(), v.upper(), from, idx,
                    cur, a.scope().label()));
        }
        if (!a.contributors().isEmpty()) {
            Map<Dimension, List<Contributor>> byDim = new LinkedHashMap<>();
            for (Contributor c : a.contributors()) {
                byDim.computeIfAbsent(c.dimension(), k -> new ArrayList<>()).add(c);
            }
            h.append("<h3>Contributors, one level down</h3><table><tr><th>by</th><th>key</th>")
                    .append("<th class=\"n\">actual</th><th class=\"n\">expected</th><th class=\"n\">impact</th>")
                    .append("<th>share of the impact</th></tr>");
            for (Map.Entry<Dimension, List<Contributor>> e : byDim.entrySet()) {
                boolean first = true;
                for (Contributor c : e.getValue()) {
                    double share = Math.max(0, Math.min(1.5, c.share()));
                    h.append("<tr><td>").append(first ? Html.esc(e.getKey().code().replace('_', ' ')) : "")
                            .append("</td><td>").append(Html.esc(c.key())).append("</td><td class=\"n\">")
                            .append(Money.of(c.actual(), cur)).append("</td><td class=\"n\">")
                            .append(Money.of(c.expected(), cur)).append("</td><td class=\"n\">")
                            .append(Money.signed(c.impact(), cur)).append("</td><td><span class=\"bar\" style=\"width:")
                            .append(String.format(Locale.ROOT, "%.0f", share * 120)).append("px\"></span> ")
                            .append(String.format(Locale.ROOT, "%.0f%%", c.share() * 100)).append("</td></tr>");
                    first = false;
                }
            }
            h.append("</table>");
        }
        h.append("<p class=\"muted\">id <code>").append(Html.esc(a.id())).append("</code></p></section>");
    }

    private static String row(String k, String v) {
        return row(k, Html.esc(v), true);
    }

    private static String row(String k, String html, boolean raw) {
        return "<tr><th>" + Html.esc(k) + "</th><td>" + html + "</td></tr>";
    }

    private static void forecast(StringBuilder h, CostReport r, String cur) {
        MonthEndForecast.Forecast f = r.forecast();
        if (f == null || f.lines().isEmpty()) {
            return;
        }
        double maxHigh = f.lines().stream().mapToDouble(MonthEndForecast.Line::high).max().orElse(1);
        h.append("<section><h2>Month-end forecast · ").append(f.month()).append("</h2><p class=\"muted\">")
                .append("Month to date through ").append(f.through()).append(" (all charges), plus the remaining ")
                .append(f.total().daysRemaining()).append(" days of usage from the trend of the last 28 days and the ")
                .append("weekly pattern; 90% prediction interval.</p><table><tr><th>scope</th>")
                .append("<th class=\"n\">month to date</th><th class=\"n\">forecast</th><th class=\"n\">90% interval</th>")
                .append("<th></th></tr>");
        for (MonthEndForecast.Line l : f.lines()) {
            double scale = 220 / Math.max(1e-9, maxHigh);
            h.append("<tr><td>").append(l.scope().equals("total") ? "<b>total</b>" : Html.esc(l.scope()))
                    .append("</td><td class=\"n\">").append(Money.of(l.monthToDate(), cur))
                    .append("</td><td class=\"n\">").append(Money.of(l.forecast(), cur)).append("</td><td class=\"n\">")
                    .append(Money.of(l.low(), cur)).append(" – ").append(Money.of(l.high(), cur)).append("</td><td>")
                    .append(String.format(Locale.ROOT, "<svg width=\"230\" height=\"12\" viewBox=\"0 0 230 12\">"
                                    + "<rect x=\"0\" y=\"3\" width=\"%.1f\" height=\"6\" fill=\"#1d2433\"/>"
                                    + "<rect x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"6\" fill=\"#cfe3ff\"/>"
                                    + "<rect x=\"%.1f\" y=\"0\" width=\"2\" height=\"12\" fill=\"#3f6fb5\"/></svg>",
                            l.monthToDate() * scale, l.low() * scale, Math.max(1, (l.high() - l.low()) * scale),
                            l.forecast() * scale))
                    .append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void quality(StringBuilder h, CostReport r) {
        CostReport.Input in = r.input();
        h.append("<section><h2>What was read</h2><table>")
                .append(row("rows", String.format(Locale.ROOT, "%,d", in.rows())))
                .append(row("formats", String.join(", ", in.formats())))
                .append(row("granularity", in.hourly() ? "hourly (daily and hourly aggregates)" : "daily"))
                .append(row("currency", String.join(", ", in.currencies().isEmpty() ? List.of("USD (assumed)")
                        : in.currencies())));
        double fees = 0;
        double other = 0;
        for (Map<ChargeCategory, Double> m : r.dailyByCategory().values()) {
            for (Map.Entry<ChargeCategory, Double> e : m.entrySet()) {
                if (e.getKey() == ChargeCategory.FEE) {
                    fees += e.getValue();
                } else if (e.getKey() != ChargeCategory.USAGE) {
                    other += e.getValue();
                }
            }
        }
        String cur = in.currency();
        h.append(row("not scored", "recurring fees " + Money.of(fees, cur) + "; tax, credits, refunds, discounts "
                + Money.of(other, cur)));
        BadRows bad = in.badRows();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%,d", bad.count()));
        if (bad.count() > 0) {
            b.append(" — ");
            bad.byReason().forEach((k, v) -> b.append(Html.esc(k)).append(": ").append(v).append("; "));
            b.append("<br>first: ");
            int shown = 0;
            for (BadRows.Sample s : bad.samples()) {
                if (shown++ == 10) {
                    break;
                }
                b.append("<code>").append(Html.esc(s.file())).append(':').append(s.line()).append("</code> ");
            }
        }
        h.append(row("bad rows", b.toString(), true));
        if (in.overflowResourceRows() > 0 || in.overflowTagRows() > 0) {
            h.append(row("capped", in.overflowResourceRows() + " rows' resources and " + in.overflowTagRows()
                    + " rows' tags beyond the key caps were grouped as (other)"));
        }
        if (!in.files().isEmpty()) {
            StringBuilder f = new StringBuilder();
            for (String s : in.files().subList(0, Math.min(20, in.files().size()))) {
                f.append("<code>").append(Html.esc(s)).append("</code> ");
            }
            if (in.files().size() > 20) {
                f.append("… ").append(in.files().size() - 20).append(" more");
            }
            h.append(row("files", f.toString(), true));
        }
        h.append("</table></section>");
    }
}
