package dev.vigil.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A parsed YAML (or JSON: YAML is a superset) configuration document, read as plain maps, lists and scalars: no
 * reflection, no bean binding. Every accessor knows its path, so a bad value fails fast and says where it is
 * ({@code slos[1].objective must be a number, was "high"}).
 */
public final class ConfigTree {

    private final Object node;
    private final String path;

    private ConfigTree(Object node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a document; an empty document is an empty map. */
    public static ConfigTree parse(String text, String sourceName) {
        try {
            Object root = new Load(LoadSettings.builder().setLabel(sourceName).build()).loadFromString(text);
            return new ConfigTree(root == null ? Map.of() : root, "");
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(sourceName + " is not valid YAML/JSON: " + e.getMessage(), e);
        }
    }

    public static ConfigTree empty() {
        return new ConfigTree(Map.of(), "");
    }

    public String path() {
        return path.isEmpty() ? "(root)" : path;
    }

    public boolean isMissing() {
        return node == null;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Map<?, ?> map() {
        if (node instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(path() + " must be a mapping, was " + describe(node));
    }

    /** A child (missing children are a tree whose {@link #isMissing()} is true). */
    public ConfigTree get(String key) {
        if (node == null) {
            return new ConfigTree(null, child(key));
        }
        return new ConfigTree(map().get(key), child(key));
    }

    public boolean has(String key) {
        return node instanceof Map<?, ?> m && m.get(key) != null;
    }

    public List<ConfigTree> list() {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> l)) {
            throw new IllegalArgumentException(path() + " must be a list, was " + describe(node));
        }
        List<ConfigTree> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(new ConfigTree(l.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** The entries of a mapping, in document order. */
    public Map<String, ConfigTree> entries() {
        if (node == null) {
            return Map.of();
        }
        Map<String, ConfigTree> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map().entrySet()) {
            String k = String.valueOf(e.getKey());
            out.put(k, new ConfigTree(e.getValue(), child(k)));
        }
        return out;
    }

    public String string(String fallback) {
        if (node == null) {
            return fallback;
        }
        if (node instanceof Map || node instanceof List) {
            throw new IllegalArgumentException(path() + " must be a scalar, was " + describe(node));
        }
        return String.valueOf(node);
    }

    public String requireString() {
        String s = string(null);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(path() + " is required");
        }
        return s;
    }

    public double number(double fallback) {
        if (node == null) {
            return fallback;
        }
        if (node instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(node).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path() + " must be a number, was " + describe(node), e);
        }
    }

    public double requireNumber() {
        if (node == null) {
            throw new IllegalArgumentException(path() + " is required");
        }
        return number(0);
    }

    public int integer(int fallback) {
        double d = number(fallback);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(path() + " must be a whole number, was " + describe(node));
        }
        return (int) d;
    }

    public boolean bool(boolean fallback) {
        if (node == null) {
            return fallback;
        }
        if (node instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(path() + " must be true or false, was " + describe(node));
    }

    /** A mapping of scalars, e.g. {@code dimensions: {FunctionName: "checkout-*"}}. */
    public Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigTree> e : entries().entrySet()) {
            out.put(e.getKey(), e.getValue().requireString());
        }
        return out;
    }

    /** A list of scalars; a single scalar is a list of one. */
    public List<String> stringList() {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List)) {
            return List.of(requireString());
        }
        List<String> out = new ArrayList<>();
        for (ConfigTree t : list()) {
            out.add(t.requireString());
        }
        return out;
    }

    private static String describe(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof List) {
            return "a list";
        }
        return "\"" + o + "\"";
    }
}
