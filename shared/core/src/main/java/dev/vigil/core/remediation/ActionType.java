package dev.vigil.core.remediation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The actions Vigil knows how to take, each implemented by an executor in {@code shared/aws} through the AWS SDK.
 * Each declares the IAM actions it needs (to change the resource, and to read it before and after), the ARN shape of
 * its resource, the state it captures before acting (so that it can be undone), and the least risk it can carry.
 * The catalog must grant at least these IAM actions to each of its actions, and template.yaml grants exactly their
 * union to the one function that acts (a test compares them).
 */
public enum ActionType {

    /** PutFunctionConcurrency; undo restores the previous reserved concurrency, or deletes it when there was none. */
    LAMBDA_RESERVED_CONCURRENCY("lambda-reserved-concurrency", "reservedConcurrency",
            List.of("lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency"),
            List.of("lambda:GetFunctionConcurrency", "lambda:ListTags"),
            "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+$", RiskLevel.LOW,
            "restore the previous reserved concurrency (or remove it if there was none)"),

    /** ECS UpdateService desiredCount; undo restores the previous desired count. */
    ECS_DESIRED_COUNT("ecs-desired-count", "desiredCount",
            List.of("ecs:UpdateService"),
            List.of("ecs:DescribeServices", "ecs:ListTagsForResource"),
            "^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:service/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$", RiskLevel.LOW,
            "restore the previous desired count"),

    /** Auto Scaling SetDesiredCapacity (honouring the group's cooldown); undo restores the previous capacity. */
    ASG_DESIRED_CAPACITY("asg-desired-capacity", "desiredCapacity",
            List.of("autoscaling:SetDesiredCapacity"),
            List.of("autoscaling:DescribeAutoScalingGroups"),
            "^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\\d{12}:autoScalingGroup:[0-9a-f-]+:autoScalingGroupName/[^\\s]+$",
            RiskLevel.LOW, "restore the previous desired capacity"),

    /** Points an alias back at the version published before its current one; undo points it at the captured one. */
    LAMBDA_ALIAS_ROLLBACK("lambda-alias-rollback", "functionVersion",
            List.of("lambda:UpdateAlias"),
            List.of("lambda:GetAlias", "lambda:ListVersionsByFunction", "lambda:ListTags"),
            "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$", RiskLevel.MEDIUM,
            "point the alias back at the version it had before"),

    /**
     * StartAutomationExecution with a client token (a retried start never runs the document twice). Undo stops the
     * execution if it still runs, then starts the runbook's undo document when it names one.
     */
    SSM_AUTOMATION("ssm-automation", null,
            List.of("ssm:StartAutomationExecution", "ssm:StopAutomationExecution"),
            List.of("ssm:GetAutomationExecution", "ssm:DescribeDocument"),
            "^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:automation-definition/[A-Za-z0-9_.-]+(:\\$DEFAULT|:\\$LATEST|:\\d+)?$",
            RiskLevel.MEDIUM, "stop the automation if it still runs, then run the undo document if one is named"),

    /** Changes nothing: the message is the action. */
    NOTIFY_ONLY("notify-only", null, List.of(), List.of(), null, RiskLevel.LOW, "nothing to undo");

    private final String code;
    private final String stateKey;
    private final List<String> mutatingIam;
    private final List<String> readIam;
    private final Pattern arnShape;
    private final RiskLevel minimumRisk;
    private final String undo;

    ActionType(String code, String stateKey, List<String> mutatingIam, List<String> readIam, String arnShape,
               RiskLevel minimumRisk, String undo) {
        this.code = code;
        this.stateKey = stateKey;
        this.mutatingIam = mutatingIam;
        this.readIam = readIam;
        this.arnShape = arnShape == null ? null : Pattern.compile(arnShape);
        this.minimumRisk = minimumRisk;
        this.undo = undo;
    }

    public String code() {
        return code;
    }

    /** The one numeric state value the action sets ({@code desiredCount}…), or null when it has none. */
    public String stateKey() {
        return stateKey;
    }

    /** A scalar action sets one number: relative-change and absolute-bound limits apply to it. */
    public boolean scalar() {
        return this == LAMBDA_RESERVED_CONCURRENCY || this == ECS_DESIRED_COUNT || this == ASG_DESIRED_CAPACITY;
    }

    /** IAM actions that change the resource (granted to the acting function only). */
    public List<String> mutatingIam() {
        return mutatingIam;
    }

    /** IAM actions that read the resource and its tags (planning, guardrails, verification). */
    public List<String> readIam() {
        return readIam;
    }

    public List<String> requiredIam() {
        List<String> all = new java.util.ArrayList<>(mutatingIam);
        all.addAll(readIam);
        return all;
    }

    public boolean needsResource() {
        return this != NOTIFY_ONLY;
    }

    public boolean validArn(String arn) {
        return arnShape == null || (arn != null && arnShape.matcher(arn).matches());
    }

    public RiskLevel minimumRisk() {
        return minimumRisk;
    }

    public String undo() {
        return undo;
    }

    public static ActionType parse(String s) {
        for (ActionType t : values()) {
            if (t.code.equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown action type '" + s + "'");
    }
}
