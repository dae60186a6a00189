package dev.vigil.core.remediation;

import java.time.Instant;

/**
 * One approval request, as the Approvals table holds it. The Slack button carries only {@link #approvalId()} (a
 * short random id); the Step Functions task token stays here, and the item expires by TTL.
 *
 * @param expiresAt    decisions are accepted until then (the approval window, extended by a first approval of a
 *                     two-person request, never past {@code hardDeadline})
 * @param hardDeadline the workflow's own limit for the approval task (its TimeoutSeconds)
 * @param version      optimistic-locking counter: every change is a conditional write on it, so each transition
 *                     (and so the decision) happens exactly once
 */
public record ApprovalRecord(String approvalId, String taskToken, String planId, String incidentId,
                             String executionName, RiskLevel risk, int requiredApprovals, Status status,
                             String firstApprover, Instant firstApprovedAt, String decidedBy, Instant decidedAt,
                             String channel, String messageTs, Instant createdAt, Instant expiresAt,
                             Instant hardDeadline, String planJson, long version) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED, ABANDONED }

    public ApprovalRecord withFirstApproval(String user, Instant at, Instant newExpiry) {
        return new ApprovalRecord(approvalId, taskToken, planId, incidentId, executionName, risk, requiredApprovals,
                status, user, at, decidedBy, decidedAt, channel, messageTs, createdAt, newExpiry, hardDeadline,
                planJson, version + 1);
    }

    public ApprovalRecord withDecision(Status s, String user, Instant at) {
        return new ApprovalRecord(approvalId, taskToken, planId, incidentId, executionName, risk, requiredApprovals,
                s, firstApprover, firstApprovedAt, user, at, channel, messageTs, createdAt, expiresAt, hardDeadline,
                planJson, version + 1);
    }

    public ApprovalRecord withMessage(String ch, String ts) {
        return new ApprovalRecord(approvalId, taskToken, planId, incidentId, executionName, risk, requiredApprovals,
                status, firstApprover, firstApprovedAt, decidedBy, decidedAt, ch, ts, createdAt, expiresAt,
                hardDeadline, planJson, version + 1);
    }

    @Override
    public String toString() {
        // The task token is a credential for the workflow: never in a log line.
        return "ApprovalRecord[" + approvalId + ", plan " + planId + ", " + status + ", v" + version + "]";
    }
}
