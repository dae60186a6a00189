package dev.vigil.core.remediation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link AuditLog} in memory, with the same append-only rule: unit tests, the CLI's dry runs. */
public final class InMemoryAuditLog implements AuditLog {

    private final Map<String, AuditEntry> entries = new LinkedHashMap<>();

    @Override
    public synchronized boolean append(AuditEntry e) {
        return entries.putIfAbsent(e.incidentId() + "\u0000" + e.key(), e) == null;
    }

    @Override
    public synchronized Optional<AuditEntry> get(String incidentId, String key) {
        return Optional.ofNullable(entries.get(incidentId + "\u0000" + key));
    }

    @Override
    public synchronized List<AuditEntry> trail(String incidentId) {
        List<AuditEntry> out = new ArrayList<>();
        for (AuditEntry e : entries.values()) {
            if (e.incidentId().equals(incidentId)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::key));
        return out;
    }

    @Override
    public synchronized List<Instant> changesOf(String resourceArn, Instant since) {
        List<Instant> out = new ArrayList<>();
        for (AuditEntry e : entries.values()) {
            if (resourceArn.equals(e.resourceArn()) && !e.at().isBefore(since)) {
                out.add(e.at());
            }
        }
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }
}
