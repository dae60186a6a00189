package dev.vigil.slackapproval;

import dev.vigil.core.remediation.AuditEntry;
import dev.vigil.core.remediation.AuditLog;
import dev.vigil.core.remediation.StepCallbacks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail and workflow callbacks of a stack deployed with Slack but without remediation
 * ({@code EnableRemediation=false}: no Audit table, no state machine). Nothing requests an approval there, so an
 * approval click finds no request before it could reach these; if one ever does, it fails loudly.
 */
final class RemediationOff implements AuditLog, StepCallbacks {

    static final RemediationOff INSTANCE = new RemediationOff();

    private RemediationOff() {
    }

    private static IllegalStateException off() {
        return new IllegalStateException("remediation is not enabled in this stack (EnableRemediation=false)");
    }

    @Override
    public boolean append(AuditEntry entry) {
        throw off();
    }

    @Override
    public Optional<AuditEntry> get(String incidentId, String key) {
        throw off();
    }

    @Override
    public List<AuditEntry> trail(String incidentId) {
        throw off();
    }

    @Override
    public List<Instant> changesOf(String resourceArn, Instant since) {
        throw off();
    }

    @Override
    public void success(String taskToken, String outputJson) {
        throw off();
    }

    @Override
    public void failure(String taskToken, String error, String cause) {
        throw off();
    }

    @Override
    public void heartbeat(String taskToken) {
        throw off();
    }
}
