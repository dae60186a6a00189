package dev.vigil.core.config;

import java.util.Map;
import java.util.function.Function;

/** Configuration from environment variables, failing fast with the name of what is missing. */
public final class Env {

    private final Function<String, String> source;

    public Env(Function<String, String> source) {
        this.source = source;
    }

    public static Env system() {
        return new Env(System::getenv);
    }

    public static Env of(Map<String, String> values) {
        return new Env(values::get);
    }

    public String require(String name) {
        String v = source.apply(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("missing required environment variable " + name);
        }
        return v.trim();
    }

    public String optional(String name, String fallback) {
        String v = source.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int optionalInt(String name, int fallback) {
        String v = optional(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be an integer, was " + v, e);
        }
    }
}
