package dev.vigil.core.incident;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Starts the remediation workflow. The execution name is derived from the incident and the runbook, and a Standard
 * state machine refuses a second execution with a name it has seen (for 90 days): a redelivered event, a retried
 * batch or a second match of the same incident cannot start a second remediation.
 */
public interface RemediationStarter {

    enum Result { STARTED, ALREADY_STARTED }

    Result start(String executionName, String inputJson);

    /**
     * {@code vigil-<incidentId>-<runbookId>}, reduced to what Step Functions accepts in a name
     * ({@code [A-Za-z0-9_-]}, at most 80 characters); a long runbook id is shortened with a hash so two runbooks
     * never share a name.
     */
    static String executionName(String incidentId, String runbookId) {
        String rb = runbookId.replaceAll("[^A-Za-z0-9_-]", "-");
        String name = "vigil-" + incidentId + "-" + rb;
        if (name.length() <= 80) {
            return name;
        }
        String hash = sha(runbookId).substring(0, 12);
        return (name.substring(0, 80 - 13) + "-" + hash);
    }

    /** The incident id inside an execution name, or null when the name is not one of ours. */
    static String incidentOf(String executionName) {
        if (executionName == null || !executionName.startsWith("vigil-inc-")) {
            return null;
        }
        int end = executionName.indexOf('-', "vigil-inc-".length());
        return end < 0 ? null : executionName.substring("vigil-".length(), end);
    }

    /** The workflow's input: which incident, which runbook, and the anomaly that matched. */
    static String input(String incidentId, String runbookId, AnomalyEvent anomaly) {
        return "{\"incidentId\":\"" + incidentId + "\",\"runbookId\":\"" + runbookId.replace("\"", "")
                + "\",\"anomaly\":" + dev.vigil.core.anomaly.AnomalyJson.write(anomaly) + "}";
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
