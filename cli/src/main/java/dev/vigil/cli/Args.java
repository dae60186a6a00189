package dev.vigil.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict {@code --flag value} / {@code --switch} parsing against the options a command declares. Anything else is an
 * error naming it (with the closest known option): a typo such as {@code --inptu} must never be ignored and leave a
 * default in place. Also refused: a word that follows no option, an option without its value, a second value for a
 * single-valued option. {@code --flag=value} is accepted as {@code --flag value}.
 */
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();

    /**
     * @param booleanSwitches options that take no value
     * @param single          options that take exactly one value
     * @param multi           options that take one or more values (and may repeat)
     */
    Args(String[] argv, int from, Set<String> booleanSwitches, Set<String> single, Set<String> multi) {
        String current = null;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String inline = null;
                int eq = a.indexOf('=');
                if (eq > 2) {
                    inline = a.substring(eq + 1);
                    a = a.substring(0, eq);
                }
                if (booleanSwitches.contains(a)) {
                    if (inline != null) {
                        throw new IllegalArgumentException(a + " takes no value");
                    }
                    switches.add(a);
                    current = null;
                } else if (single.contains(a) || multi.contains(a)) {
                    if (single.contains(a) && values.containsKey(a)) {
                        throw new IllegalArgumentException(a + " is given twice");
                    }
                    values.computeIfAbsent(a, k -> new ArrayList<>());
                    current = a;
                    if (inline != null) {
                        values.get(a).add(inline);
                    }
                } else {
                    throw new IllegalArgumentException(unknown(a, booleanSwitches, single, multi));
                }
            } else if (current != null && (multi.contains(current) || values.get(current).isEmpty())) {
                values.get(current).add(a);
            } else if (current != null) {
                throw new IllegalArgumentException(current + " takes one value; unexpected '" + a + "'");
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (values follow their option, "
                        + "e.g. --input " + a + ")");
            }
        }
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException(e.getKey() + " needs a value");
            }
        }
    }

    /** A command with no options of several values. */
    Args(String[] argv, int from, Set<String> booleanSwitches, Set<String> single) {
        this(argv, from, booleanSwitches, single, Set.of());
    }

    private static String unknown(String flag, Set<String> switches, Set<String> single, Set<String> multi) {
        Set<String> known = new TreeSet<>(switches);
        known.addAll(single);
        known.addAll(multi);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(flag, k);
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        String hint = closest != null && best <= Math.max(2, closest.length() / 3) ? " (did you mean " + closest + "?)" : "";
        return "unknown option " + flag + hint + "; options: " + (known.isEmpty() ? "none" : String.join(" ", known));
    }

    /** Levenshtein distance (for the "did you mean" hint; options are short). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    String value(String flag) {
        List<String> v = values.get(flag);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    List<String> values(String flag) {
        return values.getOrDefault(flag, List.of());
    }

    boolean has(String flag) {
        return switches.contains(flag) || values.containsKey(flag);
    }
}
