package dev.vigil.core.remediation;

/**
 * Step Functions' callback API for a task token (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat). The token
 * is read from the Approvals table and handed straight to this; it is never logged or sent anywhere else.
 */
public interface StepCallbacks {

    /** The token is no longer valid: the task timed out, or was already answered. */
    class TaskGoneException extends RuntimeException {
        public TaskGoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void success(String taskToken, String outputJson);

    void failure(String taskToken, String error, String cause);

    void heartbeat(String taskToken);
}
