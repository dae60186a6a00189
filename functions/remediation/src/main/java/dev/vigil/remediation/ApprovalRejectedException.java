package dev.vigil.remediation;

/**
 * An approver rejected the plan (sent by slack-approval with SendTaskFailure). Caught: nothing runs.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class ApprovalRejectedException extends RuntimeException {
    public ApprovalRejectedException(String message) {
        super(message);
    }

    public ApprovalRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
