package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** One executor per action type, each over its SDK client (built once per container). */
public final class AwsExecutors {

    private AwsExecutors() {
    }

    public static Map<ActionType, ActionExecutor> of(LambdaClient lambda, EcsClient ecs, AutoScalingClient asg,
                                                     SsmClient ssm) {
        Map<ActionType, ActionExecutor> m = new EnumMap<>(ActionType.class);
        m.put(ActionType.LAMBDA_RESERVED_CONCURRENCY, new LambdaConcurrencyExecutor(lambda));
        m.put(ActionType.ECS_DESIRED_COUNT, new EcsDesiredCountExecutor(ecs));
        m.put(ActionType.ASG_DESIRED_CAPACITY, new AsgDesiredCapacityExecutor(asg));
        m.put(ActionType.LAMBDA_ALIAS_ROLLBACK, new LambdaAliasRollbackExecutor(lambda));
        m.put(ActionType.SSM_AUTOMATION, new SsmAutomationExecutor(ssm));
        m.put(ActionType.NOTIFY_ONLY, new NotifyOnlyExecutor());
        return m;
    }
}
