package dev.vigil.core.remediation;

import java.util.List;
import java.util.Map;

/**
 * One parameter of an action, as the catalog declares it: a JSON-Schema-like subset (type, bounds, pattern,
 * required). Plans are checked against it before anything runs.
 */
public record ParamSpec(String name, String type, Long minimum, Long maximum, String pattern, boolean required) {

    public static final List<String> TYPES = List.of("integer", "string", "string-map");

    /** Null when {@code value} satisfies the spec, else the reason it does not. */
    public String violation(Object value) {
        if (value == null) {
            return required ? "parameter " + name + " is required" : null;
        }
        switch (type) {
            case "integer" -> {
                long v;
                try {
                    v = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
                } catch (NumberFormatException e) {
                    return "parameter " + name + " must be an integer, was '" + value + "'";
                }
                if (minimum != null && v < minimum) {
                    return "parameter " + name + " = " + v + " is below its schema minimum " + minimum;
                }
                if (maximum != null && v > maximum) {
                    return "parameter " + name + " = " + v + " is above its schema maximum " + maximum;
                }
                return null;
            }
            case "string" -> {
                if (pattern != null && !value.toString().matches(pattern)) {
                    return "parameter " + name + " = '" + value + "' does not match " + pattern;
                }
                return null;
            }
            case "string-map" -> {
                return value instanceof Map ? null : "parameter " + name + " must be a map of strings";
            }
            default -> {
                return "parameter " + name + " has an unknown type " + type;
            }
        }
    }
}
