package dev.vigil.core.canary;

import java.util.Map;
import java.util.Objects;

/**
 * A metric of the user's own that tells the versions apart by one dimension (e.g. an EMF metric with
 * {@code Version}), compared per minute like latency.
 *
 * @param name             how it appears in the verdict
 * @param dimensions       further dimensions it must have (glob values); empty for none
 * @param versionDimension the dimension whose value is the Lambda version
 * @param maxRatio         the allowed canary / baseline ratio in the bad direction (e.g. 1.2)
 */
public record CustomMetric(String name, String namespace, String metricName, Map<String, String> dimensions,
                           String versionDimension, Direction direction, String group, double maxRatio) {

    public CustomMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(versionDimension, "versionDimension");
        Objects.requireNonNull(direction, "direction");
        dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
        group = group == null ? "custom" : group;
        if (!(maxRatio >= 1)) {
            throw new IllegalArgumentException("custom metric " + name + ": maxRatio must be at least 1, was "
                    + maxRatio);
        }
    }
}
