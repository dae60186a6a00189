package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Turns (anomaly, runbook, the resource's current state) into a {@link Plan}: resolves the resource ARN and
 * parameters, computes the new value, and captures the state an undo will restore. Pure: the caller reads the
 * resource (through the action's executor) and the recent datapoints, and passes the clock.
 */
public final class Planner {

    private Planner() {
    }

    /** The resource ARN the runbook names for this anomaly (template resolved), or null for notify-only. */
    public static String resourceArn(Runbook runbook, AnomalyEvent anomaly) {
        return Templates.resolve(runbook.resource(), anomaly);
    }

    public static PlanResult plan(String executionName, String incidentId, AnomalyEvent anomaly, Runbook runbook,
                                  ActionDefinition action, ResourceState current, List<Double> recent,
                                  Instant now) {
        ActionType type = action.type();
        String arn;
        try {
            arn = resourceArn(runbook, anomaly);
        } catch (IllegalArgumentException e) {
            return new PlanResult.Unplannable(e.getMessage());
        }
        Map<String, Object> params = new TreeMap<>();
        Map<String, String> proposed = new TreeMap<>();
        String change;
        switch (type) {
            case LAMBDA_RESERVED_CONCURRENCY, ECS_DESIRED_COUNT, ASG_DESIRED_CAPACITY -> {
                String key = type.stateKey();
                OptionalLong cur = current.scalar(key);
                if (cur.isEmpty() && runbook.target().kind() != Target.Kind.SET) {
                    return new PlanResult.Unplannable(arn + " has no current " + key + " to "
                            + runbook.target().describe() + " from");
                }
                long next = runbook.target().apply(cur.orElse(0));
                params.put(key, next);
                proposed.put(key, Long.toString(next));
                change = key + " " + (cur.isPresent() ? Long.toString(cur.getAsLong()) : "unset") + " → " + next
                        + " (" + runbook.target().describe() + ")";
            }
            case LAMBDA_ALIAS_ROLLBACK -> {
                String now_ = current.value("functionVersion");
                String prev = current.value("previousVersion");
                if (prev == null || prev.equals(ResourceState.NONE)) {
                    return new PlanResult.Unplannable(arn + " points at version " + now_
                            + ", and no earlier published version exists to roll back to");
                }
                params.put("functionVersion", prev);
                proposed.put("functionVersion", prev);
                change = "alias version " + now_ + " → " + prev + " (the version published before it)";
            }
            case SSM_AUTOMATION -> {
                for (Map.Entry<String, Object> e : runbook.parameters().entrySet()) {
                    params.put(e.getKey(), resolve(e.getValue(), anomaly));
                }
                proposed.put("automation", "started");
                change = "start automation " + params.getOrDefault("documentName", arn);
            }
            case NOTIFY_ONLY -> {
                change = "no change: notify the channel only";
            }
            default -> throw new IllegalStateException("unhandled action type " + type);
        }
        String planId = planIdFor(executionName);
        int approvals = runbook.mode() == Mode.APPROVE ? action.risk().requiredApprovals() : 0;
        Plan plan = new Plan(planId, incidentId, executionName, runbook.id(), runbook.description(), action.id(), type,
                action.description(), runbook.mode(), action.risk(), approvals, arn, params,
                current, proposed, change, action.limits().describe(), action.undo(), anomaly, recent,
                chartUrl(anomaly), now, runbook.approvalWindowSeconds(), runbook.approvalMaxSeconds(),
                runbook.verifyAfterSeconds(), runbook.verifyLookbackMinutes(), runbook.channel());
        return new PlanResult.Planned(plan);
    }

    @SuppressWarnings("unchecked")
    private static Object resolve(Object v, AnomalyEvent e) {
        if (v instanceof String s) {
            return Templates.resolve(s, e);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> x : ((Map<String, Object>) m).entrySet()) {
                out.put(x.getKey(), resolve(x.getValue(), e));
            }
            return out;
        }
        return v;
    }

    /** Stable per execution: a re-run of the same execution plans the same id (so its audit entries collide). */
    public static String planIdFor(String executionName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(executionName.getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CloudWatch console link graphing the series (the console's own URL encoding: {@code ~} separates,
     * {@code '} starts a string, {@code *2f} is a slash).
     */
    public static String chartUrl(AnomalyEvent e) {
        String region = e.region() == null ? "us-east-1" : e.region();
        StringBuilder m = new StringBuilder("~(~'").append(enc(e.namespace())).append("~'").append(enc(e.metricName()));
        for (Map.Entry<String, String> d : e.dimensions().entrySet()) {
            m.append("~'").append(enc(d.getKey())).append("~'").append(enc(d.getValue()));
        }
        m.append(')');
        return "https://console.aws.amazon.com/cloudwatch/home?region=" + region + "#metricsV2:graph=~(metrics~("
                + m + ")~region~'" + region + "~period~60)";
    }

    private static String enc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
                b.append(c);
            } else {
                b.append('*').append(String.format("%02x", (int) c));
            }
        }
        return b.toString();
    }
}
