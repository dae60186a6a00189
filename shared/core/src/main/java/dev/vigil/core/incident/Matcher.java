package dev.vigil.core.incident;

import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.detect.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Selects signals, for silences and maintenance windows. Every field given must match (globs where it makes sense);
 * an empty matcher matches nothing, so that a silence typed in haste never mutes everything.
 *
 * @param resource  glob over unscoped resource keys ({@code lambda:checkout-*})
 * @param service   a topology service name
 * @param team      the {@code team} tag of the signal's services
 * @param maxSeverity the most severe signal muted (e.g. {@code high}: criticals still get through); null = any
 */
public record Matcher(String resource, String namespace, String metric, Map<String, String> dimensions,
                      String service, String team, String account, String region, String kind, Severity maxSeverity) {

    public Matcher {
        dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    }

    public static Matcher from(ConfigTree t) {
        String max = t.get("maxSeverity").string(null);
        return new Matcher(t.get("resource").string(null), t.get("namespace").string(null),
                t.get("metric").string(null), t.get("dimensions").stringMap(), t.get("service").string(null),
                t.get("team").string(null), t.get("account").string(null), t.get("region").string(null),
                t.get("kind").string(null), max == null ? null : Signal.severity(max));
    }

    public boolean isEmpty() {
        return resource == null && namespace == null && metric == null && dimensions.isEmpty() && service == null
                && team == null && account == null && region == null && kind == null;
    }

    public boolean matches(Signal s, Set<String> services, Topology topology) {
        if (isEmpty()) {
            return false;
        }
        if (maxSeverity != null && s.severity().ordinal() > maxSeverity.ordinal()) {
            return false;
        }
        if (namespace != null && !Glob.matches(namespace, nz(s.namespace()))) {
            return false;
        }
        if (metric != null && !Glob.matches(metric, nz(s.metricName()))) {
            return false;
        }
        if (account != null && !Glob.matches(account, nz(s.accountId()))) {
            return false;
        }
        if (region != null && !Glob.matches(region, nz(s.region()))) {
            return false;
        }
        if (kind != null && !kind.equalsIgnoreCase(s.kind().code())) {
            return false;
        }
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            if (!Glob.matches(d.getValue(), nz(s.dimensions().get(d.getKey())))) {
                return false;
            }
        }
        if (resource != null) {
            boolean any = false;
            for (String r : s.resources()) {
                any |= Glob.matches(resource, Resources.unscoped(r));
            }
            if (!any) {
                return false;
            }
        }
        if (service != null && !services.contains(service)) {
            return false;
        }
        if (team != null) {
            boolean any = false;
            for (String name : services) {
                Topology.Service svc = topology.service(name);
                any |= svc != null && team.equals(svc.tags().get("team"));
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A compact human description: {@code resource=lambda:checkout-* namespace=AWS/Lambda}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, "resource", resource);
        add(parts, "service", service);
        add(parts, "team", team);
        add(parts, "namespace", namespace);
        add(parts, "metric", metric);
        add(parts, "account", account);
        add(parts, "region", region);
        add(parts, "kind", kind);
        dimensions.forEach((k, v) -> parts.add(k + "=" + v));
        if (maxSeverity != null) {
            parts.add("maxSeverity=" + maxSeverity.code());
        }
        return String.join(" ", parts);
    }

    private static void add(List<String> parts, String k, String v) {
        if (v != null) {
            parts.add(k + "=" + v);
        }
    }

    /**
     * Parses the text form used by the Slack command: {@code key=value} pairs ({@code resource=lambda:checkout
     * metric=Errors FunctionName=checkout}); keys that are not matcher fields are dimensions.
     */
    public static Matcher parse(String text) {
        String resource = null, namespace = null, metric = null, service = null, team = null, account = null;
        String region = null, kind = null;
        Severity max = null;
        Map<String, String> dims = new java.util.LinkedHashMap<>();
        for (String tok : text.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            int eq = tok.indexOf('=');
            if (eq <= 0 || eq == tok.length() - 1) {
                throw new IllegalArgumentException("expected key=value, got '" + tok + "'");
            }
            String k = tok.substring(0, eq);
            String v = tok.substring(eq + 1);
            switch (k) {
                case "resource" -> resource = v;
                case "namespace" -> namespace = v;
                case "metric" -> metric = v;
                case "service" -> service = v;
                case "team" -> team = v;
                case "account" -> account = v;
                case "region" -> region = v;
                case "kind" -> kind = v;
                case "maxSeverity" -> max = Signal.severity(v);
                default -> dims.put(k, v);
            }
        }
        return new Matcher(resource, namespace, metric, dims, service, team, account, region, kind, max);
    }
}
