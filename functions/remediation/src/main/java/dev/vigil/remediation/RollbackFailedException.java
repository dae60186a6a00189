package dev.vigil.remediation;

/**
 * Undo failed: the resource may be left changed. Caught: recorded and notified loudly.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class RollbackFailedException extends RuntimeException {
    public RollbackFailedException(String message) {
        super(message);
    }

    public RollbackFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
