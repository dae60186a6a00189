package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.Set;

/**
 * The approval rules, applied through conditional writes on the Approvals table:
 * <ul>
 *   <li>only allowed approvers decide; anyone else changes nothing;</li>
 *   <li>a decision is made exactly once: the write is conditional on the version read, and a click that loses the
 *       race re-reads and is told who decided ("already approved by X");</li>
 *   <li>high risk needs two distinct approvers: the first approval is recorded (and extends the window by one
 *       approval window, never past the hard deadline), the same person again is told a second person is needed;
 *       one rejection is enough to reject;</li>
 *   <li>after {@code expiresAt} nothing is approved: the request becomes EXPIRED.</li>
 * </ul>
 */
public final class Approvals {

    public enum Vote { APPROVE, REJECT }

    /** What a click did (closed). */
    public sealed interface Result {
        record Approved(ApprovalRecord record) implements Result { }
        record Rejected(ApprovalRecord record) implements Result { }
        record AwaitingSecond(ApprovalRecord record) implements Result { }
        record SameApproverTwice(ApprovalRecord record) implements Result { }
        record AlreadyDecided(ApprovalRecord record) implements Result { }
        record Expired(ApprovalRecord record, boolean expiredNow) implements Result { }
        record NotAllowed(String userId) implements Result { }
        record Unknown(String approvalId) implements Result { }
    }

    private final ApprovalStore store;

    public Approvals(ApprovalStore store) {
        this.store = store;
    }

    public Result decide(String approvalId, String userId, Vote vote, Set<String> allowedApprovers, Instant now) {
        if (!allowedApprovers.contains(userId)) {
            return new Result.NotAllowed(userId);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            ApprovalRecord r = store.find(approvalId).orElse(null);
            if (r == null) {
                return new Result.Unknown(approvalId);
            }
            if (r.status() == ApprovalRecord.Status.EXPIRED) {
                return new Result.Expired(r, false);
            }
            if (r.status() != ApprovalRecord.Status.PENDING) {
                return new Result.AlreadyDecided(r);
            }
            if (!now.isBefore(r.expiresAt())) {
                ApprovalRecord next = r.withDecision(ApprovalRecord.Status.EXPIRED, null, now);
                if (store.put(next)) {
                    return new Result.Expired(next, true);
                }
                continue;
            }
            if (vote == Vote.REJECT) {
                ApprovalRecord next = r.withDecision(ApprovalRecord.Status.REJECTED, userId, now);
                if (store.put(next)) {
                    return new Result.Rejected(next);
                }
                continue;
            }
            if (r.requiredApprovals() >= 2) {
                if (r.firstApprover() == null) {
                    // A first approval buys the second approver one more window (the request's own length: the
                    // workflow's heartbeat is sent at the same moment), never past the hard deadline.
                    Instant extended = now.plus(java.time.Duration.between(r.createdAt(), r.expiresAt()));
                    Instant expiry = extended.isAfter(r.hardDeadline()) ? r.hardDeadline() : extended;
                    expiry = expiry.isAfter(r.expiresAt()) ? expiry : r.expiresAt();
                    ApprovalRecord next = r.withFirstApproval(userId, now, expiry);
                    if (store.put(next)) {
                        return new Result.AwaitingSecond(next);
                    }
                    continue;
                }
                if (r.firstApprover().equals(userId)) {
                    return new Result.SameApproverTwice(r);
                }
            }
            ApprovalRecord next = r.withDecision(ApprovalRecord.Status.APPROVED, userId, now);
            if (store.put(next)) {
                return new Result.Approved(next);
            }
        }
        throw new IllegalStateException("approval " + approvalId + " kept changing under us");
    }

    /** Marks a still-pending request EXPIRED (the workflow's expiry path); false when it was already decided. */
    public boolean expire(String approvalId, Instant now) {
        for (int attempt = 0; attempt < 5; attempt++) {
            ApprovalRecord r = store.find(approvalId).orElse(null);
            if (r == null || r.status() != ApprovalRecord.Status.PENDING) {
                return false;
            }
            if (store.put(r.withDecision(ApprovalRecord.Status.EXPIRED, null, now))) {
                return true;
            }
        }
        return false;
    }
}
