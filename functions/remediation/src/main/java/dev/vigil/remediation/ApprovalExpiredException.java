package dev.vigil.remediation;

/**
 * The approval window closed without a decision (or a click arrived after it). Caught by the workflow's expiry path.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class ApprovalExpiredException extends RuntimeException {
    public ApprovalExpiredException(String message) {
        super(message);
    }

    public ApprovalExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
