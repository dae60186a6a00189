package dev.vigil.core.remediation;

import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The guardrails' answer: allowed, or refused with every reason. */
public record GuardrailVerdict(boolean allowed, List<Violation> violations, Instant checkedAt) {

    public GuardrailVerdict {
        violations = List.copyOf(violations);
        if (allowed != violations.isEmpty()) {
            throw new IllegalArgumentException("a verdict is allowed exactly when it has no violation");
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed", allowed);
        List<Object> v = new ArrayList<>();
        for (Violation x : violations) {
            v.add(x.toMap());
        }
        m.put("violations", v);
        m.put("checkedAt", checkedAt.toString());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static GuardrailVerdict fromMap(Map<String, Object> m) {
        List<Violation> v = new ArrayList<>();
        for (Object o : JsonTree.list(m, "violations")) {
            Map<String, Object> x = (Map<String, Object>) o;
            v.add(new Violation(JsonTree.str(x, "code"), JsonTree.str(x, "message")));
        }
        return new GuardrailVerdict(JsonTree.bool(m, "allowed"), v, Instant.parse(JsonTree.str(m, "checkedAt")));
    }
}
