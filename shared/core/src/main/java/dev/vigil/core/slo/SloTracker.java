package dev.vigil.core.slo;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.pipeline.BatchStats;
import dev.vigil.core.pipeline.DatapointListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SLI and error-budget tracking on the metric path: a {@link DatapointListener} the metric-stream function calls with
 * every valid datapoint of a batch. It follows the baseline rules:
 * <ul>
 *   <li><b>Cheap when idle.</b> Selectors are indexed by metric name; a datapoint no SLO wants costs one hash lookup
 *       (no allocation), and a batch no SLO wants makes no DynamoDB call.</li>
 *   <li><b>Watermark per series.</b> Each SLO state remembers the newest minute it counted per series; a replayed or
 *       late minute is not counted again, so a Firehose retry changes nothing.</li>
 *   <li><b>Optimistic locking.</b> A state is saved only if unchanged since read; on conflict it is re-read and the
 *       batch re-applied (the watermarks drop what the other writer counted).</li>
 *   <li><b>Outbox.</b> A level change is saved with the state that produced it, then published, then cleared.</li>
 * </ul>
 * After counting, each touched SLO is evaluated at its newest minute against the multi-window rules
 * ({@link BurnRates}); an alert-level change becomes a {@code vigil.slo-burn} event.
 */
public final class SloTracker implements DatapointListener {

    private final Map<String, List<SloDefinition>> index = new HashMap<>();
    private final SloStore store;
    private final SloBurnPublisher publisher;
    private final StructuredLog log;
    private final int maxConflictRetries;
    private long datapointsCounted;
    private long eventsPublished;

    public SloTracker(List<SloDefinition> slos, SloStore store, SloBurnPublisher publisher, StructuredLog log) {
        this.store = store;
        this.publisher = publisher;
        this.log = log;
        this.maxConflictRetries = 8;
        for (SloDefinition d : slos) {
            for (SeriesSelector s : d.sli().selectors()) {
                List<SloDefinition> l = index.computeIfAbsent(s.metricName(), k -> new ArrayList<>(2));
                if (!l.contains(d)) {
                    l.add(d);
                }
            }
        }
    }

    public long datapointsCounted() {
        return datapointsCounted;
    }

    public long eventsPublished() {
        return eventsPublished;
    }

