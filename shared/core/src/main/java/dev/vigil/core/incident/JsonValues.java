package dev.vigil.core.incident;

import dev.vigil.core.json.JsonTree;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON values (maps, lists, strings, numbers, booleans, null) for the small, irregular documents of this package
 * (bus envelopes, incident bodies, configs): parsed and written by {@link JsonTree}, read with lenient accessors.
 */
public final class JsonValues {

    private JsonValues() {
    }

    // Parsing and writing are JsonTree's (one reflection-free JSON tree for the whole domain); this class adds the
    // lenient accessors the incident code reads configs and stored items with.

    public static Object read(String json) {
        return JsonTree.parse(json);
    }

    public static Map<String, Object> readObject(String json) {
        return JsonTree.object(json);
    }

    public static String write(Object v) {
        return JsonTree.write(v);
    }

    // ---- typed access to a parsed tree

    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o, String key) {
        Object v = o instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    public static List<?> list(Object o, String key) {
        Object v = o instanceof Map<?, ?> m ? m.get(key) : null;
        return v instanceof List<?> l ? l : List.of();
    }

    public static String str(Object o, String key) {
        Object v = o instanceof Map<?, ?> m ? m.get(key) : null;
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v);
    }

    public static long lng(Object o, String key, long fallback) {
        Object v = o instanceof Map<?, ?> m ? m.get(key) : null;
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public static double dbl(Object o, String key, double fallback) {
        Object v = o instanceof Map<?, ?> m ? m.get(key) : null;
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public static boolean bool(Object o, String key) {
        Object v = o instanceof Map<?, ?> m ? m.get(key) : null;
        return Boolean.TRUE.equals(v);
    }
}
