package dev.vigil.core.incident;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.util.List;

/**
 * Which runbooks an anomaly calls for. The matching rules are the remediation side's (its runbook catalog and
 * policies); the incident engine only asks, so this is the seam between the two.
 */
@FunctionalInterface
public interface RunbookPolicies {

    /** The ids of the runbooks whose policy matches the anomaly, most specific first. */
    List<String> matching(AnomalyEvent anomaly);

    static RunbookPolicies none() {
        return a -> List.of();
    }
}
