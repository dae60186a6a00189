package dev.vigil.core.pipeline;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyPublisher;
import dev.vigil.core.baseline.Baseline;
import dev.vigil.core.baseline.BaselineStore;
import dev.vigil.core.detect.Detector;
import dev.vigil.core.detect.SeriesDetector;
import dev.vigil.core.detect.Verdict;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.ObservationPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a batch of datapoints into the stored baselines and publishes what was anomalous. The rules that make
 * every AWS retry harmless:
 *
 * <ol>
 *   <li><b>Watermark.</b> Each series keeps the timestamp of the newest datapoint it learned from. A datapoint at or
 *       before the watermark is late or replayed: it is counted and skipped, never scored twice. Within a batch the
 *       minutes of a series are sorted first, so unsorted minutes in one delivery are fine. The late-data rule: a
 *       minute that arrives after a newer minute of the same series was already scored is not scored (its raw copy
 *       still lands in S3); a detector that learned out of order would not be deterministic.</li>
 *   <li><b>Optimistic locking.</b> A baseline is saved only if nobody saved it since it was read. On a conflict the
 *       series is re-read and the batch's datapoints re-applied on top (the watermark drops what the other writer
 *       already covered), up to {@code maxConflictRetries} times.</li>
 *   <li><b>Outbox.</b> Anomalies are saved in the baseline item in the same write as the state that produced them,
 *       then published, then cleared. A crash or a bus outage between the two leaves them in the outbox, and the
 *       next batch of that series (or a replay of this one) publishes them. Delivery is at-least-once; each event
 *       carries a stable {@code id} for the rare duplicate.</li>
 *   <li><b>Unchanged means unwritten.</b> A batch that brings nothing new to a series does not write it, so a replayed
 *       batch leaves every baseline byte-identical.</li>
 *   <li><b>One series fails alone.</b> A series the store refuses (see {@link BaselineStore#loadAll(java.util.Collection,
 *       Set)}) is skipped and returned, so its records fail and the rest of the batch is scored.</li>
 *   <li><b>Absurd values are scored, not learned.</b> CloudWatch accepts values up to 2^360; one 1e100 folded into a
 *       baseline would inflate its scale so far that a later x1000 spike scores low. A value beyond
 *       {@link #ABSOLUTE_LIMIT}, or one at least {@link #SUSPECT_MAGNITUDE} that deviates from what was expected by
 *       more than {@link #RELATIVE_LIMIT} times the series' own scale, is scored (and reported if anomalous) against
 *       the state from before it, then the state is put back: the series learns nothing from it. Counted as
 *       {@code quarantined}.</li>
 * </ol>
 */
public final class BaselineUpdater {

    /** Undelivered events kept per series while the bus is unreachable; older ones are dropped and counted. */
    static final int MAX_OUTBOX = 50;

    /** Live detectors kept per container (about 1 KB each): series seen again skip decoding their state. */
    static final int LIVE_DETECTORS = 50_000;

    /** No metric a stream carries means a magnitude above this (1 PB/s as a byte rate): never learned. */
    static final double ABSOLUTE_LIMIT = 1e15;
    /** Values below this are never checked (no snapshot is taken for them: the hot path stays as it was). */
    static final double SUSPECT_MAGNITUDE = 1e9;
    /** A deviation this many times the series' scale (|expected|, band width, or 1) is not a level to learn. */
    static final double RELATIVE_LIMIT = 1e6;

    private final Detector detector;
    private final BaselineStore store;
    private final AnomalyPublisher publisher;
    private final StructuredLog log;
    private final int maxConflictRetries;
    private final LiveDetectors live;
    private final PublishPolicy policy;

    public BaselineUpdater(Detector detector, BaselineStore store, AnomalyPublisher publisher, StructuredLog log,
                           int maxConflictRetries, PublishPolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.detector = detector;
        this.store = store;
        this.publisher = publisher;
        this.log = log;
        this.maxConflictRetries = maxConflictRetries;
        this.live = new LiveDetectors(LIVE_DETECTORS);
    }

    public BaselineUpdater(Detector detector, BaselineStore store, AnomalyPublisher publisher, StructuredLog log,
                           int maxConflictRetries) {
        this(detector, store, publisher, log, maxConflictRetries, PublishPolicy.defaults());
    }

    public BaselineUpdater(Detector detector, BaselineStore store, AnomalyPublisher publisher, StructuredLog log) {
        this(detector, store, publisher, log, 8);
    }

    public BaselineUpdater(Detector detector, BaselineStore store, AnomalyPublisher publisher, StructuredLog log,
                           PublishPolicy policy) {
        this(detector, store, publisher, log, 8, policy);
    }

    /**
     * Applies the datapoints and adds what happened to {@code stats}.
     *
     * @return the series keys the store refused: their datapoints were not applied, their records should fail
     */
    public Set<String> update(List<MetricDatum> datums, BatchStats stats) {
        Map<String, List<MetricDatum>> bySeries = groupSortAndDedupe(datums, stats);
        stats.series += bySeries.size();
        Set<String> refused = new HashSet<>();
        Map<String, Baseline> stored = store.loadAll(bySeries.keySet(), refused);

        Map<String, Applied> pending = new LinkedHashMap<>();
        List<Baseline> withOutbox = new ArrayList<>();
        for (Map.Entry<String, List<MetricDatum>> e : bySeries.entrySet()) {
            if (refused.contains(e.getKey())) {
                continue;
            }
            Applied a = apply(e.getKey(), stored.get(e.getKey()), e.getValue());
            if (a.changed) {
                pending.put(e.getKey(), a);
            } else {
                stats.add(a.stats);
                if (a.baseline != null && !a.baseline.outbox().isEmpty()) {
                    withOutbox.add(a.baseline);
                }
            }
        }

        int attempt = 0;
        while (!pending.isEmpty()) {
            List<Baseline> toSave = new ArrayList<>(pending.size());
            for (Applied a : pending.values()) {
                toSave.add(a.baseline);
            }
            Set<String> conflicts = store.saveAll(toSave, refused);
            for (Map.Entry<String, Applied> e : pending.entrySet()) {
                if (!conflicts.contains(e.getKey()) && !refused.contains(e.getKey())) {
                    Applied a = e.getValue();
                    live.put(e.getKey(), new LiveDetector(a.baseline.version(), a.detector));
                    stats.add(a.stats);
                    stats.baselinesWritten++;
                    if (!a.baseline.outbox().isEmpty()) {
                        withOutbox.add(a.baseline);
                    }
                }
            }
            if (conflicts.isEmpty()) {
                break;
            }
            if (++attempt > maxConflictRetries) {
                throw new ConcurrentBaselineUpdateException(conflicts, attempt);
            }
            stats.conflictRetries += conflicts.size();
            Map<String, Baseline> reloaded = store.loadAll(conflicts, refused);
            Map<String, Applied> retry = new LinkedHashMap<>();
            for (String key : conflicts) {
                if (refused.contains(key)) {
                    continue;
                }
                Applied a = apply(key, reloaded.get(key), bySeries.get(key));
                if (a.changed) {
                    retry.put(key, a);
                } else {
                    stats.add(a.stats);
                    if (a.baseline != null && !a.baseline.outbox().isEmpty()) {
                        withOutbox.add(a.baseline);
                    }
                }
            }
            pending = retry;
        }
        publishOutboxes(withOutbox, stats);
        if (!refused.isEmpty()) {
            stats.seriesRefused += refused.size();
            log.warn("series refused by the baseline store; their records fail alone",
                    Map.of("refused", refused.size(), "example", abbreviate(refused.iterator().next())));
        }
        return refused;
    }

    private static String abbreviate(String key) {
        return key.length() <= 200 ? key : key.substring(0, 200) + "… (" + key.length() + " chars)";
    }

    private void publishOutboxes(List<Baseline> withOutbox, BatchStats stats) {
        if (withOutbox.isEmpty()) {
            return;
        }
        List<AnomalyEvent> events = new ArrayList<>();
        for (Baseline b : withOutbox) {
            events.addAll(b.outbox());
        }
        Set<String> undelivered = publisher.publish(events);
        stats.eventsPublished += events.size() - undelivered.size();
        stats.eventsUndelivered += undelivered.size();
        List<Baseline> cleared = new ArrayList<>();
        for (Baseline b : withOutbox) {
            List<AnomalyEvent> left = new ArrayList<>();
            for (AnomalyEvent e : b.outbox()) {
                if (undelivered.contains(e.id())) {
                    left.add(e);
                }
            }
            if (left.size() < b.outbox().size()) {
                cleared.add(new Baseline(b.seriesId(), b.version() + 1, b.watermark(), b.state(), left));
            }
        }
        if (!undelivered.isEmpty()) {
            log.warn("anomaly events kept in the outbox for the next batch",
                    Map.of("undelivered", undelivered.size()));
        }
        // A conflict here means another writer now holds the outbox and will publish it (at-least-once).
        Set<String> lost = store.saveAll(cleared, new HashSet<>());
        stats.baselinesWritten += cleared.size() - lost.size();
    }

    private Applied apply(String key, Baseline stored, List<MetricDatum> datums) {
        BatchStats s = new BatchStats();
        SeriesDetector det = null;   // restored lazily: a batch of late minutes never needs it
        long watermark = stored == null ? Long.MIN_VALUE : stored.watermark();
        List<AnomalyEvent> outbox = null;
        boolean learning = false;
        for (MetricDatum d : datums) {
            if (d.timestamp() <= watermark) {
                s.late++;
                continue;
            }
            if (det == null) {
                det = detectorFor(key, stored);
                outbox = stored == null ? new ArrayList<>() : new ArrayList<>(stored.outbox());
            }
            watermark = d.timestamp();
            double v = ObservationPolicy.observe(d);
            if (Double.isNaN(v)) {
                s.noSamples++;
                continue;
            }
            byte[] before = Math.abs(v) >= SUSPECT_MAGNITUDE ? det.snapshot() : null;
            Verdict verdict;
            try {
                verdict = det.observe(d.timestamp(), v);
            } catch (IllegalArgumentException e) {
                if (before == null) {
                    throw e;
                }
                verdict = null;   // a value the detector itself refuses: put the state back, like any absurd one
            }
            if (before != null && absurd(v, verdict)) {
                det = detector.restore(before);
                s.quarantined++;
            }
            if (verdict instanceof Verdict.Anomalous a) {
                s.scored++;
                s.anomalies++;
                learning = false;
                // Counted either way; published only when it is what people should act on.
                if (policy.publishes(d, a)) {
                    outbox.add(AnomalyEvent.of(d, a));
                } else {
                    s.anomaliesNotPublished++;
                }
            } else if (verdict instanceof Verdict.Normal) {
                s.scored++;
                learning = false;
            } else if (verdict != null) {
                s.warmingUp++;
                learning = true;
            }
        }
        if (learning) {
            s.learningSeries++;   // still warming up or learning its first day at the end of this batch
        }
        if (det == null) {
            return new Applied(false, stored, null, s);
        }
        if (outbox.size() > MAX_OUTBOX) {
            outbox = new ArrayList<>(outbox.subList(outbox.size() - MAX_OUTBOX, outbox.size()));
        }
        long version = stored == null ? 1 : stored.version() + 1;
        return new Applied(true, new Baseline(key, version, watermark, det.snapshot(), outbox), det, s);
    }

    /** See the class comment: beyond any metric's magnitude, or absurdly far from the series' own scale. */
    static boolean absurd(double v, Verdict verdict) {
        if (Math.abs(v) > ABSOLUTE_LIMIT || verdict == null) {
            return true;
        }
        dev.vigil.core.detect.Explanation x = verdict instanceof Verdict.Anomalous a ? a.explanation()
                : verdict instanceof Verdict.Normal n ? n.explanation() : null;
        if (x == null || !Double.isFinite(x.expected())) {
            return false;   // warming up, below the absolute limit: nothing to compare with yet
        }
        double band = Double.isFinite(x.upper() - x.lower()) ? x.upper() - x.lower() : 0;
        double scale = Math.max(1.0, Math.max(Math.abs(x.expected()), band));
        return Math.abs(v - x.expected()) > RELATIVE_LIMIT * scale;
    }

    /**
     * The series' detector: the live one this container saved last, when the stored version is still the one it
     * saved (no other writer since), else restored from the stored snapshot. Snapshot and restore are exact, so both
     * give bit-identical scores; the live one just skips the decoding.
     */
    private SeriesDetector detectorFor(String key, Baseline stored) {
        if (stored == null) {
            return detector.newSeries();
        }
        LiveDetector cached = live.take(key);
        if (cached != null && cached.version == stored.version()) {
            return cached.detector;
        }
        try {
            return detector.restore(stored.state());
        } catch (IllegalArgumentException e) {
            // A state this detector cannot read (e.g. written by an older detector version): re-learn.
            log.warn("baseline state unreadable; re-learning the series",
                    Map.of("seriesId", key, "reason", String.valueOf(e.getMessage())));
            return detector.newSeries();
        }
    }

    /**
     * Groups by series key (first-seen order), sorts each series by time, and keeps one datapoint per minute:
     * the one with the most samples (a later, more complete aggregate of the same minute), ties by larger sum.
     */
    static Map<String, List<MetricDatum>> groupSortAndDedupe(List<MetricDatum> datums, BatchStats stats) {
        Map<String, List<MetricDatum>> by = new LinkedHashMap<>();
        for (MetricDatum d : datums) {
            by.computeIfAbsent(d.series().key(), k -> new ArrayList<>(4)).add(d);
        }
        Comparator<MetricDatum> order = Comparator.comparingLong(MetricDatum::timestamp)
                .thenComparing(Comparator.comparingDouble((MetricDatum d) -> d.value().count()).reversed())
                .thenComparing(Comparator.comparingDouble((MetricDatum d) -> d.value().sum()).reversed());
        for (Map.Entry<String, List<MetricDatum>> e : by.entrySet()) {
            List<MetricDatum> list = e.getValue();
            if (list.size() == 1) {
                continue;
            }
            list.sort(order);
            List<MetricDatum> unique = new ArrayList<>(list.size());
            Set<Long> seen = new HashSet<>();
            for (MetricDatum d : list) {
                if (seen.add(d.timestamp())) {
                    unique.add(d);
                } else {
                    stats.duplicates++;
                }
            }
            e.setValue(unique);
        }
        return by;
    }

    private record Applied(boolean changed, Baseline baseline, SeriesDetector detector, BatchStats stats) {
    }

    private record LiveDetector(long version, SeriesDetector detector) {
    }

    /**
     * Detectors this container saved last, least recently used dropped first. A detector is taken out while a batch
     * works on it and put back only once its state is saved, so a conflicting write can never leave a cached detector
     * ahead of the stored state.
     */
    private static final class LiveDetectors {
        private final int capacity;
        private final Map<String, LiveDetector> map;

        LiveDetectors(int capacity) {
            this.capacity = capacity;
            this.map = new java.util.LinkedHashMap<>(1024, 0.75f, true);
        }

        synchronized LiveDetector take(String key) {
            return map.remove(key);
        }

        synchronized void put(String key, LiveDetector d) {
            if (capacity == 0) {
                return;
            }
            map.put(key, d);
            if (map.size() > capacity) {
                var eldest = map.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }
}
