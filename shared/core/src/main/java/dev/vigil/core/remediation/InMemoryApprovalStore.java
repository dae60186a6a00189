package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An {@link ApprovalStore} in memory with the same conditional-write rule (unit tests). */
public final class InMemoryApprovalStore implements ApprovalStore {

    private final Map<String, ApprovalRecord> items = new HashMap<>();
    private final Map<String, Instant> seen = new HashMap<>();
    private int writes;

    @Override
    public synchronized Optional<ApprovalRecord> find(String approvalId) {
        return Optional.ofNullable(items.get(approvalId));
    }

    @Override
    public synchronized boolean put(ApprovalRecord next) {
        ApprovalRecord cur = items.get(next.approvalId());
        long expected = next.version() - 1;
        if (next.version() == 0 ? cur != null : cur == null || cur.version() != expected) {
            return false;
        }
        items.put(next.approvalId(), next);
        writes++;
        return true;
    }

    @Override
    public synchronized boolean firstSighting(String requestKey, Instant forgetAt) {
        return seen.putIfAbsent(requestKey, forgetAt) == null;
    }

    /** Successful writes so far: tests assert "no state change" with it. */
    public synchronized int writes() {
        return writes;
    }
}
