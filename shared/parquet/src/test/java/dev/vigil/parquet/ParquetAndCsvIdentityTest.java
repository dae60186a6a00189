package dev.vigil.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.BillingFixtures.Item;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same generated CUR 2.0 line items, written by this test as CSV.gz and as Parquet (every page layout a writer
 * produces: V1 and V2 pages, dictionary, plain, and a dictionary that falls back to plain part way), read through
 * both readers: the aggregates must be identical — the same facts in the same order with bit-identical sums, not
 * merely close. Amounts are full-precision doubles (up to 17 significant digits in the CSV), as computed exports
 * write them.
 */
class ParquetAndCsvIdentityTest {

    @TempDir
    Path dir;

    /** A fleet of resources, each with fixed account, service, region, usage type and tags, hour by hour. */
    static List<Item> fleet(int resources, int days, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] services = {"AmazonEC2", "AmazonS3", "AmazonRDS", "AWSLambda", "AmazonDynamoDB"};
        String[] regions = {"us-east-1", "eu-west-1", "ap-southeast-2", "US-WEST-2"};
        String[] types = {"Usage", "Usage", "Usage", "SavingsPlanCoveredUsage", "SavingsPlanNegation", "Tax",
            "Credit", "RIFee"};
        String[] teams = {"data", "web", "ml", "platform"};
        List<Item> items = new ArrayList<>();
        Object[][] res = new Object[resources][];
        for (int k = 0; k < resources; k++) {
            String svc = services[r.nextInt(services.length)];
            String acct = String.format(Locale.ROOT, "%012d", 100000000000L + r.nextInt(7) * 7919L);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("team", teams[r.nextInt(teams.length)]);
            if (r.nextInt(3) == 0) {
                tags.put("env", r.nextBoolean() ? "prod" : "dev");
            }
            res[k] = new Object[] {svc, acct, regions[r.nextInt(regions.length)], svc + "-Usage" + r.nextInt(4),
                "arn:aws:" + svc.toLowerCase(Locale.ROOT) + ":" + acct + ":r/" + k, types[r.nextInt(types.length)],
                Math.exp(r.nextGaussian() * 1.5 - 2), tags};
        }
        LocalDate start = LocalDate.of(2024, 8, 28);
        for (int d = 0; d < days; d++) {
            for (int h = 0; h < 24; h++) {
                for (Object[] x : res) {
                    if (r.nextInt(10) >= 6) {
                        continue;   // not running this hour
                    }
                    double unblended = (double) x[6] * (0.8 + 0.4 * r.nextDouble());
                    String type = (String) x[5];
                    double amortised = type.equals("SavingsPlanCoveredUsage") ? unblended * 0.7
                            : type.equals("RIFee") ? unblended * 0.3 : unblended;
                    @SuppressWarnings("unchecked")
                    Map<String, String> tags = (Map<String, String>) x[7];
                    items.add(new Item(start.plusDays(d), h, (String) x[1], (String) x[0], (String) x[2],
                            (String) x[3], (String) x[4], type, unblended, amortised, tags));
                }
            }
        }
        return items;
    }

    /** CUR 2.0 CSV with the amounts as Java writes doubles (shortest exact form), the columns of the fixtures. */
    static String cur2Csv(List<Item> items) {
        StringBuilder sb = new StringBuilder(String.join(",", BillingFixtures.CUR2_HEADER)).append('\n');
        int i = 0;
        for (Item it : items) {
            boolean sp = it.type().equals("SavingsPlanCoveredUsage");
            boolean ri = it.type().equals("RIFee");
            Map<String, String> tags = new LinkedHashMap<>();
            it.tags().forEach((k, v) -> tags.put("user_" + k, v));
            String json = BillingFixtures.json(tags).replace("\"", "\"\"");
            sb.append(it.day().withDayOfMonth(1)).append("T00:00:00.000Z,\"Payer, Inc.\",li").append(i++).append(',')
                    .append(it.account()).append(',').append(it.type()).append(',').append(it.start()).append(',')
                    .append(it.end()).append(',').append(it.service()).append(',').append(it.usageType()).append(',')
                    .append(it.resource()).append(',').append(it.unblended()).append(",USD,\"{\"\"region\"\":\"\"")
                    .append(it.region()).append("\"\"}\",").append(it.region()).append(',')
                    .append(ri ? Double.toString(it.amortised() * 0.6) : "").append(',')
                    .append(ri ? Double.toString(it.amortised() * 0.4) : "").append(",\"").append(json).append("\",")
                    .append(sp ? Double.toString(it.amortised()) : "").append('\n');
        }
        return sb.toString();
    }

    static List<String> facts(Path file, CostMetric metric) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(metric));
        new ExportReader(new ParquetExportDecoder()).readFile(file, agg, null, CsvExportReader.Progress.NONE);
        CostAggregate a = agg.result();
        assertThat(a.badRows().count()).isZero();
        List<String> out = new ArrayList<>();
        for (CostFact f : a.facts()) {
            out.add(f.grain() + "|" + f.epochDay() + "|" + f.category() + "|" + f.account() + "|" + f.service() + "|"
                    + f.a() + "|" + f.b() + "|" + Double.doubleToRawLongBits(f.cost()));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(ParquetFixtures.Pages.class)
    void theSameGeneratedExportGivesIdenticalAggregatesFromCsvGzAndFromParquet(ParquetFixtures.Pages pages)
            throws IOException {
        List<Item> items = fleet(60, 4, 11);
        Path csv = dir.resolve("cur2-00001.csv.gz");
        Files.write(csv, BillingFixtures.gzip(cur2Csv(items)));
        Path parquet = dir.resolve("cur2-00001.snappy.parquet");
        ParquetFixtures.writeCur2(parquet, items, CompressionCodecName.SNAPPY, pages);

        for (CostMetric metric : CostMetric.values()) {
            List<String> fromCsv = facts(csv, metric);
            List<String> fromParquet = facts(parquet, metric);
            assertThat(fromCsv).as("facts").hasSizeGreaterThan(1000);
            assertThat(fromCsv.stream().filter(f -> f.startsWith("DETAIL|")).count()).as("daily facts")
                    .isGreaterThan(100);
            assertThat(fromParquet).as(metric + ", " + pages).containsExactlyElementsOf(fromCsv);
        }
    }
}