    @Override
    public void onDatapoints(List<MetricDatum> datums, BatchStats stats) {
        Map<SloDefinition, List<MetricDatum>> wanted = new LinkedHashMap<>();
        double[] scratch = new double[2];
        for (MetricDatum d : datums) {
            List<SloDefinition> candidates = index.get(d.series().metricName());   // no allocation per datapoint
            if (candidates == null) {
                continue;
            }
            for (SloDefinition slo : candidates) {
                scratch[0] = 0;
                scratch[1] = 0;
                if (slo.sli().count(d, scratch)) {
                    wanted.computeIfAbsent(slo, k -> new ArrayList<>()).add(d);
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, SloState> stored = store.loadAll(wanted.keySet());
        Map<String, SloState> pending = new LinkedHashMap<>();
        List<SloState> withOutbox = new ArrayList<>();
        for (Map.Entry<SloDefinition, List<MetricDatum>> e : wanted.entrySet()) {
            apply(e.getKey(), stored.get(e.getKey().name()), e.getValue(), pending, withOutbox);
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            Set<String> conflicts = store.saveAll(new ArrayList<>(pending.values()));
            for (SloState s : pending.values()) {
                if (!conflicts.contains(s.name()) && !s.outbox().isEmpty()) {
                    withOutbox.add(s);
                }
            }
            if (conflicts.isEmpty()) {
                break;
            }
            if (attempt >= maxConflictRetries) {
                throw new IllegalStateException("SLO state still contended after " + attempt + " retries: "
                        + conflicts);
            }
            List<SloDefinition> again = new ArrayList<>();
            for (SloDefinition d : wanted.keySet()) {
                if (conflicts.contains(d.name())) {
                    again.add(d);
                }
            }
            Map<String, SloState> reloaded = store.loadAll(again);
            pending = new LinkedHashMap<>();
            for (SloDefinition d : again) {
                apply(d, reloaded.get(d.name()), wanted.get(d), pending, withOutbox);
            }
        }
        publishOutboxes(withOutbox);
    }

    private void apply(SloDefinition slo, SloState stored, List<MetricDatum> datums, Map<String, SloState> pending,
                       List<SloState> withOutbox) {
        SloState s = stored != null ? stored : new SloState(slo.name(), slo.windowDays());
        java.util.TreeSet<Long> minutes = new java.util.TreeSet<>();
        boolean changed = count(slo, s, datums, minutes);
        if (!changed) {
            if (!s.outbox().isEmpty()) {
                withOutbox.add(s);
            }
            return;
        }
        // Evaluate at every minute the batch brought, in order: a 5-minute delivery detects at the right minute,
        // and a level that went up and down inside one delivery is still reported.
        for (long m : minutes) {
            evaluate(slo, s, m);
        }
        s.pruneWatermarks();
        s.version(s.version() + 1);
        pending.put(s.name(), s);
    }

    /** Counts the datapoints past each series' watermark; true if anything was counted. */
    boolean count(SloDefinition slo, SloState s, List<MetricDatum> datums, java.util.Set<Long> minutes) {
        Map<String, List<MetricDatum>> bySeries = new LinkedHashMap<>();
        for (MetricDatum d : datums) {
            bySeries.computeIfAbsent(d.series().key(), k -> new ArrayList<>(4)).add(d);
        }
        boolean changed = false;
        double[] c = new double[2];
        Comparator<MetricDatum> order = Comparator.comparingLong(MetricDatum::timestamp)
                .thenComparing(Comparator.comparingDouble((MetricDatum d) -> d.value().count()).reversed());
        for (Map.Entry<String, List<MetricDatum>> e : bySeries.entrySet()) {
            List<MetricDatum> list = e.getValue();
            list.sort(order);
            long watermark = s.watermark(e.getKey());
            for (MetricDatum d : list) {
                if (d.timestamp() <= watermark) {
                    continue;   // replayed, late, or the less complete copy of a minute already counted
                }
                watermark = d.timestamp();
                c[0] = 0;
                c[1] = 0;
                slo.sli().count(d, c);
                s.add(d.timestamp(), c[0], c[1]);
                if (c[1] > 0 || c[0] > 0) {
                    minutes.add(Math.floorDiv(d.timestamp(), 60_000L) * 60_000L);
                }
                datapointsCounted++;
                changed = true;
            }
            s.watermark(e.getKey(), watermark);
        }
        return changed;
    }

    /**
     * Evaluates the rules over the windows ending at minute {@code end}; a level change goes to the outbox. A minute
     * older than the level's last change (late data) is not evaluated: levels only move forward in time.
     */
    static void evaluate(SloDefinition slo, SloState s, long end) {
        if (end < s.levelSince()) {
            return;
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<Integer, Double> byWindow = new HashMap<>();
        for (int w : BurnRates.WINDOWS) {
            double[] bt = s.window(w, end);
            double r = BurnRates.burnRate(bt[0], bt[1], slo.objective());
            byWindow.put(w, r);
            rates.put(BurnRates.window(w), r);
        }
        BurnRates.Rule rule = BurnRates.firing(BurnRates.rulesFor(slo.windowDays()),
                w -> byWindow.getOrDefault(w, 0.0));
        BurnRates.Level level = rule == null ? BurnRates.Level.NONE : rule.level();
        if (level == s.level()) {
            return;
        }
        double[] budget = s.window(slo.windowDays() * 1440, end);
        double consumed = budget[1] > 0 ? (budget[0] / budget[1]) / slo.budgetFraction() : 0;
        String id = AnomalyEvent.idFor("slo/" + slo.name() + "/" + level.code(), end);
        SloBurnEvent ev = new SloBurnEvent(id, slo.name(), slo.service(), slo.team(), slo.objective(), level.code(),
                s.level().code(), rule == null ? "" : rule.describe(), rates, 1.0 - consumed, end);
        s.outbox().add(SloBurnJson.write(ev));
        s.level(level, end);
    }

    private void publishOutboxes(List<SloState> withOutbox) {
        if (withOutbox.isEmpty()) {
            return;
        }
        List<SloBurnEvent> events = new ArrayList<>();
        for (SloState s : withOutbox) {
            for (String json : s.outbox()) {
                events.add(SloBurnJson.read(json));
            }
        }
        Set<String> undelivered = publisher.publish(events);
        eventsPublished += events.size() - undelivered.size();
        List<SloState> cleared = new ArrayList<>();
        for (SloState s : withOutbox) {
            int before = s.outbox().size();
            s.outbox().removeIf(json -> !undelivered.contains(SloBurnJson.read(json).id()));
            if (s.outbox().size() < before) {
                s.version(s.version() + 1);
                cleared.add(s);
            }
        }
        for (SloBurnEvent e : events) {
            if (!undelivered.contains(e.id())) {
                log.info("slo burn alert", Map.of("slo", e.slo(), "level", e.level(), "previous", e.previousLevel(),
                        "rule", e.rule(), "budgetRemaining", e.budgetRemaining()));
            }
        }
        if (!undelivered.isEmpty()) {
            log.warn("slo burn events kept in the outbox for the next batch", Map.of("undelivered", undelivered.size()));
        }
        // A conflict here means another writer holds the outbox now and will publish it (at-least-once).
        store.saveAll(cleared);
    }
}
