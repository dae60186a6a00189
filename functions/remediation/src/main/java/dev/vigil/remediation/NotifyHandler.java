package dev.vigil.remediation;

import java.util.Map;
import java.util.Set;

/** Approval requests (task token into the Approvals table), expiry, and outcome messages: the Slack side. */
public class NotifyHandler extends StepHandler {

    public NotifyHandler() {
        this(Wiring.notifying());
        SnapStartPriming.register();
    }

    public NotifyHandler(Wiring wiring) {
        super(wiring, Set.of("request-approval", "expire", "notify"));
    }

    @Override
    Map<String, Object> run(String step, Map<String, Object> req) {
        return switch (step) {
            case "request-approval" -> steps.requestApproval(req);
            case "expire" -> steps.expire(req);
            default -> steps.notify(req);
        };
    }
}
