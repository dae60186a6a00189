package dev.vigil.core.canary;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.ToDoubleFunction;

/**
 * report.html: one self-contained page (no script, no external asset) a person reads to decide whether to trust the
 * verdict: the result and its reason, the per-metric table, and the two versions minute by minute.
 */
public final class CanaryReport {

    private CanaryReport() {
    }

    public static String html(CanaryVerdict v, CanaryWindow w) {
        StringBuilder h = new StringBuilder(16_384);
        CanaryTarget t = v.target();
        String colour = switch (v.result()) {
            case PASS -> "#1a7f37";
            case MARGINAL -> "#9a6700";
            case FAIL -> "#cf222e";
        };
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Canary ")
                .append(esc(t.functionName())).append(' ').append(esc(t.canaryVersion())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#1f2328}")
                .append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;white-space:nowrap}")
                .append(".badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}")
                .append(".c-Pass{color:#1a7f37}.c-High,.c-Low{font-weight:600}.bad{color:#cf222e}.c-NoData{color:#6e7781}")
                .append("figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-size:12px;color:#57606a}")
                .append("</style></head><body>");
        h.append("<h1>Canary: ").append(esc(t.functionName()))
                .append(t.alias() == null ? "" : ":" + esc(t.alias())).append(" version ")
                .append(esc(t.canaryVersion())).append(" vs ").append(esc(t.baselineVersion())).append("</h1>");
        h.append("<p><span class=\"badge\" style=\"background:").append(colour).append("\">")
                .append(v.result().label().toUpperCase(Locale.ROOT)).append("</span> score <b>")
                .append(String.format(Locale.ROOT, "%.1f", v.score())).append("</b> / 100 — ")
                .append(esc(v.reason())).append("</p>");
        h.append("<p>Window ").append(v.fromMillis() == 0 ? "(no data)" : Instant.ofEpochMilli(v.fromMillis()) + " to "
                + Instant.ofEpochMilli(v.toMillis())).append("; canary invocations ")
                .append(CanaryJudge.num(v.canaryInvocations())).append(", baseline ")
                .append(CanaryJudge.num(v.baselineInvocations())).append(Double.isNaN(v.canaryShare()) ? ""
                        : String.format(Locale.ROOT, " (canary share %.1f%%)", 100 * v.canaryShare()))
                .append(".</p>");
        h.append("<table><tr><th>metric</th><th>group</th><th>classification</th><th>baseline</th><th>canary</th>")
                .append("<th>p-value</th><th>effect</th><th>reason</th></tr>");
        for (MetricJudgement j : v.metrics()) {
            boolean rate = j.name().endsWith("Rate");
            h.append("<tr><td>").append(esc(j.name())).append("</td><td>").append(esc(j.group()))
                    .append("</td><td class=\"c-").append(j.classification().label()).append(j.failed() ? " bad" : "")
                    .append("\">").append(j.classification().label()).append(j.failed() ? " ✗" : "")
                    .append("</td><td class=\"n\">").append(value(j.baseline(), rate))
                    .append("</td><td class=\"n\">").append(value(j.canary(), rate))
                    .append("</td><td class=\"n\">").append(CanaryJudge.pval(j.pValue()))
                    .append("</td><td class=\"n\">").append(Double.isFinite(j.effectSize())
                            ? String.format(Locale.ROOT, "%.2f×", j.effectSize()) : "n/a")
                    .append("</td><td>").append(esc(j.reason())).append("</td></tr>");
        }
        h.append("</table><h2>Minute by minute</h2><p>Baseline <span style=\"color:#0969da\">■</span> version ")
                .append(esc(t.baselineVersion())).append(", canary <span style=\"color:#cf222e\">■</span> version ")
                .append(esc(t.canaryVersion())).append(".</p>");
        chart(h, "invocations per minute", w, MinuteStats::invocations);
        chart(h, "error rate (%)", w, m -> m.invocations() > 0 ? 100 * m.errors() / m.invocations() : Double.NaN);
        chart(h, "mean duration (ms)", w, MinuteStats::meanDuration);
        for (String p : percentiles(w)) {
            chart(h, p + " duration (ms)", w, m -> {
                Double d = m.durationPercentile(p);
                return d == null ? Double.NaN : d;
            });
        }
        h.append("<p style=\"color:#57606a;font-size:12px\">Rates: same-minute (Cochran–Mantel–Haenszel) test and ")
                .append("rate ratio; latency: Mann–Whitney U on the per-minute values, effect = median same-minute ")
                .append("ratio. NoData is never a pass. See docs/canary.md.</p></body></html>\n");
        return h.toString();
    }

    private static List<String> percentiles(CanaryWindow w) {
        java.util.TreeSet<String> s = new java.util.TreeSet<>();
        w.canary().values().forEach(m -> s.addAll(m.durationPercentiles.keySet()));
        return List.copyOf(s);
    }

    private static void chart(StringBuilder h, String title, CanaryWindow w, ToDoubleFunction<MinuteStats> f) {
        SortedMap<Long, MinuteStats> b = w.baseline();
        SortedMap<Long, MinuteStats> c = w.canary();
        if (b.isEmpty() && c.isEmpty()) {
            return;
        }
        long from = Math.min(b.isEmpty() ? Long.MAX_VALUE : b.firstKey(), c.isEmpty() ? Long.MAX_VALUE : c.firstKey());
        long to = Math.max(b.isEmpty() ? Long.MIN_VALUE : b.lastKey(), c.isEmpty() ? Long.MIN_VALUE : c.lastKey());
        double max = 0;
        for (Map<Long, MinuteStats> m : List.of(b, c)) {
            for (MinuteStats s : m.values()) {
                double v = f.applyAsDouble(s);
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            max = 1;
        }
        int width = 320;
        int height = 110;
        double span = Math.max(1, to - from);
        h.append("<figure><svg width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#f6f8fa\"/>");
        String[] colours = {"#0969da", "#cf222e"};
        int k = 0;
        for (SortedMap<Long, MinuteStats> m : List.of(b, c)) {
            StringBuilder pts = new StringBuilder();
            for (Map.Entry<Long, MinuteStats> e : m.entrySet()) {
                double v = f.applyAsDouble(e.getValue());
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = 5 + (width - 10) * (e.getKey() - from) / span;
                double y = height - 5 - (height - 20) * v / max;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            h.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colours[k++])
                    .append("\" points=\"").append(pts.toString().trim()).append("\"/>");
        }
        h.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"12\" font-size=\"10\" fill=\"#57606a\">max %s</text>",
                CanaryJudge.num(max)));
        h.append("</svg><figcaption>").append(esc(title)).append("</figcaption></figure>");
    }

    private static String value(double v, boolean rate) {
        return rate ? CanaryJudge.pct(v) : CanaryJudge.num(v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
