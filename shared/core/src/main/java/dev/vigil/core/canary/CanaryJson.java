package dev.vigil.core.canary;

import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * verdict.json (DESIGN.md, "vigil canary"), also the {@code detail} of the {@code vigil.canary} bus event. NaN (no
 * value, no test) is written as null.
 */
public final class CanaryJson {

    private CanaryJson() {
    }

    public static Map<String, Object> tree(CanaryVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", v.target().functionName());
        m.put("alias", v.target().alias());
        m.put("baselineVersion", v.target().baselineVersion());
        m.put("canaryVersion", v.target().canaryVersion());
        m.put("result", v.result().label());
        m.put("score", v.score());
        m.put("reason", v.reason());
        m.put("from", v.fromMillis() == 0 ? null : Instant.ofEpochMilli(v.fromMillis()).toString());
        m.put("to", v.toMillis() == 0 ? null : Instant.ofEpochMilli(v.toMillis()).toString());
        m.put("baselineInvocations", num(v.baselineInvocations()));
        m.put("canaryInvocations", num(v.canaryInvocations()));
        m.put("canaryShare", num(v.canaryShare()));
        List<Object> metrics = new ArrayList<>();
        for (MetricJudgement j : v.metrics()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", j.name());
            r.put("group", j.group());
            r.put("classification", j.classification().label());
            r.put("direction", j.direction().name().toLowerCase(java.util.Locale.ROOT));
            r.put("failed", j.failed());
            r.put("baseline", num(j.baseline()));
            r.put("canary", num(j.canary()));
            r.put("pValue", num(j.pValue()));
            r.put("effectSize", num(j.effectSize()));
            r.put("reason", j.reason());
            metrics.add(r);
        }
        m.put("metrics", metrics);
        return m;
    }

    public static String write(CanaryVerdict v) {
        return JsonTree.writePretty(tree(v));
    }

    public static String writeCompact(CanaryVerdict v) {
        return JsonTree.write(tree(v));
    }

    private static Object num(double d) {
        if (!Double.isFinite(d)) {
            return null;
        }
        return Math.abs(d) >= 1e-4 || d == 0 ? Math.round(d * 1e6) / 1e6 : d;
    }
}
