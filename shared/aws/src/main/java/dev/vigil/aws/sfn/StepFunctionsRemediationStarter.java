package dev.vigil.aws.sfn;

import dev.vigil.aws.Backoff;
import dev.vigil.core.incident.RemediationStarter;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The incident side's {@link RemediationStarter} over the remediation side's {@link StepFunctionsStarter}
 * (StartExecution with the incident's deterministic name; a Standard state machine never runs a second execution with
 * a name it has seen; transient failures retried with backoff).
 */
public final class StepFunctionsRemediationStarter implements RemediationStarter {

    private final StepFunctionsStarter starter;

    public StepFunctionsRemediationStarter(SfnClient sfn, String stateMachineArn, Backoff backoff) {
        this.starter = new StepFunctionsStarter(sfn, stateMachineArn, backoff);
    }

    @Override
    public Result start(String executionName, String inputJson) {
        return starter.start(executionName, inputJson) == StepFunctionsStarter.Started.STARTED
                ? Result.STARTED : Result.ALREADY_STARTED;
    }
}
