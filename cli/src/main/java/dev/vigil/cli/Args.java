package dev.vigil.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --flag value} / {@code --switch} parsing; a flag may repeat and take several values. */
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    Args(String[] argv, int from, Set<String> booleanSwitches) {
        String current = null;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                if (booleanSwitches.contains(a)) {
                    switches.add(a);
                    current = null;
                } else {
                    current = a;
                    values.computeIfAbsent(a, k -> new ArrayList<>());
                }
            } else if (current != null) {
                values.get(current).add(a);
            } else {
                positional.add(a);
            }
        }
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

    List<String> positional() {
        return positional;
    }
}
