package dev.vigil.core.cost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.read.BadRows;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.log.StructuredLog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CostPipelineTest {

    /** A publisher that records, and fails the first N calls (the bus being down). */
    static final class RecordingPublisher implements CostAnomalyPublisher {
        final List<String> published = new ArrayList<>();
        int failures;

        @Override
        public Set<String> publish(String exportId, List<CostAnomaly> anomalies, String currency) {
            if (failures > 0) {
                failures--;
                Set<String> all = new java.util.HashSet<>();
                anomalies.forEach(a -> all.add(a.id()));
                return all;
            }
            anomalies.forEach(a -> published.add(a.id()));
            return Set.of();
        }
    }

    static List<CostFact> spikeOn(LocalDate spike) {
        List<CostFact> f = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2024, 7, 1); !d.isAfter(LocalDate.of(2024, 9, 30)); d = d.plusDays(1)) {
            f.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.USAGE, "1", "AmazonEC2",
                    "us-east-1", "Box", 1000 * (1 + 0.01 * Math.sin(d.getDayOfMonth())) + (d.equals(spike) ? 800 : 0)));
        }
        return f;
    }

    static CostReport.Input input() {
        return new CostReport.Input(0, new BadRows(), List.of(), Set.of(), false, 0, 0, List.of());
    }

    @Test
    void eachAnomalyIsPublishedOnce_acrossRewrites_andRetriedAfterAFailedDelivery() {
        InMemoryCostStore store = new InMemoryCostStore();
        RecordingPublisher bus = new RecordingPublisher();
        Map<String, Map<String, byte[]>> reports = new HashMap<>();
        ReportSink sink = (prefix, files) -> {
            reports.put(prefix, files);
            return "mem://" + prefix;
        };
        CostPipeline p = new CostPipeline(store, bus, sink, CostSettings.defaults(), StructuredLog.discard(),
                () -> Instant.parse("2024-10-01T12:00:00Z"));
        store.replacePeriod("b/e", "2024-09", "a1", 1, spikeOn(LocalDate.of(2024, 9, 28)));

        bus.failures = 1;
        CostPipeline.Analysis first = p.analyse("b/e", input(), "reports/b/e/latest");
        assertThat(first.undelivered()).containsExactly("cost:2024-09-28:service:*:AmazonEC2");
        assertThat(bus.published).isEmpty();

        CostPipeline.Analysis second = p.analyse("b/e", input(), "reports/b/e/latest");
        assertThat(second.published()).extracting(CostAnomaly::id).containsExactly("cost:2024-09-28:service:*:AmazonEC2");
        CostPipeline.Analysis third = p.analyse("b/e", input(), "reports/b/e/latest");
        assertThat(third.published()).isEmpty();
        assertThat(bus.published).containsExactly("cost:2024-09-28:service:*:AmazonEC2");
        assertThat(reports.get("reports/b/e/latest")).containsKey("report.html");
        assertThat(third.reportLocation()).isEqualTo("mem://reports/b/e/latest");
    }

    @Test
    void theInMemoryStoreFollowsTheSameReplacementRules() {
        InMemoryCostStore s = new InMemoryCostStore();
        List<CostFact> a = spikeOn(LocalDate.of(2024, 9, 1));
        assertThat(s.replacePeriod("e", "2024-09", "b", 10, a)).isEqualTo(CostStore.Outcome.REPLACED);
        assertThat(s.replacePeriod("e", "2024-09", "b", 10, a)).isEqualTo(CostStore.Outcome.UNCHANGED);
        assertThat(s.replacePeriod("e", "2024-09", "a", 10, List.of())).isEqualTo(CostStore.Outcome.STALE);
        assertThat(s.replacePeriod("e", "2024-09", "c", 9, List.of())).isEqualTo(CostStore.Outcome.STALE);
        assertThat(s.replacePeriod("e", "2024-09", "c", 11, List.of())).isEqualTo(CostStore.Outcome.REPLACED);
        assertThat(s.load("e", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))).isEmpty();
    }

    @Test
    void factChunksRoundTrip_andAreDeterministic() {
        List<CostFact> f = new ArrayList<>(spikeOn(LocalDate.of(2024, 9, 1)));
        f.add(new CostFact(CostFact.Grain.TAG, 1, ChargeCategory.TAX, "a\tb", "s\\x", "k\nv", "", -1.5e-9));
        List<byte[]> c1 = FactCodec.encode(f, 400);
        java.util.Collections.reverse(f);
        List<byte[]> c2 = FactCodec.encode(f, 400);
        assertThat(c1).hasSizeGreaterThan(1).hasSameSizeAs(c2);
        for (int i = 0; i < c1.size(); i++) {
            assertThat(c1.get(i)).isEqualTo(c2.get(i)).hasSizeLessThanOrEqualTo(400);
        }
        List<CostFact> back = new ArrayList<>();
        c1.forEach(c -> back.addAll(FactCodec.decode(c)));
        assertThat(back).containsExactlyInAnyOrderElementsOf(f);
    }

    @Test
    void settingsFailFastNamingTheVariable() {
        var env = dev.vigil.core.config.Env.of(Map.of("COST_ABS_THRESHOLD", "ten"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CostSettings.from(env))
                .hasMessageContaining("COST_ABS_THRESHOLD");
        var env2 = dev.vigil.core.config.Env.of(Map.of("COST_THRESHOLDS", "service:x=abc"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CostSettings.from(env2))
                .hasMessageContaining("COST_THRESHOLDS");
        assertThat(CostSettings.from(dev.vigil.core.config.Env.of(Map.of("COST_METRIC", "unblended"))).metric())
                .isEqualTo(dev.vigil.core.cost.CostMetric.UNBLENDED);
    }
}
