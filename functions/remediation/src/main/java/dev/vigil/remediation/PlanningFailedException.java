package dev.vigil.remediation;

/**
 * No plan could be made (the resource does not exist, a template variable has no value…). Caught: recorded and notified.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class PlanningFailedException extends RuntimeException {
    public PlanningFailedException(String message) {
        super(message);
    }

    public PlanningFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
