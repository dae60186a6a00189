package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The append-only audit trail (DynamoDB in AWS, with conditional puts; {@link InMemoryAuditLog} in unit tests). */
public interface AuditLog {

    /** Appends; returns false, changing nothing, when an entry with this incident and key already exists. */
    boolean append(AuditEntry entry);

    Optional<AuditEntry> get(String incidentId, String key);

    /** An incident's entries, oldest first. */
    List<AuditEntry> trail(String incidentId);

    /** When entries that changed {@code resourceArn} were written, since {@code since}. */
    List<Instant> changesOf(String resourceArn, Instant since);
}
