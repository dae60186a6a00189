package dev.vigil.remediation;

/**
 * The executor could not apply the action (not a throttling error). Caught: the workflow rolls back whatever was applied.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class ActionFailedException extends RuntimeException {
    public ActionFailedException(String message) {
        super(message);
    }

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
