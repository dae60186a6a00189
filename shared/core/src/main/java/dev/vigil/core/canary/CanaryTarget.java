package dev.vigil.core.canary;

import java.util.Objects;

/**
 * What a canary run compares: one Lambda function (optionally through one alias), its old version (the baseline,
 * still serving the rest of the traffic) and its new version (the canary), at the same time.
 *
 * @param alias null when the alias is not known (then any {@code Resource} of the function is accepted)
 */
public record CanaryTarget(String functionName, String alias, String baselineVersion, String canaryVersion) {

    public CanaryTarget {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(baselineVersion, "baselineVersion");
        Objects.requireNonNull(canaryVersion, "canaryVersion");
        if (functionName.isBlank()) {
            throw new IllegalArgumentException("function name is empty");
        }
        if (baselineVersion.equals(canaryVersion)) {
            throw new IllegalArgumentException("baseline and canary are the same version (" + canaryVersion
                    + "): there is nothing to compare");
        }
        alias = alias == null || alias.isBlank() ? null : alias;
    }
}
