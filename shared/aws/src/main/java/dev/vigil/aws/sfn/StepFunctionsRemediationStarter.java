package dev.vigil.aws.sfn;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.incident.RemediationStarter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * StartExecution on the remediation state machine with the incident's deterministic execution name: a Standard state
 * machine answers a second start with the same name and input by returning the running execution, and with a
 * different input by {@code ExecutionAlreadyExists}; either way no second execution runs. Transient failures are
 * retried with backoff.
 */
public final class StepFunctionsRemediationStarter implements RemediationStarter {

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final Backoff backoff;

    public StepFunctionsRemediationStarter(SfnClient sfn, String stateMachineArn, Backoff backoff) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.backoff = backoff;
    }

    @Override
    public Result start(String executionName, String inputJson) {
        for (int attempt = 1; ; attempt++) {
            try {
                sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName).input(inputJson));
                return Result.STARTED;
            } catch (ExecutionAlreadyExistsException duplicate) {
                return Result.ALREADY_STARTED;
            } catch (SdkException e) {
                if (!Retryable.isTransient(e) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            }
        }
    }
}
