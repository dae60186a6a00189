package dev.vigil.core.cost.detect;

/**
 * A part of an anomaly one level down: its impact (actual minus its own expected cost that day) and its share of
 * the anomaly's impact.
 */
public record Contributor(Dimension dimension, String key, double actual, double expected, double impact,
                          double share) {
}
