package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.Optional;

/** The Approvals table. Every write is conditional, so concurrent clicks cannot both win. */
public interface ApprovalStore {

    /** A strongly consistent read. */
    Optional<ApprovalRecord> find(String approvalId);

    /**
     * Writes {@code next} if the stored item still has version {@code next.version() - 1} (or does not exist, for
     * version 0). Returns false, changing nothing, when another writer got there first.
     */
    boolean put(ApprovalRecord next);

    /**
     * Remembers a request signature until {@code forgetAt}; false when it was already seen (a replayed request).
     */
    boolean firstSighting(String requestKey, Instant forgetAt);
}
