package dev.vigil.core.slo;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A fake {@link SloStore} with the same versioning rules, storing the encoded bytes like the real one. */
public final class InMemorySloStore implements SloStore {

    private record Stored(long version, int windowDays, byte[] bytes) {
    }

    private final Map<String, Stored> items = new HashMap<>();

    @Override
    public synchronized Map<String, SloState> loadAll(Collection<SloDefinition> slos) {
        Map<String, SloState> out = new HashMap<>();
        for (SloDefinition d : slos) {
            Stored s = items.get(d.name());
            if (s != null) {
                out.put(d.name(), SloState.decode(d.name(), d.windowDays(), s.version, s.bytes));
            }
        }
        return out;
    }

    @Override
    public synchronized Set<String> saveAll(List<SloState> states) {
        Set<String> conflicts = new HashSet<>();
        for (SloState s : states) {
            Stored cur = items.get(s.name());
            long expected = s.version() - 1;
            if ((cur == null && expected != 0) || (cur != null && cur.version != expected)) {
                conflicts.add(s.name());
                continue;
            }
            items.put(s.name(), new Stored(s.version(), 0, s.encode()));
        }
        return conflicts;
    }

    public synchronized int size() {
        return items.size();
    }
}
