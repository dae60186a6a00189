package dev.vigil.core.remediation;

import dev.vigil.core.json.JsonTree;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What an executor read of a resource: its state values (e.g. {@code desiredCount=2}; a value of {@code none} means
 * "not set", e.g. a function without reserved concurrency) and its tags. Captured before acting: it is what an undo
 * restores.
 */
public record ResourceState(String arn, Map<String, String> values, Map<String, String> tags) {

    public static final String NONE = "none";

    public ResourceState {
        values = new TreeMap<>(values == null ? Map.of() : values);
        tags = new TreeMap<>(tags == null ? Map.of() : tags);
    }

    public static ResourceState empty(String arn) {
        return new ResourceState(arn, Map.of(), Map.of());
    }

    public String value(String key) {
        return values.get(key);
    }

    public OptionalLong scalar(String key) {
        String v = key == null ? null : values.get(key);
        if (v == null || v.equals(NONE)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public ResourceState with(String key, String value) {
        Map<String, String> v = new TreeMap<>(values);
        v.put(key, value);
        return new ResourceState(arn, v, tags);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("arn", arn);
        m.put("values", new TreeMap<>(values));
        m.put("tags", new TreeMap<>(tags));
        return m;
    }

    public static ResourceState fromMap(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        return new ResourceState(JsonTree.optStr(m, "arn"), JsonTree.strings(m, "values"),
                JsonTree.strings(m, "tags"));
    }
}
