package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Rolls a Lambda alias back: UpdateAlias to the highest published version below the alias's current one (the one
 * deployed before it). Undo points the alias at the version captured before acting.
 */
public final class LambdaAliasRollbackExecutor implements ActionExecutor {

    static final String KEY = "functionVersion";
    private final LambdaClient lambda;

    public LambdaAliasRollbackExecutor(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public ActionType type() {
        return ActionType.LAMBDA_ALIAS_ROLLBACK;
    }

    /** {@code arn:aws:lambda:region:account:function:<name>:<alias>} → the function ARN and the alias. */
    static String functionArn(String aliasArn) {
        return aliasArn.substring(0, aliasArn.lastIndexOf(':'));
    }

    static String alias(String aliasArn) {
        return aliasArn.substring(aliasArn.lastIndexOf(':') + 1);
    }

    @Override
    public ResourceState read(String arn) {
        String fn = functionArn(arn);
        String current = Sdk.call("GetAlias " + arn,
                () -> lambda.getAlias(b -> b.functionName(fn).name(alias(arn))).functionVersion());
        long cur = current.equals("$LATEST") ? Long.MAX_VALUE : Long.parseLong(current);
        long previous = -1;
        // By name, not ARN: the same account and region either way, and moto 5.2.1 lists nothing for an ARN.
        String name = fn.substring(fn.lastIndexOf(':') + 1);
        for (FunctionConfiguration v : Sdk.call("ListVersionsByFunction " + fn,
                () -> lambda.listVersionsByFunctionPaginator(b -> b.functionName(name)).versions())) {
            if (v.version().equals("$LATEST")) {
                continue;
            }
            long n = Long.parseLong(v.version());
            if (n < cur && n > previous) {
                previous = n;
            }
        }
        Map<String, String> tags = Sdk.call("ListTags " + fn, () -> lambda.listTags(b -> b.resource(fn)).tags());
        return new ResourceState(arn, Map.of(KEY, current,
                "previousVersion", previous < 0 ? ResourceState.NONE : Long.toString(previous)), tags);
    }

    @Override
    public ResourceState apply(Plan plan, String idempotencyKey) {
        point(plan.resourceArn(), plan.proposed().get(KEY));
        return read(plan.resourceArn());
    }

    @Override
    public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
        point(plan.resourceArn(), before.value(KEY));
        return read(plan.resourceArn());
    }

    private void point(String arn, String version) {
        Sdk.run("UpdateAlias " + arn, () -> lambda.updateAlias(b -> b.functionName(functionArn(arn))
                .name(alias(arn)).functionVersion(version)));
    }
}
