package dev.vigil.core.cost.store;

import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.detect.ExpectedMark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@link CostStore} in memory, with the same replacement rules as the DynamoDB store (a fake for tests, the CLI). */
public final class InMemoryCostStore implements CostStore {

    private record Current(String assemblyId, long time, List<CostFact> facts) {
    }

    private final Map<String, Map<String, Current>> periods = new HashMap<>();
    private final Map<String, ExpectedMark> marks = new LinkedHashMap<>();
    private final Set<String> published = new HashSet<>();

    @Override
    public synchronized Outcome replacePeriod(String exportId, String period, String assemblyId, long assemblyTime,
                                              List<CostFact> facts) {
        Map<String, Current> byPeriod = periods.computeIfAbsent(exportId, k -> new HashMap<>());
        Current cur = byPeriod.get(period);
        if (cur != null) {
            if (cur.assemblyId().equals(assemblyId)) {
                return Outcome.UNCHANGED;
            }
            if (isNewer(cur.time(), cur.assemblyId(), assemblyTime, assemblyId)) {
                return Outcome.STALE;
            }
        }
        byPeriod.put(period, new Current(assemblyId, assemblyTime, List.copyOf(facts)));
        return Outcome.REPLACED;
    }

    /** Whether (t1, id1) is newer than (t2, id2): later time; equal times, the larger id. */
    public static boolean isNewer(long t1, String id1, long t2, String id2) {
        return t1 > t2 || (t1 == t2 && id1.compareTo(id2) > 0);
    }

    @Override
    public synchronized List<CostFact> load(String exportId, LocalDate from, LocalDate to) {
        List<CostFact> out = new ArrayList<>();
        long f = from.toEpochDay();
        long t = to.toEpochDay();
        for (Current c : periods.getOrDefault(exportId, Map.of()).values()) {
            for (CostFact fact : c.facts()) {
                if (fact.epochDay() >= f && fact.epochDay() <= t) {
                    out.add(fact);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> exports() {
        return new ArrayList<>(new TreeSet<>(periods.keySet()));
    }

    @Override
    public synchronized List<ExpectedMark> marks() {
        return new ArrayList<>(marks.values());
    }

    @Override
    public synchronized void addMark(ExpectedMark mark) {
        marks.put(mark.anomalyId(), mark);
    }

    @Override
    public synchronized boolean claimPublication(String exportId, String anomalyId) {
        return published.add(exportId + "|" + anomalyId);
    }

    @Override
    public synchronized void releasePublication(String exportId, String anomalyId) {
        published.remove(exportId + "|" + anomalyId);
    }
}
