package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;

/** Changes nothing: the Slack message is the action. */
public final class NotifyOnlyExecutor implements ActionExecutor {

    @Override
    public ActionType type() {
        return ActionType.NOTIFY_ONLY;
    }

    @Override
    public ResourceState read(String arn) {
        return ResourceState.empty(arn);
    }

    @Override
    public ResourceState apply(Plan plan, String idempotencyKey) {
        return ResourceState.empty(plan.resourceArn());
    }

    @Override
    public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
        return ResourceState.empty(plan.resourceArn());
    }
}
