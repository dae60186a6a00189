package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.detect.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The runbook catalog ({@code infra/runbooks/catalog.yaml}): actions with their declarations, and runbooks (policies)
 * that map anomaly patterns to actions. Parsed to plain maps (no reflection), then checked: the JSON Schema
 * ({@code catalog.schema.json}, enforced at build time) covers the shape; this class also checks what a schema
 * cannot: references, IAM declarations against what each action type needs, risk floors, auto-mode eligibility.
 * Every problem is reported at once, with where it is.
 */
public final class RunbookCatalog {

    public static final String CLASSPATH_LOCATION = "runbooks/catalog.yaml";

    private final Map<String, ActionDefinition> actions;
    private final List<Runbook> runbooks;

    private RunbookCatalog(Map<String, ActionDefinition> actions, List<Runbook> runbooks) {
        this.actions = actions;
        this.runbooks = runbooks;
    }

    public Map<String, ActionDefinition> actions() {
        return actions;
    }

    public List<Runbook> runbooks() {
        return runbooks;
    }

    public ActionDefinition action(String id) {
        ActionDefinition a = actions.get(id);
        if (a == null) {
            throw new IllegalArgumentException("no action '" + id + "' in the catalog");
        }
        return a;
    }

    public Optional<Runbook> runbook(String id) {
        return runbooks.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The first runbook, in catalog order, whose pattern the anomaly matches. */
    public Optional<Runbook> match(AnomalyEvent e) {
        for (Runbook r : runbooks) {
            if (r.match().matches(e)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The catalog bundled in the jar (the one the build validated). */
    public static RunbookCatalog fromClasspath() {
        try (InputStream in = RunbookCatalog.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("no " + CLASSPATH_LOCATION + " on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CLASSPATH_LOCATION + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML into plain maps, lists and scalars (also what the schema test validates). */
    public static Object yamlTree(String yaml) {
        return new Load(LoadSettings.builder().setLabel("catalog.yaml").build()).loadFromString(yaml);
    }

    public static RunbookCatalog parse(String yaml) {
        Object root;
        try {
            root = yamlTree(yaml);
        } catch (RuntimeException e) {
            throw new CatalogException(List.of("not valid YAML: " + e.getMessage()));
        }
        return fromTree(root);
    }

    @SuppressWarnings("unchecked")
    public static RunbookCatalog fromTree(Object root) {
        List<String> problems = new ArrayList<>();
        if (!(root instanceof Map)) {
            throw new CatalogException(List.of("the catalog must be a mapping with 'actions' and 'runbooks'"));
        }
        Map<String, Object> doc = (Map<String, Object>) root;
        Map<String, Object> defaults = map(doc.get("defaults"));
        Map<String, ActionDefinition> actions = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(doc.get("actions")).entrySet()) {
            String where = "actions." + e.getKey();
            try {
                ActionDefinition a = action(e.getKey(), map(e.getValue()), where, problems);
                if (a != null) {
                    actions.put(a.id(), a);
                }
            } catch (RuntimeException ex) {
                problems.add(where + ": " + ex.getMessage());
            }
        }
        if (actions.isEmpty()) {
            problems.add("actions: the catalog declares no action");
        }
        List<Runbook> runbooks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Object rbs = doc.get("runbooks");
        List<Object> list = rbs instanceof List ? (List<Object>) rbs : List.of();
        if (list.isEmpty()) {
            problems.add("runbooks: the catalog declares no runbook");
        }
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> r = map(list.get(i));
            String where = "runbooks[" + i + "]" + (r.get("id") == null ? "" : " (" + r.get("id") + ")");
            try {
                Runbook rb = runbook(r, defaults, actions, where, problems);
                if (rb != null) {
                    if (!ids.add(rb.id())) {
                        problems.add(where + ": duplicate runbook id " + rb.id());
                    }
                    runbooks.add(rb);
                }
            } catch (RuntimeException ex) {
                problems.add(where + ": " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return new RunbookCatalog(Map.copyOf(actions), List.copyOf(runbooks));
    }

    private static ActionDefinition action(String id, Map<String, Object> a, String where, List<String> problems) {
        int before = problems.size();
        ActionType type = ActionType.parse(str(a, "type"));
        RiskLevel risk = RiskLevel.parse(str(a, "risk"));
        List<String> iam = strings(a.get("iam"));
        Set<String> required = new TreeSet<>(type.requiredIam());
        Set<String> declared = new TreeSet<>(iam);
        if (!declared.containsAll(required)) {
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(declared);
            problems.add(where + ".iam: " + type.code() + " needs " + missing + " (declare exactly " + required + ")");
        }
        if (!required.containsAll(declared)) {
            Set<String> extra = new TreeSet<>(declared);
            extra.removeAll(required);
            problems.add(where + ".iam: " + extra + " are more than " + type.code() + " needs (" + required + ")");
        }
        if (risk.ordinal() < type.minimumRisk().ordinal()) {
            problems.add(where + ".risk: " + type.code() + " is at least " + type.minimumRisk().code() + " risk");
        }
        List<ParamSpec> params = new ArrayList<>();
        for (Map.Entry<String, Object> p : map(a.get("parameters")).entrySet()) {
            Map<String, Object> spec = map(p.getValue());
            String t = str(spec, "type");
            if (!ParamSpec.TYPES.contains(t)) {
                problems.add(where + ".parameters." + p.getKey() + ".type: " + t + " is not one of " + ParamSpec.TYPES);
            }
            params.add(new ParamSpec(p.getKey(), t, optLong(spec, "minimum"), optLong(spec, "maximum"),
                    (String) spec.get("pattern"), Boolean.TRUE.equals(spec.get("required"))));
        }
        if (type.scalar()) {
            ParamSpec p = params.stream().filter(s -> s.name().equals(type.stateKey())).findFirst().orElse(null);
            if (p == null || !p.type().equals("integer")) {
                problems.add(where + ".parameters: " + type.code() + " must declare the integer parameter "
                        + type.stateKey());
            }
        }
        Map<String, Object> l = map(a.get("limits"));
        List<String> arns = strings(l.get("allowedArns"));
        if (type.needsResource() && arns.isEmpty()) {
            problems.add(where + ".limits.allowedArns: an action that touches a resource must name the ARNs it may "
                    + "touch");
        }
        Limits limits = new Limits(optDouble(l, "maxRelativeChange"), optLong(l, "absoluteMin"),
                optLong(l, "absoluteMax"), arns, stringMap(l.get("requiredTags")),
                (int) optLong(l, "cooldownMinutes", 0), (int) optLong(l, "maxPerResourcePerHour", 1));
        if (limits.maxPerResourcePerHour() < 1) {
            problems.add(where + ".limits.maxPerResourcePerHour: must be at least 1");
        }
        if (type.scalar() && limits.absoluteMax() == null) {
            problems.add(where + ".limits.absoluteMax: a scalar action needs an upper bound");
        }
        String undo = a.get("undo") == null ? type.undo() : a.get("undo").toString();
        return problems.size() > before ? null
                : new ActionDefinition(id, type, (String) a.getOrDefault("description", id), risk, iam, params,
                        limits, undo);
    }

    private static Runbook runbook(Map<String, Object> r, Map<String, Object> defaults,
                                   Map<String, ActionDefinition> actions, String where, List<String> problems) {
        int before = problems.size();
        String id = str(r, "id");
        Map<String, Object> m = map(r.get("match"));
        Match match = new Match(str(m, "namespace"), str(m, "metricName"), stringMap(m.get("dimensions")),
                Match.Direction.parse(String.valueOf(m.getOrDefault("direction", "any"))),
                severity(String.valueOf(m.getOrDefault("minSeverity", "medium"))),
                new LinkedHashSet<>(strings(m.get("reasons"))));
        String actionId = str(r, "action");
        ActionDefinition action = actions.get(actionId);
        if (action == null) {
            problems.add(where + ".action: no action '" + actionId + "' in actions");
            return null;
        }
        Mode mode = Mode.parse(String.valueOf(r.getOrDefault("mode", defaults.getOrDefault("mode", "approve"))));
        if (mode == Mode.AUTO && action.risk() != RiskLevel.LOW) {
            problems.add(where + ".mode: auto is allowed for low-risk actions only; " + actionId + " is "
                    + action.risk().code() + " risk");
        }
        String resource = (String) r.get("resource");
        if (action.type().needsResource()) {
            if (resource == null) {
                problems.add(where + ".resource: " + action.type().code() + " needs a resource (ARN template)");
            } else if (!Templates.isTemplate(resource) && !action.type().validArn(resource)) {
                problems.add(where + ".resource: " + resource + " is not a " + action.type().code() + " ARN");
            }
        } else if (resource != null) {
            problems.add(where + ".resource: " + action.type().code() + " touches no resource");
        }
        Target target = null;
        Map<String, Object> t = map(r.get("target"));
        if (action.type().scalar()) {
            if (t.size() != 1) {
                problems.add(where + ".target: " + action.type().code() + " needs exactly one of set, scale, add");
            } else {
                Map.Entry<String, Object> e = t.entrySet().iterator().next();
                Target.Kind kind = Target.Kind.valueOf(e.getKey().toUpperCase(java.util.Locale.ROOT));
                if (!(e.getValue() instanceof Number n)) {
                    problems.add(where + ".target." + e.getKey() + ": must be a number");
                } else {
                    target = new Target(kind, n.doubleValue());
                    if (kind == Target.Kind.SCALE && n.doubleValue() <= 0) {
                        problems.add(where + ".target.scale: must be positive");
                    }
                }
            }
        } else if (!t.isEmpty()) {
            problems.add(where + ".target: only scalar actions take a target");
        }
        Map<String, Object> params = map(r.get("parameters"));
        for (String p : params.keySet()) {
            if (action.param(p) == null) {
                problems.add(where + ".parameters." + p + ": " + actionId + " declares no such parameter");
            }
        }
        for (ParamSpec p : action.parameters()) {
            if (p.required() && !params.containsKey(p.name()) && !p.name().equals(action.type().stateKey())) {
                problems.add(where + ".parameters: " + actionId + " requires " + p.name());
            }
        }
        if (action.type() == ActionType.SSM_AUTOMATION && !params.containsKey("undoDocumentName")) {
            // The workflow rolls back when verification fails; stopping an automation does not undo what it did.
            problems.add(where + ".parameters: an ssm-automation runbook must name its undoDocumentName (the "
                    + "document that reverses it), or rollback could not undo anything");
        }
        int window = (int) (60 * optLong(r, "approvalWindowMinutes",
                optLong(defaults, "approvalWindowMinutes", 30)));
        int max = (int) (60 * optLong(r, "approvalMaxMinutes", optLong(defaults, "approvalMaxMinutes", 120)));
        if (max <= window) {
            problems.add(where + ": approvalMaxMinutes must exceed approvalWindowMinutes");
        }
        int verifyAfter = (int) optLong(r, "verifyAfterSeconds", optLong(defaults, "verifyAfterSeconds", 300));
        int lookback = (int) optLong(r, "verifyLookbackMinutes", optLong(defaults, "verifyLookbackMinutes", 5));
        String channel = (String) r.getOrDefault("channel", defaults.get("channel"));
        return problems.size() > before ? null
                : new Runbook(id, (String) r.getOrDefault("description", id), match, actionId, resource, target,
                        params, mode, window, max, verifyAfter, lookback, channel);
    }

    private static Severity severity(String s) {
        Severity v = Match.severity(s);
        if (v == null) {
            throw new IllegalArgumentException("minSeverity '" + s + "' is not one of low, medium, high, critical");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected a mapping, found " + o);
        }
        return (Map<String, Object>) o;
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("'" + k + "' is required");
        }
        return v.toString();
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a list, found " + o);
        }
        List<String> out = new ArrayList<>();
        for (Object x : l) {
            out.add(String.valueOf(x));
        }
        return out;
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(o).entrySet()) {
            out.put(e.getKey(), String.valueOf(e.getValue()));
        }
        return out;
    }

    private static Long optLong(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("'" + k + "' must be an integer, was " + v);
    }

    private static long optLong(Map<String, Object> m, String k, long fallback) {
        Long v = optLong(m, k);
        return v == null ? fallback : v;
    }

    private static Double optDouble(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("'" + k + "' must be a number, was " + v);
    }
}
