package dev.vigil.remediation;

import java.util.Map;
import java.util.Set;

/** Execute and rollback: the only function whose role may change resources (exactly the actions' declared IAM). */
public class ActHandler extends StepHandler {

    public ActHandler() {
        this(Wiring.acting());
        SnapStartPriming.register();
    }

    public ActHandler(Wiring wiring) {
        super(wiring, Set.of("execute", "rollback"));
    }

    @Override
    Map<String, Object> run(String step, Map<String, Object> req) {
        return step.equals("execute") ? steps.execute(req) : steps.rollback(req);
    }
}
