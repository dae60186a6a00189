package dev.vigil.it.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.cost.store.CostStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Period replacement in the CostDaily table, against DynamoDB Local: idempotent, no double counting, newest wins. */
class CostDailyStoreTest {

    static LocalDynamo dynamo;
    static final AtomicInteger TABLES = new AtomicInteger();
    static final java.util.Map<DynamoCostStore, String> TABLE_OF = new java.util.IdentityHashMap<>();
    static final LocalDate FROM = LocalDate.of(2024, 8, 1);
    static final LocalDate TO = LocalDate.of(2024, 10, 31);

    @BeforeAll
    static void start() {
        dynamo = LocalDynamo.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    /** A fresh table per store, so that a "clean run" really starts empty. */
    static DynamoCostStore newStore() {
        String table = "cost-daily-" + TABLES.incrementAndGet();
        CostDailyTable.createIfMissing(dynamo.client(), table);
        DynamoCostStore s = new DynamoCostStore(dynamo.client(), table, new Backoff(1, 5, 8, ms -> { }, 1),
                new CapacityMeter(), () -> Instant.parse("2024-10-02T08:00:00Z"));
        TABLE_OF.put(s, table);
        return s;
    }

    /** A September delivery: {@code days} days of generated CUR 2.0, aggregated. */
    static List<CostFact> delivery(int days, long seed) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.AMORTIZED));
        byte[] gz = BillingFixtures.gzip(BillingFixtures.cur2Csv(
                BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), days, seed)));
        new ExportReader(null).readCsv(new ByteArrayInputStream(gz), "sep.csv.gz", agg, null,
                CsvExportReader.Progress.NONE);
        return agg.result().facts();
    }

    static List<String> canonical(List<CostFact> facts) {
        List<String> out = new ArrayList<>();
        for (CostFact f : facts) {
            out.add(f.grain() + "|" + f.epochDay() + "|" + f.category() + "|" + f.account() + "|" + f.service() + "|"
                    + f.a() + "|" + f.b() + "|" + f.cost());
        }
        out.sort(null);
        return out;
    }

    static double usage(List<CostFact> facts) {
        return facts.stream().filter(f -> f.grain() == CostFact.Grain.DETAIL && f.category() == ChargeCategory.USAGE)
                .mapToDouble(CostFact::cost).sum();
    }

    @Test
    void processingTheSamePeriodTwice_givesTheSameAggregatesAsOneCleanRun() throws IOException {
        List<CostFact> sep = delivery(10, 1);
        DynamoCostStore twice = newStore();
        assertThat(twice.replacePeriod("b/exp", "2024-09", "asm-1", 1_000, sep)).isEqualTo(CostStore.Outcome.REPLACED);
        assertThat(twice.replacePeriod("b/exp", "2024-09", "asm-1", 1_000, sep)).isEqualTo(CostStore.Outcome.UNCHANGED);
        DynamoCostStore once = newStore();
        once.replacePeriod("b/exp", "2024-09", "asm-1", 1_000, sep);

        assertThat(canonical(twice.load("b/exp", FROM, TO))).isEqualTo(canonical(once.load("b/exp", FROM, TO)))
                .isEqualTo(canonical(sep));
    }

    @Test
    void aNewerRewriteAfterAnOlderOne_replacesIt_withoutDoubleCounting() throws IOException {
        List<CostFact> older = delivery(10, 1);    // the morning delivery: 10 days so far
        List<CostFact> newer = delivery(11, 2);    // the afternoon rewrite: 11 days, restated
        DynamoCostStore store = newStore();
        store.replacePeriod("b/exp", "2024-09", "asm-1", 1_000, older);
        assertThat(store.replacePeriod("b/exp", "2024-09", "asm-2", 2_000, newer)).isEqualTo(CostStore.Outcome.REPLACED);
        DynamoCostStore clean = newStore();
        clean.replacePeriod("b/exp", "2024-09", "asm-2", 2_000, newer);

        List<CostFact> loaded = store.load("b/exp", FROM, TO);
        assertThat(canonical(loaded)).isEqualTo(canonical(clean.load("b/exp", FROM, TO)));
        assertThat(usage(loaded)).isCloseTo(usage(newer), org.assertj.core.data.Offset.offset(1e-6));
        // the replaced generation's chunks are gone, not just hidden
        assertThat(dataItems(store, "b/exp", "2024-09", "asm-1")).isZero();
        assertThat(dataItems(store, "b/exp", "2024-09", "asm-2")).isPositive();
    }

    @Test
    void anOlderDeliveryArrivingLate_neverOverwritesANewerOne() throws IOException {
        List<CostFact> older = delivery(10, 1);
        List<CostFact> newer = delivery(11, 2);
        DynamoCostStore store = newStore();
        store.replacePeriod("b/exp", "2024-09", "asm-2", 2_000, newer);
        assertThat(store.replacePeriod("b/exp", "2024-09", "asm-1", 1_000, older)).isEqualTo(CostStore.Outcome.STALE);

        assertThat(canonical(store.load("b/exp", FROM, TO))).isEqualTo(canonical(newer));
        assertThat(dataItems(store, "b/exp", "2024-09", "asm-1")).isZero();
    }

    @Test
    void replacingOnePeriodLeavesTheOthersAlone() throws IOException {
        DynamoCostStore store = newStore();
        List<CostFact> sep = delivery(5, 1);
        List<CostFact> aug = new ArrayList<>();
        for (CostFact f : delivery(5, 3)) {
            aug.add(new CostFact(f.grain(), f.epochDay() - 31, f.category(), f.account(), f.service(), f.a(), f.b(),
                    f.cost()));
        }
        store.replacePeriod("b/exp", "2024-08", "aug-1", 1_000, aug);
        store.replacePeriod("b/exp", "2024-09", "sep-1", 1_000, sep);
        store.replacePeriod("b/exp", "2024-09", "sep-2", 3_000, sep.subList(0, 10));

        List<String> expected = new ArrayList<>(canonical(aug));
        expected.addAll(canonical(sep.subList(0, 10)));
        expected.sort(null);
        assertThat(canonical(store.load("b/exp", FROM, TO))).isEqualTo(expected);
        assertThat(store.exports()).containsExactly("b/exp");
    }

    @Test
    void aLargePeriodIsSplitIntoChunksThatFitAnItem_andReadsBackWhole() {
        List<CostFact> many = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int i = 0; i < 60_000; i++) {
            many.add(new CostFact(CostFact.Grain.RESOURCE, LocalDate.of(2024, 9, 1 + i % 28).toEpochDay(),
                    ChargeCategory.USAGE, "acct" + (i % 7), "svc" + (i % 13),
                    "arn:aws:ec2:us-east-1:123:instance/i-" + Long.toHexString(r.nextLong()), "", r.nextDouble()));
        }
        DynamoCostStore store = newStore();
        store.replacePeriod("b/big", "2024-09", "g1", 1, many);
        assertThat(dataItems(store, "b/big", "2024-09", "g1")).isGreaterThan(1);
        assertThat(canonical(store.load("b/big", FROM, TO))).isEqualTo(canonical(many));
    }

    @Test
    void anAnomalyIsClaimedForPublicationOnce_untilReleased() {
        DynamoCostStore store = newStore();
        assertThat(store.claimPublication("b/exp", "cost:2024-09-18:service:*:AmazonEC2")).isTrue();
        assertThat(store.claimPublication("b/exp", "cost:2024-09-18:service:*:AmazonEC2")).isFalse();
        store.releasePublication("b/exp", "cost:2024-09-18:service:*:AmazonEC2");
        assertThat(store.claimPublication("b/exp", "cost:2024-09-18:service:*:AmazonEC2")).isTrue();
    }

    /** Items under a generation's data partition, read straight from the table. */
    static int dataItems(DynamoCostStore store, String export, String period, String generation) {
        String table = TABLE_OF.get(store);
        return dynamo.client().query(q -> q.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(java.util.Map.of(":p", AttributeValue.builder()
                        .s("DATA#" + export + "#" + period + "#" + generation).build()))).count();
    }
}
