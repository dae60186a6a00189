package dev.vigil.core.remediation;

/**
 * The error names the remediation state machine's Retry/Catch match on (errors are an API: DESIGN.md). The Java
 * runtime reports an exception by its fully qualified class name, and SendTaskFailure errors use the same names, so
 * each is the name of a real class in {@code functions/remediation} (or {@code shared/aws}); a test checks that every
 * ErrorEquals in the ASL names one, and that these constants do.
 */
public final class WorkflowErrors {
    public static final String APPROVAL_EXPIRED = "dev.vigil.remediation.ApprovalExpiredException";
    public static final String APPROVAL_REJECTED = "dev.vigil.remediation.ApprovalRejectedException";
    public static final String ACTION_FAILED = "dev.vigil.remediation.ActionFailedException";
    public static final String THROTTLED = "dev.vigil.remediation.ThrottledException";
    public static final String GUARDRAIL_VIOLATION = "dev.vigil.remediation.GuardrailViolationException";
    public static final String ROLLBACK_FAILED = "dev.vigil.remediation.RollbackFailedException";
    public static final String PLANNING_FAILED = "dev.vigil.remediation.PlanningFailedException";
    public static final String SLACK_UNAVAILABLE = "dev.vigil.aws.slack.SlackUnavailableException";

    private WorkflowErrors() {
    }
}
