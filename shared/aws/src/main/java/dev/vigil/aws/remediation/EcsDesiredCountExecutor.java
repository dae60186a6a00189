package dev.vigil.aws.remediation;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.ExecutorException;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;

/** ECS service desired count: UpdateService; undo restores the previous desired count. */
public final class EcsDesiredCountExecutor implements ActionExecutor {

    static final String KEY = "desiredCount";
    private final EcsClient ecs;

    public EcsDesiredCountExecutor(EcsClient ecs) {
        this.ecs = ecs;
    }

    @Override
    public ActionType type() {
        return ActionType.ECS_DESIRED_COUNT;
    }

    /** {@code arn:aws:ecs:region:account:service/<cluster>/<service>} */
    static String cluster(String arn) {
        String[] p = Sdk.after(arn, ":service/").split("/");
        return p[0];
    }

    @Override
    public ResourceState read(String arn) {
        var r = Sdk.call("DescribeServices " + arn,
                () -> ecs.describeServices(b -> b.cluster(cluster(arn)).services(arn)));
        if (r.services().isEmpty()) {
            throw new ExecutorException("ECS service " + arn + " not found", false, null);
        }
        Service s = r.services().get(0);
        Map<String, String> tags = new HashMap<>();
        for (Tag t : Sdk.call("ListTagsForResource " + arn,
                () -> ecs.listTagsForResource(b -> b.resourceArn(arn)).tags())) {
            tags.put(t.key(), t.value());
        }
        return new ResourceState(arn, Map.of(KEY, Integer.toString(s.desiredCount()),
                "runningCount", Integer.toString(s.runningCount())), tags);
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
        Sdk.run("UpdateService " + arn,
                () -> ecs.updateService(b -> b.cluster(cluster(arn)).service(arn).desiredCount(n)));
    }
}
