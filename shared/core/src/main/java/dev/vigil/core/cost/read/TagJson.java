package dev.vigil.core.cost.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tags stored as a JSON object in one column (FOCUS {@code Tags}, CUR 2.0 {@code resource_tags}), e.g.
 * {@code {"application": "BrightLensMatrix", "environment": "dev"}}. The same few tag sets repeat over millions
 * of rows, so each distinct raw text is parsed once and remembered as (key id, value id) pairs.
 */
public final class TagJson {

    private static final int[] NONE = new int[0];
    private final ByteDict raw = new ByteDict();
    private int[][] parsed = new int[64][];
    private long malformed;

    /** The (key, value) id pairs of a raw JSON text, flattened; ids are in {@code dict}. */
    public int[] pairs(byte[] b, int s, int e, ByteDict dict) {
        int id = raw.id(b, s, e);
        if (id >= parsed.length) {
            parsed = Arrays.copyOf(parsed, Math.max(id + 1, parsed.length * 2));
        }
        int[] p = parsed[id];
        if (p == null) {
            List<String> kv = parse(new String(b, s, e - s, StandardCharsets.UTF_8));
            if (kv == null) {
                malformed++;
                p = NONE;
            } else {
                p = new int[kv.size()];
                for (int i = 0; i < kv.size(); i += 2) {
                    p[i] = dict.id(ExportSchema.tagKey(kv.get(i)));
                    p[i + 1] = dict.id(kv.get(i + 1));
                }
            }
            parsed[id] = p;
        }
        return p;
    }

    /** Distinct tag texts that were not a JSON object (their rows count, without tags). */
    public long malformed() {
        return malformed;
    }

    /**
     * A flat JSON object of scalars to [k1, v1, k2, v2…]; null when it is not one. Nested values are kept as
     * their JSON text; JSON null values and empty keys are skipped.
     */
    static List<String> parse(String json) {
        String t = json.trim();
        if (t.isEmpty() || t.equals("{}")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int[] pos = {0};
        try {
            skipWs(t, pos);
            if (t.charAt(pos[0]) != '{') {
                return null;
            }
            pos[0]++;
            skipWs(t, pos);
            if (t.charAt(pos[0]) == '}') {
                return out;
            }
            while (true) {
                skipWs(t, pos);
                String key = string(t, pos);
                skipWs(t, pos);
                if (t.charAt(pos[0]) != ':') {
                    return null;
                }
                pos[0]++;
                skipWs(t, pos);
                String value = value(t, pos);
                if (!key.isEmpty() && value != null) {
                    out.add(key);
                    out.add(value);
                }
                skipWs(t, pos);
                char c = t.charAt(pos[0]++);
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void skipWs(String t, int[] pos) {
        while (pos[0] < t.length() && Character.isWhitespace(t.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static String string(String t, int[] pos) {
        if (t.charAt(pos[0]) != '"') {
            throw new IllegalArgumentException("string expected");
        }
        StringBuilder sb = new StringBuilder();
        int i = pos[0] + 1;
        while (true) {
            char c = t.charAt(i++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                char n = t.charAt(i++);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(t.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        pos[0] = i;
        return sb.toString();
    }

    /** A scalar value as text (null for JSON null); objects and arrays as their raw text. */
    private static String value(String t, int[] pos) {
        char c = t.charAt(pos[0]);
        if (c == '"') {
            return string(t, pos);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            int start = pos[0];
            boolean inStr = false;
            for (int i = start; i < t.length(); i++) {
                char d = t.charAt(i);
                if (inStr) {
                    if (d == '\\') {
                        i++;
                    } else if (d == '"') {
                        inStr = false;
                    }
                } else if (d == '"') {
                    inStr = true;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        pos[0] = i + 1;
                        return t.substring(start, i + 1);
                    }
                }
            }
            throw new IllegalArgumentException("unclosed");
        }
        int start = pos[0];
        while (pos[0] < t.length() && ",}".indexOf(t.charAt(pos[0])) < 0 && !Character.isWhitespace(t.charAt(pos[0]))) {
            pos[0]++;
        }
        String lit = t.substring(start, pos[0]);
        return lit.equals("null") ? null : lit;
    }
}
