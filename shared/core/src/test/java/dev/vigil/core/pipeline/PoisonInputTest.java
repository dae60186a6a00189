package dev.vigil.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.baseline.Baseline;
import dev.vigil.core.baseline.BaselineStore;
import dev.vigil.core.baseline.InMemoryBaselineStore;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.fakes.RecordingPublisher;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 9, High 2 and Medium 5: one input as large as AWS allows fails alone and never blinds a series. */
class PoisonInputTest {

    static final long T0 = 1_793_577_600_000L;   // 2026-11-01
    static final long NOW = T0 + 1_000 * 60_000L;

    static String line(String ns, String metric, String dimName, String dimValue, long t, double sum) {
        return "{\"account_id\":\"1\",\"region\":\"r\",\"namespace\":\"" + ns + "\",\"metric_name\":\"" + metric
                + "\",\"dimensions\":{\"" + dimName + "\":\"" + dimValue + "\"},\"timestamp\":" + t
                + ",\"value\":{\"max\":1,\"min\":0,\"sum\":" + sum + ",\"count\":60},\"unit\":\"Count\"}\n";
    }

    /** Minutes from..to-1 of one series as one record, with a wobble; {@code override} sets single minutes. */
    static MetricStreamBatch.InputRecord record(String id, String ns, String metric, String dim, int from, int to,
                                                Map<Integer, double[]> override) {
        StringBuilder b = new StringBuilder();
        for (int m = from; m < to; m++) {
            long t = T0 + m * 60_000L;
            double sum = 600 + (m * 7 % 11) * 5;
            double[] o = override.get(m);
            if (o != null) {
                t = o[0] != 0 ? (long) o[0] : t;
                sum = o[1] != 0 ? o[1] : sum;
            }
            b.append(line(ns, metric, dim, "x", t, sum));
        }
        return new MetricStreamBatch.InputRecord(id, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    final InMemoryBaselineStore store = new InMemoryBaselineStore();
    final RecordingPublisher publisher = new RecordingPublisher();
    final MetricStreamBatch batch = new MetricStreamBatch(new CloudWatchJsonFormat(), new BaselineUpdater(
            Detectors.standard(), store, publisher, StructuredLog.discard()), StructuredLog.discard(), List.of(),
            () -> NOW);

    @Test
    void a1e100Value_aMicrosecondTimestamp_andTheCollidingKeyPair_stillLeaveEverySpikeFound() {
        long micros = (T0 + 160 * 60_000L) * 1000;
        BatchStats first = batch.process(List.of(
                record("a1", "AWS/Lambda", "Errors", "FunctionName", 0, 200, Map.of(160, new double[] {0, 6e101})),
                record("b1", "AWS", "Lambda", "Errors/FunctionName", 0, 200, Map.of(160, new double[] {micros, 0}))))
                .stats();
        assertThat(first.futureTimestamps).isEqualTo(1);
        assertThat(first.quarantined).isEqualTo(1);
        assertThat(store.snapshot()).hasSize(2);
        assertThat(store.snapshot().values()).allSatisfy(b -> assertThat(b.watermark()).isLessThan(NOW));

        publisher.delivered.clear();
        batch.process(List.of(
                record("a2", "AWS/Lambda", "Errors", "FunctionName", 200, 400, Map.of(360, new double[] {0, 600_000})),
                record("b2", "AWS", "Lambda", "Errors/FunctionName", 200, 400, Map.of(360, new double[] {0, 600_000}))));
        List<AnomalyEvent> spikes = new ArrayList<>(publisher.delivered);
        assertThat(spikes).extracting(AnomalyEvent::seriesId).containsExactlyInAnyOrder(
                "1/r/AWS/Lambda/Errors/FunctionName=x", "1/r/AWS/Lambda/Errors%2FFunctionName=x");
        assertThat(spikes).allSatisfy(e -> {
            assertThat(e.timestamp()).isEqualTo(T0 + 360 * 60_000L);
            assertThat(e.severity()).isIn("high", "critical");
        });
    }

    @Test
    void aMicrosecondTimestamp_isDroppedAndCounted_neverTheWatermark() {
        long micros = (T0 + 10 * 60_000L) * 1000;
        BatchStats s = batch.process(List.of(record("r", "AWS/Lambda", "Errors", "FunctionName", 0, 20,
                Map.of(10, new double[] {micros, 0})))).stats();
        assertThat(s.futureTimestamps).isEqualTo(1);
        assertThat(s.recordsOk).isEqualTo(1);
        assertThat(store.snapshot().values().iterator().next().watermark()).isEqualTo(T0 + 19 * 60_000L);
    }

    @Test
    void aSeriesTheStoreRefuses_failsOnlyTheRecordsHoldingIt() {
        BaselineStore refusesLongKeys = new BaselineStore() {
            @Override
            public Map<String, Baseline> loadAll(Collection<String> ids) {
                throw new AssertionError("the updater asks with a refused set");
            }

            @Override
            public Set<String> saveAll(List<Baseline> baselines) {
                throw new AssertionError("the updater asks with a refused set");
            }

            @Override
            public Map<String, Baseline> loadAll(Collection<String> ids, Set<String> refused) {
                ids.stream().filter(k -> k.length() > 100).forEach(refused::add);
                return store.loadAll(ids.stream().filter(k -> k.length() <= 100).toList());
            }

            @Override
            public Set<String> saveAll(List<Baseline> baselines, Set<String> refused) {
                return store.saveAll(baselines);
            }
        };
        MetricStreamBatch b = new MetricStreamBatch(new CloudWatchJsonFormat(), new BaselineUpdater(
                Detectors.standard(), refusesLongKeys, publisher, StructuredLog.discard()), StructuredLog.discard(),
                List.of(), () -> NOW);
        var out = b.process(List.of(
                record("normal", "AWS/Lambda", "Errors", "FunctionName", 0, 5, Map.of()),
                record("long", "AWS/Lambda", "Errors", "F".repeat(200), 0, 5, Map.of()),
                MetricStreamBatch.InputRecord.undecodable("garbled")));
        assertThat(out.records()).extracting(MetricStreamBatch.OutputRecord::result).containsExactly(
                MetricStreamBatch.Result.Ok, MetricStreamBatch.Result.ProcessingFailed,
                MetricStreamBatch.Result.ProcessingFailed);
        assertThat(out.stats().seriesRefused).isEqualTo(1);
        assertThat(out.stats().recordsOk).isEqualTo(1);
        assertThat(out.stats().recordsFailed).isEqualTo(2);
        assertThat(store.snapshot()).hasSize(1);
    }
}
