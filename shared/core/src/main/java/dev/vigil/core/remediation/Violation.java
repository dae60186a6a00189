package dev.vigil.core.remediation;

import java.util.LinkedHashMap;
import java.util.Map;

/** One broken guardrail: a stable code (for tests and dashboards) and a sentence for the humans in Slack. */
public record Violation(String code, String message) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        return m;
    }
}
