package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of an incident's audit trail. {@code key} is unique within the incident and deterministic
 * ({@code <planId>#<nn>-<kind>[#…]}), so a retried step writes the same key and the conditional put refuses the
 * duplicate: nothing is ever overwritten. {@code resourceArn} is set on entries that changed a resource
 * ({@link #APPLIED}, {@link #ROLLED_BACK}), which is what cooldowns and rate limits count.
 */
public record AuditEntry(String incidentId, String key, Instant at, String kind, String planId, String actor,
                         String resourceArn, Map<String, Object> detail) {

    public static final String PLANNED = "plan";
    public static final String GUARDRAILS = "guardrails";
    public static final String APPROVAL_REQUESTED = "approval-requested";
    public static final String DECISION = "decision";
    public static final String ACTION = "action";
    public static final String APPLIED = "applied";
    public static final String VERIFICATION = "verification";
    public static final String ROLLED_BACK = "rollback";
    public static final String OUTCOME = "outcome";
    public static final String NOTIFICATION = "notification";

    public AuditEntry {
        detail = detail == null ? Map.of() : new LinkedHashMap<>(detail);
    }

    /** Keys sort in workflow order within a plan. */
    public static String keyFor(String planId, String kind, String... extra) {
        String order = switch (kind) {
            case PLANNED -> "01";
            case GUARDRAILS -> "02";
            case APPROVAL_REQUESTED -> "03";
            case DECISION -> "04";
            case ACTION -> "05";
            case APPLIED -> "06";
            case VERIFICATION -> "07";
            case ROLLED_BACK -> "08";
            case OUTCOME -> "09";
            case NOTIFICATION -> "10";
            default -> "99";
        };
        StringBuilder b = new StringBuilder(planId).append('#').append(order).append('-').append(kind);
        for (String x : extra) {
            b.append('#').append(x);
        }
        return b.toString();
    }
}
