package dev.vigil.remediation;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.RunbookCatalog;

/**
 * SnapStart priming for the task functions: parse the bundled catalog and round-trip a payload before the snapshot,
 * so YAML, JSON and the domain classes are loaded in it. No network call (connections would be stale on restore).
 */
final class SnapStartPriming {

    private SnapStartPriming() {
    }

    static void register() {
        dev.vigil.aws.SnapStart.primeBeforeCheckpoint("remediation", SnapStartPriming::prime);
    }

    static void prime() {
        RunbookCatalog c = RunbookCatalog.fromClasspath();
        JsonTree.parse(JsonTree.write(java.util.Map.of("runbooks", c.runbooks().size())));
    }
}
