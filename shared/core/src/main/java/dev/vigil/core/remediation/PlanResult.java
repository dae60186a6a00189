package dev.vigil.core.remediation;

/** What planning produced: a plan, or the reason none can be made (closed: one of the two). */
public sealed interface PlanResult {

    record Planned(Plan plan) implements PlanResult {
    }

    record Unplannable(String reason) implements PlanResult {
    }
}
