package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.ExecutorException;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/**
 * EC2 Auto Scaling desired capacity: SetDesiredCapacity; undo restores the previous capacity. The group's own
 * cooldown is not honoured (HonorCooldown=false): Vigil's per-resource cooldown and rate limit govern, and a
 * rollback must not wait for a scaling cooldown.
 */
public final class AsgDesiredCapacityExecutor implements ActionExecutor {

    static final String KEY = "desiredCapacity";
    private final AutoScalingClient asg;

    public AsgDesiredCapacityExecutor(AutoScalingClient asg) {
        this.asg = asg;
    }

    @Override
    public ActionType type() {
        return ActionType.ASG_DESIRED_CAPACITY;
    }

    static String name(String arn) {
        return Sdk.after(arn, ":autoScalingGroupName/");
    }

    @Override
    public ResourceState read(String arn) {
        String name = name(arn);
        var groups = Sdk.call("DescribeAutoScalingGroups " + name,
                () -> asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups());
        if (groups.isEmpty()) {
            throw new ExecutorException("Auto Scaling group " + name + " not found", false, null);
        }
        AutoScalingGroup g = groups.get(0);
        Map<String, String> tags = new HashMap<>();
        for (TagDescription t : g.tags()) {
            tags.put(t.key(), t.value());
        }
        return new ResourceState(arn, Map.of(KEY, Integer.toString(g.desiredCapacity()),
                "minSize", Integer.toString(g.minSize()), "maxSize", Integer.toString(g.maxSize())), tags);
    }

    @Override
    public ResourceState apply(Plan plan, String idempotencyKey) {
        set(plan.resourceArn(), Integer.parseInt(plan.proposed().get(KEY)));
        return read(plan.resourceArn());
    }

    @Override
    public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
        set(plan.resourceArn(), Integer.parseInt(before.value(KEY)));
        return read(plan.resourceArn());
    }

    private void set(String arn, int n) {
        String name = name(arn);
        Sdk.run("SetDesiredCapacity " + name,
                () -> asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(n).honorCooldown(false)));
    }
}
