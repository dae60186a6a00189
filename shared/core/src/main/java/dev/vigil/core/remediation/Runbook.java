package dev.vigil.core.remediation;

import java.util.Map;

/**
 * A policy: when an anomaly matches {@link #match()}, propose {@link #actionId()} on the resource named by
 * {@link #resource()} (a template over the anomaly: {@code ${region}}, {@code ${accountId}},
 * {@code ${dimensions.FunctionName}}…), in {@link #mode()}.
 *
 * @param target                   the new value of a scalar action (null for others)
 * @param parameters               further parameters (templates), e.g. an SSM document's inputs
 * @param approvalWindowSeconds    how long approvers have (the approval task's HeartbeatSeconds)
 * @param approvalMaxSeconds       the hard limit even with a first approval in (the task's TimeoutSeconds)
 * @param verifyAfterSeconds       how long to wait after acting before checking the metric
 * @param verifyLookbackMinutes    how many recent minutes must all be back within the band
 */
public record Runbook(String id, String description, Match match, String actionId, String resource, Target target,
                      Map<String, Object> parameters, Mode mode, int approvalWindowSeconds, int approvalMaxSeconds,
                      int verifyAfterSeconds, int verifyLookbackMinutes, String channel) {

    public Runbook {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
