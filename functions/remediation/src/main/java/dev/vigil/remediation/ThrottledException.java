package dev.vigil.remediation;

/**
 * AWS throttled (or answered 5xx to) an executor or reader call. Retried by the workflow with exponential backoff and full jitter.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class ThrottledException extends RuntimeException {
    public ThrottledException(String message) {
        super(message);
    }

    public ThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
