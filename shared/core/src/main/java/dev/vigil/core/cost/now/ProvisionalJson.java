package dev.vigil.core.cost.now;

import dev.vigil.core.cost.now.ProvisionalAnomaly.Cause;
import dev.vigil.core.cost.now.ProvisionalAnomaly.ChangeLine;
import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provisional cost anomaly contract (DESIGN.md) as JSON: one object is the detail of a
 * {@code vigil.cost-anomaly} event with {@code provisional: true}; {@code provisional.json} is an array of them.
 * It also carries the cost-anomaly contract's {@code dimension, key, account, actualCost, expectedCost, impact,
 * severity, score}, so the incident function reads it like an export anomaly (same scope and day, same signal).
 */
public final class ProvisionalJson {

    private ProvisionalJson() {
    }

    public static String array(List<ProvisionalAnomaly> anomalies) {
        List<Object> out = new ArrayList<>();
        for (ProvisionalAnomaly a : anomalies) {
            out.add(tree(a));
        }
        return JsonTree.writePretty(out) + "\n";
    }

    public static String one(ProvisionalAnomaly a) {
        return JsonTree.write(tree(a));
    }

    /** Severity from the daily impact in $ (an estimate has no z-score to go by). */
    public static String severity(double dailyImpact) {
        double d = Math.abs(dailyImpact);
        return d >= 5_000 ? "critical" : d >= 1_000 ? "high" : d >= 100 ? "medium" : "low";
    }

    public static Map<String, Object> tree(ProvisionalAnomaly a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("provisional", true);
        m.put("source", a.source().code());
        m.put("detectedAt", a.detectedAt().toString());
        m.put("date", a.date().toString());
        m.put("account", a.account());
        m.put("region", a.region());
        m.put("service", a.service());
        m.put("dimension", "service");
        m.put("key", a.key());
        m.put("estimatedHourlyCost", round(a.estimatedHourlyCost()));
        m.put("estimatedDailyImpact", round(a.estimatedDailyImpact()));
        m.put("estimatedImpactOnDate", round(a.estimatedImpactOnDate()));
        m.put("expectedDailyCost", round(a.expectedDailyCost()));
        m.put("status", a.status().code());
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("eventName", a.cause().eventName());
        cause.put("principal", a.cause().principal());
        cause.put("resource", a.cause().resource());
        cause.put("stack", a.cause().stack());
        m.put("cause", cause);
        // the cost-anomaly contract's fields, so that consumers of vigil.cost-anomaly read it unchanged
        m.put("actualCost", round(a.expectedDailyCost() + a.estimatedDailyImpact()));
        m.put("expectedCost", round(a.expectedDailyCost()));
        m.put("impact", round(a.estimatedDailyImpact()));
        m.put("impactPercent", a.expectedDailyCost() > 0 ? round(a.estimatedDailyImpact() / a.expectedDailyCost() * 100)
                : null);
        m.put("severity", severity(a.estimatedDailyImpact()));
        m.put("score", Math.min(1.0, round(Math.abs(a.estimatedDailyImpact()) / 10_000.0)));
        m.put("basis", a.basis());
        List<Object> changes = new ArrayList<>();
        for (ChangeLine l : a.changes()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("eventName", l.eventName());
            c.put("resource", l.resource());
            c.put("service", l.service());
            c.put("at", l.at() == null ? null : l.at().toString());
            c.put("hourlyCost", round(l.hourlyCost()));
            c.put("priced", l.priced());
            c.put("note", l.note());
            changes.add(c);
        }
        m.put("changes", changes);
        m.put("resources", new ArrayList<Object>(resourceKeys(a)));
        m.put("unpriced", new ArrayList<Object>(a.unpriced()));
        m.put("reconciledAt", a.reconciledAt() == null ? null : a.reconciledAt().toString());
        m.put("exportImpact", Double.isNaN(a.exportImpact()) ? null : round(a.exportImpact()));
        m.put("exportAt", a.exportAt() == null ? null : a.exportAt().toString());
        m.put("leadTimeHours", Double.isNaN(a.leadTimeHours()) ? null : round(a.leadTimeHours()));
        m.put("slackChannel", a.slackChannel());
        m.put("slackTs", a.slackTs());
        return m;
    }

    static final int MAX_RESOURCE_KEYS = 20;

