package dev.vigil.aws.sfn;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.remediation.StepCallbacks;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. Throttling and 5xx are retried with backoff; a token the
 * service no longer accepts (timed out, already answered, unknown) becomes {@link StepCallbacks.TaskGoneException}.
 * Error messages never include the token.
 */
public final class StepFunctionsCallbacks implements StepCallbacks {

    /** SendTaskFailure's limits: error ≤ 256 characters, cause ≤ 32768. */
    static final int MAX_ERROR = 256;
    static final int MAX_CAUSE = 32_768;

    private final SfnClient sfn;
    private final Backoff backoff;

    public StepFunctionsCallbacks(SfnClient sfn, Backoff backoff) {
        this.sfn = sfn;
        this.backoff = backoff;
    }

    @Override
    public void success(String taskToken, String outputJson) {
        call("SendTaskSuccess", () -> sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(outputJson)));
    }

    @Override
    public void failure(String taskToken, String error, String cause) {
        call("SendTaskFailure", () -> sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(cut(error, MAX_ERROR))
                .cause(cut(cause, MAX_CAUSE))));
    }

    @Override
    public void heartbeat(String taskToken) {
        call("SendTaskHeartbeat", () -> sfn.sendTaskHeartbeat(b -> b.taskToken(taskToken)));
    }

    private void call(String what, Supplier<?> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.get();
                return;
            } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException gone) {
                throw new TaskGoneException(what + ": the task is no longer waiting ("
                        + gone.getClass().getSimpleName() + ")", gone);
            } catch (SdkException e) {
                if (!Retryable.isTransient(e) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            }
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
