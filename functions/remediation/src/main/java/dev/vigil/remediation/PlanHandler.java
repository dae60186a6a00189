package dev.vigil.remediation;

import java.util.Map;
import java.util.Set;

/** Plan, guardrails, verify and record: reads resources and metrics, writes the audit trail; changes nothing. */
public class PlanHandler extends StepHandler {

    public PlanHandler() {
        this(Wiring.planning());
        SnapStartPriming.register();
    }

    public PlanHandler(Wiring wiring) {
        super(wiring, Set.of("plan", "guardrails", "verify", "record"));
    }

    @Override
    Map<String, Object> run(String step, Map<String, Object> req) {
        return switch (step) {
            case "plan" -> steps.plan(req);
            case "guardrails" -> steps.guardrails(req);
            case "verify" -> steps.verify(req);
            default -> steps.record(req);
        };
    }
}
