package dev.vigil.aws.sfn;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts remediation executions with a name derived from the anomaly: a Standard state machine refuses a second
 * execution with the same name (for 90 days), so a redelivered event cannot start a duplicate.
 */
public final class StepFunctionsStarter {

    /** What a start did. */
    public enum Started { STARTED, ALREADY_STARTED }

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final Backoff backoff;

    public StepFunctionsStarter(SfnClient sfn, String stateMachineArn, Backoff backoff) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.backoff = backoff;
    }

    public Started start(String name, String inputJson) {
        for (int attempt = 1; ; attempt++) {
            try {
                sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(inputJson));
                return Started.STARTED;
            } catch (ExecutionAlreadyExistsException duplicate) {
                return Started.ALREADY_STARTED;
            } catch (SdkException e) {
                if (!Retryable.isTransient(e) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            }
        }
    }
}
