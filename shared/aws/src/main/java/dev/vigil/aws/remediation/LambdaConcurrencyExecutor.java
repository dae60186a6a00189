package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Lambda reserved concurrency: PutFunctionConcurrency; undo restores the previous value or deletes it. */
public final class LambdaConcurrencyExecutor implements ActionExecutor {

    static final String KEY = "reservedConcurrency";
    private final LambdaClient lambda;

    public LambdaConcurrencyExecutor(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public ActionType type() {
        return ActionType.LAMBDA_RESERVED_CONCURRENCY;
    }

    @Override
    public ResourceState read(String arn) {
        Integer reserved = Sdk.call("GetFunctionConcurrency " + arn,
                () -> lambda.getFunctionConcurrency(b -> b.functionName(arn)).reservedConcurrentExecutions());
        Map<String, String> tags = Sdk.call("ListTags " + arn, () -> lambda.listTags(b -> b.resource(arn)).tags());
        return new ResourceState(arn, Map.of(KEY, reserved == null ? ResourceState.NONE : reserved.toString()), tags);
    }

    @Override
    public ResourceState apply(Plan plan, String idempotencyKey) {
        int n = Integer.parseInt(plan.proposed().get(KEY));
        set(plan.resourceArn(), n);
        return read(plan.resourceArn());
    }

    @Override
    public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
        String prev = before.value(KEY);
        if (prev == null || prev.equals(ResourceState.NONE)) {
            Sdk.run("DeleteFunctionConcurrency " + plan.resourceArn(),
                    () -> lambda.deleteFunctionConcurrency(b -> b.functionName(plan.resourceArn())));
        } else {
            set(plan.resourceArn(), Integer.parseInt(prev));
        }
        return read(plan.resourceArn());
    }

    private void set(String arn, int n) {
        Sdk.run("PutFunctionConcurrency " + arn,
                () -> lambda.putFunctionConcurrency(b -> b.functionName(arn).reservedConcurrentExecutions(n)));
    }
}
