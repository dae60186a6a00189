package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A remediation plan: which runbook answered which anomaly, the exact action and parameters, the resource and its
 * state before acting, what it would become, the limits that bound it, and how long approvers have. Everything later
 * steps (guardrails, approval, execute, verify, rollback, record, notify) need travels in it, as JSON, through the
 * workflow.
 */
public record Plan(String planId, String incidentId, String executionName, String runbookId,
                   String runbookDescription, String actionId, ActionType actionType, String actionDescription,
                   Mode mode, RiskLevel risk, int requiredApprovals, String resourceArn,
                   Map<String, Object> parameters, ResourceState previous, Map<String, String> proposed,
                   String change, String blastRadius, String undo, AnomalyEvent anomaly, List<Double> recent,
                   String chartUrl, Instant createdAt, int approvalWindowSeconds, int approvalMaxSeconds,
                   int verifyAfterSeconds, int verifyLookbackMinutes, String channel) {

    public Plan {
        parameters = new TreeMap<>(parameters == null ? Map.of() : parameters);
        proposed = new TreeMap<>(proposed == null ? Map.of() : proposed);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /** The scalar value the action sets, when it is a scalar action. */
    public Long targetValue() {
        if (actionType.stateKey() == null) {
            return null;
        }
        String v = proposed.get(actionType.stateKey());
        return v == null || v.equals(ResourceState.NONE) ? null : Long.parseLong(v);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planId", planId);
        m.put("incidentId", incidentId);
        m.put("executionName", executionName);
        m.put("runbookId", runbookId);
        m.put("runbookDescription", runbookDescription);
        m.put("actionId", actionId);
        m.put("actionType", actionType.code());
        m.put("actionDescription", actionDescription);
        m.put("mode", mode.code());
        m.put("risk", risk.code());
        m.put("requiredApprovals", requiredApprovals);
        m.put("resourceArn", resourceArn);
        m.put("parameters", new TreeMap<>(parameters));
        m.put("previous", previous == null ? null : previous.toMap());
        m.put("proposed", new TreeMap<>(proposed));
        m.put("change", change);
        m.put("blastRadius", blastRadius);
        m.put("undo", undo);
        m.put("anomaly", JsonTree.object(AnomalyJson.write(anomaly)));
        m.put("recent", new ArrayList<>(recent));
        m.put("chartUrl", chartUrl);
        m.put("createdAt", createdAt.toString());
        m.put("approvalWindowSeconds", approvalWindowSeconds);
        m.put("approvalMaxSeconds", approvalMaxSeconds);
        m.put("verifyAfterSeconds", verifyAfterSeconds);
        m.put("verifyLookbackMinutes", verifyLookbackMinutes);
        m.put("channel", channel);
        return m;
    }

    public static Plan fromMap(Map<String, Object> m) {
        List<Double> recent = new ArrayList<>();
        for (Object o : JsonTree.list(m, "recent")) {
            recent.add(o == null ? Double.NaN : ((Number) o).doubleValue());
        }
        Map<String, Object> params = JsonTree.optObj(m, "parameters");
        return new Plan(JsonTree.str(m, "planId"), JsonTree.str(m, "incidentId"), JsonTree.str(m, "executionName"),
                JsonTree.str(m, "runbookId"), JsonTree.optStr(m, "runbookDescription"), JsonTree.str(m, "actionId"),
                ActionType.parse(JsonTree.str(m, "actionType")), JsonTree.optStr(m, "actionDescription"),
                Mode.parse(JsonTree.str(m, "mode")), RiskLevel.parse(JsonTree.str(m, "risk")),
                (int) JsonTree.lng(m, "requiredApprovals"), JsonTree.optStr(m, "resourceArn"),
                params == null ? Map.of() : params, ResourceState.fromMap(JsonTree.optObj(m, "previous")),
                JsonTree.strings(m, "proposed"), JsonTree.optStr(m, "change"), JsonTree.optStr(m, "blastRadius"),
                JsonTree.optStr(m, "undo"), AnomalyJson.read(JsonTree.write(JsonTree.obj(m, "anomaly"))), recent,
                JsonTree.optStr(m, "chartUrl"), Instant.parse(JsonTree.str(m, "createdAt")),
                (int) JsonTree.lng(m, "approvalWindowSeconds"), (int) JsonTree.lng(m, "approvalMaxSeconds"),
                (int) JsonTree.lng(m, "verifyAfterSeconds"), (int) JsonTree.lng(m, "verifyLookbackMinutes"),
                JsonTree.optStr(m, "channel"));
    }
}
