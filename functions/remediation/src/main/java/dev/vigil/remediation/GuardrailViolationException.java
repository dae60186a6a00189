package dev.vigil.remediation;

/**
 * Re-checked on fresh state inside execute, the plan broke a guardrail (the resource drifted, a cooldown started…). Caught: nothing was applied.
 *
 * <p>Errors are an API: the remediation state machine names this class in Retry/Catch by its fully qualified name.
 * Do not move or rename it (StateMachineContractTest guards the names).
 */
public class GuardrailViolationException extends RuntimeException {
    public GuardrailViolationException(String message) {
        super(message);
    }

    public GuardrailViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
