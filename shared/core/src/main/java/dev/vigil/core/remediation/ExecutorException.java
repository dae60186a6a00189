package dev.vigil.core.remediation;

/**
 * An executor could not do what it was asked. {@link #throttled()} says whether trying again later may succeed
 * (AWS throttling, 5xx, network): the workflow retries those with backoff, and handles the rest as failures.
 */
public class ExecutorException extends RuntimeException {
    private final boolean throttled;

    public ExecutorException(String message, boolean throttled, Throwable cause) {
        super(message, cause);
        this.throttled = throttled;
    }

    public boolean throttled() {
        return throttled;
    }
}