    /**
     * The resources of the estimate as the incident function's {@code type:name} keys ({@code ec2:i-…},
     * {@code rds:orders-db}, {@code lambda:checkout}, {@code stack:shop-prod}…), so that a topology service that
     * names them (and its team) owns the signal. At most {@value #MAX_RESOURCE_KEYS}, the stack first.
     */
    public static List<String> resourceKeys(ProvisionalAnomaly a) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        if (a.cause().stack() != null) {
            out.add("stack:" + a.cause().stack());
        }
        for (ChangeLine l : a.changes()) {
            if (out.size() >= MAX_RESOURCE_KEYS) {
                break;
            }
            String k = resourceKey(l.service(), l.resource());
            if (k != null) {
                out.add(k);
            }
        }
        return new ArrayList<>(out);
    }

    static String resourceKey(String service, String resource) {
        if (resource == null || service == null) {
            return null;
        }
        if (resource.startsWith("asg:") || resource.startsWith("nodegroup:")) {
            return resource;
        }
        return switch (service) {
            case "AmazonEC2" -> resource.startsWith("nat-") ? "natgw:" + resource
                    : resource.startsWith("vol-") ? "ebs:" + resource : "ec2:" + resource;
            case "AmazonRDS" -> "rds:" + resource;
            case "AmazonDynamoDB" -> "dynamodb:" + resource;
            case "AmazonElastiCache" -> "elasticache:" + resource;
            case "AWSLambda" -> "lambda:" + (resource.contains(":") ? resource.substring(0, resource.indexOf(':'))
                    : resource);
            case "AmazonES" -> "opensearch:" + resource;
            case "AmazonRedshift" -> "redshift:" + resource;
            case "AmazonSageMaker" -> "sagemaker:" + resource;
            default -> null;
        };
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** Reads {@code provisional.json} back (a later run continues from it). */
    public static List<ProvisionalAnomaly> read(String json) {
        Object t = JsonTree.parse(json);
        if (!(t instanceof List<?> list)) {
            throw new IllegalArgumentException("provisional.json must be an array");
        }
        List<ProvisionalAnomaly> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("provisional.json: every element must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(fromTree(m));
        }
        return out;
    }

    public static ProvisionalAnomaly fromTree(Map<String, Object> m) {
        Map<String, Object> c = JsonTree.obj(m, "cause");
        List<ChangeLine> lines = new ArrayList<>();
        for (Object o : JsonTree.list(m, "changes")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) o;
            String at = JsonTree.optStr(l, "at");
            lines.add(new ChangeLine(JsonTree.optStr(l, "eventName"), JsonTree.optStr(l, "resource"),
                    JsonTree.optStr(l, "service"), at == null ? null : Instant.parse(at), JsonTree.dbl(l, "hourlyCost"),
                    Boolean.TRUE.equals(l.get("priced")), JsonTree.optStr(l, "note")));
        }
        List<String> unpriced = new ArrayList<>();
        for (Object o : JsonTree.list(m, "unpriced")) {
            unpriced.add(String.valueOf(o));
        }
        String rec = JsonTree.optStr(m, "reconciledAt");
        String exp = JsonTree.optStr(m, "exportAt");
        double ei = JsonTree.dbl(m, "exportImpact");
        return new ProvisionalAnomaly(JsonTree.str(m, "id"),
                ProvisionalAnomaly.Source.fromCode(JsonTree.str(m, "source")),
                Instant.parse(JsonTree.str(m, "detectedAt")), LocalDate.parse(JsonTree.str(m, "date")),
                JsonTree.optStr(m, "account"), JsonTree.optStr(m, "region"), JsonTree.str(m, "service"),
                JsonTree.str(m, "key"), JsonTree.dbl(m, "estimatedHourlyCost"), JsonTree.dbl(m, "estimatedDailyImpact"),
                JsonTree.dbl(m, "estimatedImpactOnDate"), orZero(JsonTree.dbl(m, "expectedDailyCost")),
                ProvisionalAnomaly.Status.fromCode(JsonTree.str(m, "status")),
                new Cause(JsonTree.optStr(c, "eventName"), JsonTree.optStr(c, "principal"),
                        JsonTree.optStr(c, "resource"), JsonTree.optStr(c, "stack")),
                lines, unpriced, JsonTree.optStr(m, "basis"), rec == null ? null : Instant.parse(rec), ei,
                exp == null ? null : Instant.parse(exp), JsonTree.optStr(m, "slackChannel"),
                JsonTree.optStr(m, "slackTs"));
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
