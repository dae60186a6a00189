package dev.vigil.core.remediation.fakes;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.ExecutorException;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import java.util.HashMap;
import java.util.Map;

/** An in-memory executor: resources are maps of values; failures and throttling can be injected. */
public final class FakeExecutor implements ActionExecutor {

    private final ActionType type;
    private final Map<String, ResourceState> resources = new HashMap<>();
    public int applies;
    public int undos;
    public boolean failApply;
    public boolean failUndo;
    public int throttleNext;

    public FakeExecutor(ActionType type) {
        this.type = type;
    }

    public FakeExecutor with(ResourceState s) {
        resources.put(s.arn(), s);
        return this;
    }

    public ResourceState state(String arn) {
        return resources.get(arn);
    }

    @Override
    public ActionType type() {
        return type;
    }

    @Override
    public ResourceState read(String arn) {
        throttle();
        ResourceState s = resources.get(arn);
        if (s == null) {
            throw new ExecutorException(arn + " not found", false, null);
        }
        return s;
    }

    @Override
    public ResourceState apply(Plan plan, String idempotencyKey) {
        throttle();
        if (failApply) {
            throw new ExecutorException(type.code() + " on " + plan.resourceArn() + " failed: injected failure",
                    false, null);
        }
        applies++;
        ResourceState s = read(plan.resourceArn());
        for (Map.Entry<String, String> e : plan.proposed().entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        if (type == ActionType.LAMBDA_ALIAS_ROLLBACK) {
            long v = Long.parseLong(plan.proposed().get("functionVersion"));
            s = s.with("previousVersion", v > 1 ? Long.toString(v - 1) : ResourceState.NONE);
        }
        if (type == ActionType.SSM_AUTOMATION) {
            s = s.with("executionId", "exec-" + idempotencyKey);
        }
        resources.put(s.arn(), s);
        return s;
    }

    @Override
    public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
        throttle();
        if (failUndo) {
            throw new ExecutorException("undo failed: injected failure", false, null);
        }
        undos++;
        ResourceState restored = new ResourceState(before.arn(), before.values(), read(before.arn()).tags());
        resources.put(restored.arn(), restored);
        return restored;
    }

    private void throttle() {
        if (throttleNext > 0) {
            throttleNext--;
            throw new ExecutorException("Rate exceeded (injected)", true, null);
        }
    }
}
