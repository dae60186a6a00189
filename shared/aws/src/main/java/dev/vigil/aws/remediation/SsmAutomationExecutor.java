package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.ExecutorException;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AutomationExecutionStatus;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Starts an SSM Automation document with the plan's parameters. StartAutomationExecution takes a ClientToken (a
 * UUID): it is derived from the idempotency key, so a retried step returns the execution already started instead of
 * starting a second one. Undo stops the execution if it is still running, then starts the plan's
 * {@code undoDocumentName} with the same parameters; without one the undo fails (nothing it did is undone).
 */
public final class SsmAutomationExecutor implements ActionExecutor {

    static final Set<AutomationExecutionStatus> RUNNING = Set.of(AutomationExecutionStatus.PENDING,
            AutomationExecutionStatus.IN_PROGRESS, AutomationExecutionStatus.WAITING);
    private final SsmClient ssm;

    public SsmAutomationExecutor(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public ActionType type() {
        return ActionType.SSM_AUTOMATION;
    }

    /** {@code arn:aws:ssm:region:account:automation-definition/<Name>[:version]} → Name. */
    static String document(String arn) {
        String s = Sdk.after(arn, ":automation-definition/");
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    @Override
    public ResourceState read(String arn) {
        String doc = document(arn);
        var d = Sdk.call("DescribeDocument " + doc, () -> ssm.describeDocument(b -> b.name(doc)).document());
        Map<String, String> tags = new HashMap<>();
        for (Tag t : d.tags()) {
            tags.put(t.key(), t.value());
        }
        return new ResourceState(arn, Map.of("documentName", doc,
                "documentVersion", d.defaultVersion() == null ? ResourceState.NONE : d.defaultVersion()), tags);
    }

    @Override
    public ResourceState apply(Plan plan, String idempotencyKey) {
        String doc = String.valueOf(plan.parameters().getOrDefault("documentName", document(plan.resourceArn())));
        String id = start(doc, plan, idempotencyKey);
        return new ResourceState(plan.resourceArn(), Map.of("documentName", doc, "executionId", id), Map.of());
    }

    @Override
    public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
        Map<String, String> values = new LinkedHashMap<>();
        String id = after == null ? null : after.value("executionId");
        if (id != null) {
            AutomationExecutionStatus status = Sdk.call("GetAutomationExecution " + id,
                    () -> ssm.getAutomationExecution(b -> b.automationExecutionId(id)).automationExecution()
                            .automationExecutionStatus());
            if (RUNNING.contains(status)) {
                Sdk.run("StopAutomationExecution " + id, () -> ssm.stopAutomationExecution(b -> b
                        .automationExecutionId(id)));
                values.put("stopped", id);
            }
        }
        Object undoDoc = plan.parameters().get("undoDocumentName");
        if (undoDoc == null || undoDoc.toString().isBlank()) {
            // Honest, not restored=true: stopping the execution (if it still ran) undoes none of the steps it
            // completed. The step fails, and the workflow reports "rollback failed: needs a human".
            throw new ExecutorException("no undoDocumentName: " + (values.containsKey("stopped")
                    ? "stopped execution " + id + ", but what it already did is not undone"
                    : "nothing was undone"), false, null);
        }
        values.put("undoExecutionId", start(undoDoc.toString(), plan, idempotencyKey + "#undo"));
        return new ResourceState(plan.resourceArn(), values, Map.of());
    }

    private String start(String doc, Plan plan, String key) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        Object p = plan.parameters().get("parameters");
        if (p instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                params.put(String.valueOf(e.getKey()), List.of(String.valueOf(e.getValue())));
            }
        }
        String token = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        return Sdk.call("StartAutomationExecution " + doc, () -> ssm.startAutomationExecution(b -> b
                .documentName(doc).parameters(params).clientToken(token)).automationExecutionId());
    }
}
