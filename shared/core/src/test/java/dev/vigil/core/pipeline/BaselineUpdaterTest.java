package dev.vigil.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.baseline.Baseline;
import dev.vigil.core.baseline.BaselineStore;
import dev.vigil.core.baseline.InMemoryBaselineStore;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.fakes.RecordingPublisher;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselineUpdaterTest {

    private static final long T0 = 1_793_577_600_000L;
    private static final SeriesId LATENCY = SeriesId.of("1", "r", "AWS/Lambda", "Duration", Map.of("FunctionName", "f"));

    private final InMemoryBaselineStore store = new InMemoryBaselineStore();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final BaselineUpdater updater = new BaselineUpdater(Detectors.standard(), store, publisher,
            StructuredLog.discard());

    private static MetricDatum at(int minute, double average) {
        return at(LATENCY, minute, average, 10);
    }

    private static MetricDatum at(SeriesId s, int minute, double average, double count) {
        return new MetricDatum(s, T0 + minute * 60_000L, StatisticSet.of(average, average, average * count, count),
                "Milliseconds");
    }

    /** Quiet minutes 0..n-1 around 100 ms with a little deterministic wobble, then a 10x spike at minute n. */
    private static List<MetricDatum> quietThenSpike(int n) {
        List<MetricDatum> out = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            out.add(at(m, 100 + (m % 5) - 2));
        }
        out.add(at(n, 1000));
        return out;
    }

    private BatchStats run(List<MetricDatum> batch) {
        BatchStats s = new BatchStats();
        updater.update(batch, s);
        return s;
    }

    @Test
    void replayingTheSameBatchTwice_leavesBaselinesUnchanged_andPublishesNothingNew() {
        List<MetricDatum> batch = quietThenSpike(200);
        BatchStats first = run(batch);
        Baseline after = store.get(LATENCY.key());
        int published = publisher.delivered.size();
        long writes = store.writes();

        BatchStats again = run(batch);

        assertThat(first.anomalies).isGreaterThanOrEqualTo(1);
        assertThat(published).isEqualTo(first.anomalies);
        assertThat(store.get(LATENCY.key())).isEqualTo(after);
        assertThat(store.writes()).isEqualTo(writes);
        assertThat(publisher.delivered).hasSize(published);
        assertThat(again.late).isEqualTo(batch.size());
        assertThat(again.scored).isZero();
    }

    @Test
    void unsortedMinutesInOneDelivery_giveTheSameBaselineAsSortedOnes() {
        List<MetricDatum> sorted = quietThenSpike(120);
        List<MetricDatum> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new java.util.Random(3));
        InMemoryBaselineStore other = new InMemoryBaselineStore();
        new BaselineUpdater(Detectors.standard(), other, new RecordingPublisher(), StructuredLog.discard())
                .update(shuffled, new BatchStats());
        run(sorted);
        assertThat(other.get(LATENCY.key())).isEqualTo(store.get(LATENCY.key()));
    }

    @Test
    void aMinuteOlderThanTheWatermark_isCountedLate_andNotScored() {
        run(List.of(at(0, 100), at(1, 100), at(5, 100)));
        BatchStats s = run(List.of(at(3, 100), at(6, 100)));
        assertThat(s.late).isEqualTo(1);
        assertThat(store.get(LATENCY.key()).watermark()).isEqualTo(T0 + 6 * 60_000L);
    }

    @Test
    void aMinuteDeliveredTwice_keepsItsMostCompleteAggregate() {
        MetricDatum partial = at(LATENCY, 0, 50, 2);
        MetricDatum complete = at(LATENCY, 0, 100, 10);
        BatchStats s = run(List.of(partial, complete));
        assertThat(s.duplicates).isEqualTo(1);

        InMemoryBaselineStore alone = new InMemoryBaselineStore();
        new BaselineUpdater(Detectors.standard(), alone, new RecordingPublisher(), StructuredLog.discard())
                .update(List.of(complete), new BatchStats());
        assertThat(store.get(LATENCY.key()).state()).isEqualTo(alone.get(LATENCY.key()).state());
    }

    @Test
    void aConflictingWriter_isRetriedOnTopOfTheOtherWrite_soNoUpdateIsLost() {
        // The store lets another writer save minutes 0..9 between our read and our write, once.
        InMemoryBaselineStore shared = new InMemoryBaselineStore();
        BaselineStore racing = new BaselineStore() {
            boolean raced;

            @Override
            public Map<String, Baseline> loadAll(Collection<String> ids) {
                return shared.loadAll(ids);
            }

            @Override
            public Set<String> saveAll(List<Baseline> baselines) {
                if (!raced) {
                    raced = true;
                    List<MetricDatum> theirs = new ArrayList<>();
                    for (int m = 0; m < 10; m++) {
                        theirs.add(at(m, 100));
                    }
                    new BaselineUpdater(Detectors.standard(), shared, new RecordingPublisher(),
                            StructuredLog.discard()).update(theirs, new BatchStats());
                }
                return shared.saveAll(baselines);
            }
        };
        List<MetricDatum> ours = new ArrayList<>();
        for (int m = 10; m < 20; m++) {
            ours.add(at(m, 100));
        }
        BatchStats s = new BatchStats();
        new BaselineUpdater(Detectors.standard(), racing, new RecordingPublisher(), StructuredLog.discard())
                .update(ours, s);

        Baseline b = shared.get(LATENCY.key());
        assertThat(s.conflictRetries).isEqualTo(1);
        assertThat(b.version()).isEqualTo(2);
        assertThat(b.watermark()).isEqualTo(T0 + 19 * 60_000L);
        assertThat(Detectors.standard().restore(b.state()).observations()).isEqualTo(20);
    }

    @Test
    void aSeriesThatKeepsConflicting_failsTheBatch_soFirehoseRetriesIt() {
        BaselineStore alwaysConflicting = new BaselineStore() {
            @Override
            public Map<String, Baseline> loadAll(Collection<String> ids) {
                return Map.of();
            }

            @Override
            public Set<String> saveAll(List<Baseline> baselines) {
                Set<String> all = new java.util.HashSet<>();
                baselines.forEach(b -> all.add(b.seriesId()));
                return all;
            }
        };
        BaselineUpdater u = new BaselineUpdater(Detectors.standard(), alwaysConflicting, publisher,
                StructuredLog.discard(), 3);
        assertThatThrownBy(() -> u.update(List.of(at(0, 1)), new BatchStats()))
                .isInstanceOf(ConcurrentBaselineUpdateException.class).hasMessageContaining("after 4 attempts");
    }

    @Test
    void anomaliesTheBusRefused_stayInTheOutbox_andGoOutWithTheNextBatch() {
        publisher.down = true;
        BatchStats first = run(quietThenSpike(200));
        assertThat(first.anomalies).isGreaterThanOrEqualTo(1);
        assertThat(first.eventsUndelivered).isEqualTo(first.anomalies);
        assertThat(store.get(LATENCY.key()).outbox()).hasSize((int) first.anomalies);

        publisher.down = false;
        BatchStats next = run(List.of(at(201, 100)));
        assertThat(next.eventsPublished).isEqualTo(first.anomalies);
        assertThat(publisher.delivered).hasSize((int) first.anomalies);
        assertThat(store.get(LATENCY.key()).outbox()).isEmpty();
    }

    @Test
    void aReplayAfterABusOutage_publishesTheKeptAnomalies_withoutRescoring() {
        List<MetricDatum> batch = quietThenSpike(200);
        publisher.down = true;
        run(batch);
        publisher.down = false;
        BatchStats replay = run(batch);
        assertThat(replay.scored).isZero();
        assertThat(replay.eventsPublished).isGreaterThanOrEqualTo(1);
        assertThat(store.get(LATENCY.key()).outbox()).isEmpty();
    }

    @Test
    void aGaugeMinuteWithoutSamples_advancesTheWatermark_butIsNotScored() {
        BatchStats s = run(List.of(at(LATENCY, 0, 0, 0)));
        assertThat(s.noSamples).isEqualTo(1);
        assertThat(store.get(LATENCY.key()).watermark()).isEqualTo(T0);
    }

    @Test
    void anUnreadableStoredState_isRelearned_notFatal() {
        store.saveAll(List.of(new Baseline(LATENCY.key(), 1, T0, new byte[] {42, 1, 2}, List.of())));
        BatchStats s = run(List.of(at(1, 100)));
        assertThat(s.warmingUp).isEqualTo(1);
        assertThat(store.get(LATENCY.key()).version()).isEqualTo(2);
    }

    @Test
    void aContainerThatKeepsItsDetectorsLive_storesExactlyWhatAColdContainerStores() {
        InMemoryBaselineStore cold = new InMemoryBaselineStore();
        for (int batch = 0; batch < 12; batch++) {
            List<MetricDatum> minutes = new ArrayList<>();
            for (int m = batch * 25; m < (batch + 1) * 25; m++) {
                minutes.add(at(m, 100 + (m % 9) + (m == 260 ? 400 : 0)));
            }
            run(minutes);   // one updater: its detectors stay live between batches
            new BaselineUpdater(Detectors.standard(), cold, new RecordingPublisher(), StructuredLog.discard())
                    .update(minutes, new BatchStats());   // a new updater each batch: always restores
            assertThat(store.get(LATENCY.key())).isEqualTo(cold.get(LATENCY.key()));
        }
    }

    @Test
    void aLiveDetector_isNotReused_onceAnotherWriterSavedTheSeries() {
        List<MetricDatum> first = new ArrayList<>();
        List<MetricDatum> theirs = new ArrayList<>();
        List<MetricDatum> later = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            first.add(at(m, 100));
            theirs.add(at(m + 10, 100));
            later.add(at(m + 20, 100));
        }
        run(first);
        new BaselineUpdater(Detectors.standard(), store, new RecordingPublisher(), StructuredLog.discard())
                .update(theirs, new BatchStats());
        run(later);
        assertThat(Detectors.standard().restore(store.get(LATENCY.key()).state()).observations()).isEqualTo(30);
    }
}
