package dev.vigil.bench;

import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.read.Ascii;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.parquet.ParquetExportDecoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Billing reader benchmark (not a unit test; run by bench/billing-bench.sh). Modes:
 * <ul>
 *   <li>{@code gen FILE ROWS}: a CUR 2.0 CSV.gz with the full column list and realistic values</li>
 *   <li>{@code bare FILE}: split-and-sum of line_item_unblended_cost over Java's GZIPInputStream (the floor)</li>
 *   <li>{@code vigil FILE}: Vigil's reader + normaliser + aggregator (daily detail, resources, tags, hourly)</li>
 *   <li>{@code duckdb FILE}: DuckDB JDBC, one thread, the same daily aggregation (GROUP BY day, account, service,
 *       region, usage type, line item type)</li>
 *   <li>{@code topq FILE OUT}: DuckDB writes the CSV.gz as Parquet (snappy), for the Parquet comparison</li>
 *   <li>{@code all FILE PARQUET REPEATS}: bare, vigil, duckdb on CSV.gz, then vigil and duckdb on Parquet, in the
 *       same JVM, alternating, best of REPEATS</li>
 * </ul>
 * Every mode prints one line: mode, seconds, MB/s of uncompressed CSV, rows, a checksum (to keep the JIT honest
 * and to show the engines agree), peak heap.
 */
public final class BillingBench {

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "gen" -> gen(Path.of(a[1]), Long.parseLong(a[2]));
            case "bare" -> print("bare split+sum", a[1], () -> bare(Path.of(a[1])));
            case "vigil" -> print("vigil csv.gz", a[1], () -> vigil(Path.of(a[1])));
            case "vigil-parquet" -> print("vigil parquet", a[1], () -> vigilParquet(Path.of(a[1])));
            case "duckdb" -> print("duckdb csv.gz 1t", a[1], () -> duckdb("read_csv('" + a[1] + "', header=true)"));
            case "duckdb-parquet" -> print("duckdb parquet 1t", a[1], () -> duckdb("read_parquet('" + a[1] + "')"));
            case "topq" -> toParquet(a[1], a[2]);
            case "all" -> all(a[1], a[2], Integer.parseInt(a[3]));
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    interface Job {
        double[] run() throws Exception;   // {rows, checksum}
    }

    static long uncompressed = -1;

    /**
     * Wall time, and the process's CPU time (all threads: JIT, GC, DuckDB's own): on a machine shared with other
     * work, CPU seconds are the stable measure, so MB/s is reported per CPU second as well.
     */
    static void print(String name, String file, Job job) throws Exception {
        int passes = Integer.getInteger("passes", 1);
        for (int i = 1; i <= passes; i++) {
            printOne(passes == 1 ? name : name + " #" + i, file, job);
        }
    }

    static void printOne(String name, String file, Job job) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        double[] r = job.run();
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        double mb = uncompressedBytes(file) / 1e6;
        System.out.printf(Locale.ROOT, "%-20s wall %6.2f s %7.1f MB/s | cpu %6.2f s %7.1f MB/cpu-s | %,10.0f rows"
                        + "  sum %.4f  heap-peak %,d MB  rss-peak %,d MB%n",
                name, s, mb / s, cpu, mb / cpu, r[0], r[1], peakHeapMb(), rssPeakMb());
    }

    /** Uncompressed size of the CSV the file came from (the .size sidecar written by gen). */
    static long uncompressedBytes(String file) throws IOException {
        Path side = Path.of(file.replaceAll("\\.(csv\\.gz|parquet)$", "") + ".size");
        return Files.exists(side) ? Long.parseLong(Files.readString(side).trim()) : Files.size(Path.of(file));
    }

    static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    static long rssPeakMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------ the contenders

    static double[] bare(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 256 * 1024)) {
            byte[] buf = new byte[1 << 20];
            // find the cost column from the header
            int costCol = -1;
            int col = 0;
            boolean inQ = false;
            boolean header = true;
            int fieldStart = 0;
            double sum = 0;
            double lineCost = 0;
            long rows = 0;
            int n;
            int keep = 0;
            while ((n = in.read(buf, keep, buf.length - keep)) > 0 || keep > 0) {
                int lim = keep + Math.max(n, 0);
                int p = 0;
                int lineStart = 0;
                col = 0;
                fieldStart = 0;
                inQ = false;
                boolean complete = false;
                for (; p < lim; p++) {
                    byte c = buf[p];
                    if (c == '"') {
                        inQ = !inQ;
                    } else if (!inQ && (c == ',' || c == '\n')) {
                        if (header) {
                            if (new String(buf, fieldStart, p - fieldStart, StandardCharsets.US_ASCII)
                                    .equals("line_item_unblended_cost")) {
                                costCol = col;
                            }
                        } else if (col == costCol) {
                            // counted when the line ends: a line cut by the buffer end is scanned again
                            lineCost = Ascii.parseDouble(buf, fieldStart, p);
                        }
                        col++;
                        fieldStart = p + 1;
                        if (c == '\n') {
                            if (header) {
                                header = false;
                            } else {
                                rows++;
                                if (!Double.isNaN(lineCost)) {
                                    sum += lineCost;
                                }
                                lineCost = 0;
                            }
                            col = 0;
                            lineStart = p + 1;
                        }
                    }
                }
                keep = lim - lineStart;
                System.arraycopy(buf, lineStart, buf, 0, keep);
                if (n <= 0) {
                    break;
                }
            }
            return new double[] {rows, sum};
        }
    }

    static double[] vigil(Path file) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.UNBLENDED));
        new ExportReader(null).readFile(file, agg, null, CsvExportReader.Progress.NONE);
        var r = agg.result();
        double sum = r.facts().stream().filter(f -> f.grain() == dev.vigil.core.cost.CostFact.Grain.DETAIL)
                .mapToDouble(dev.vigil.core.cost.CostFact::cost).sum();
        System.err.printf("  vigil: %,d keys, %,d facts, bad %d%n", agg.keys(), r.facts().size(), r.badRows().count());
        return new double[] {r.rows(), sum};
    }

    static double[] vigilParquet(Path file) throws IOException {
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.UNBLENDED));
        new ExportReader(new ParquetExportDecoder()).readFile(file, agg, null, CsvExportReader.Progress.NONE);
        var r = agg.result();
        double sum = r.facts().stream().filter(f -> f.grain() == dev.vigil.core.cost.CostFact.Grain.DETAIL)
                .mapToDouble(dev.vigil.core.cost.CostFact::cost).sum();
        return new double[] {r.rows(), sum};
    }

    static final String DAILY = "SELECT count(*) AS k, sum(c) AS s, sum(n) AS n FROM (SELECT "
            + "date_trunc('day', CAST(line_item_usage_start_date AS TIMESTAMP)) d, line_item_usage_account_id, "
            + "line_item_product_code, product_region_code, line_item_usage_type, line_item_line_item_type, "
            + "sum(CAST(line_item_unblended_cost AS DOUBLE)) c, count(*) n FROM %s GROUP BY ALL)";

    static double[] duckdb(String source) throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads=1");
            s.execute("SET preserve_insertion_order=false");
            try (ResultSet r = s.executeQuery(String.format(DAILY, source))) {
                r.next();
                System.err.printf("  duckdb: %,d groups%n", r.getLong(1));
                return new double[] {r.getLong(3), r.getDouble(2)};
            }
        }
    }

    static void toParquet(String csv, String parquet) throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_csv('" + csv + "', header=true)) TO '" + parquet
                    + "' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)");
        }
        Files.writeString(Path.of(parquet.replaceAll("\\.parquet$", "") + ".size"),
                Long.toString(uncompressedBytes(csv)));
    }

    static void all(String csv, String parquet, int repeats) throws Exception {
        for (int i = 0; i < repeats; i++) {
            System.out.println("-- round " + (i + 1));
            print("bare split+sum", csv, () -> bare(Path.of(csv)));
            print("vigil csv.gz", csv, () -> vigil(Path.of(csv)));
            print("duckdb csv.gz 1t", csv, () -> duckdb("read_csv('" + csv + "', header=true)"));
            print("vigil parquet", parquet, () -> vigilParquet(Path.of(parquet)));
            print("duckdb parquet 1t", parquet, () -> duckdb("read_parquet('" + parquet + "')"));
        }
    }

    // ------------------------------------------------------------------------------------------ the data

    /** The CUR 2.0 columns (Data Exports' fixed schema, less the split-cost-allocation ones). */
    static final String[] COLUMNS = ("bill_bill_type,bill_billing_entity,bill_billing_period_end_date,"
            + "bill_billing_period_start_date,bill_invoice_id,bill_invoicing_entity,bill_payer_account_id,"
            + "bill_payer_account_name,cost_category,discount,discount_bundled_discount,discount_total_discount,"
            + "identity_line_item_id,identity_time_interval,line_item_availability_zone,line_item_blended_cost,"
            + "line_item_blended_rate,line_item_currency_code,line_item_legal_entity,line_item_line_item_description,"
            + "line_item_line_item_type,line_item_net_unblended_cost,line_item_net_unblended_rate,"
            + "line_item_normalization_factor,line_item_normalized_usage_amount,line_item_operation,"
            + "line_item_product_code,line_item_resource_id,line_item_tax_type,line_item_unblended_cost,"
            + "line_item_unblended_rate,line_item_usage_account_id,line_item_usage_account_name,"
            + "line_item_usage_amount,line_item_usage_end_date,line_item_usage_start_date,line_item_usage_type,"
            + "pricing_currency,pricing_lease_contract_length,pricing_offering_class,pricing_public_on_demand_cost,"
            + "pricing_public_on_demand_rate,pricing_purchase_option,pricing_rate_code,pricing_rate_id,pricing_term,"
            + "pricing_unit,product,product_comment,product_fee_code,product_fee_description,product_from_location,"
            + "product_from_location_type,product_from_region_code,product_instance_family,product_instance_type,"
            + "product_instancesku,product_location,product_location_type,product_operation,product_pricing_unit,"
            + "product_product_family,product_region_code,product_servicecode,product_sku,product_to_location,"
            + "product_to_location_type,product_to_region_code,product_usagetype,reservation_amortized_upfront_cost_for_usage,"
            + "reservation_amortized_upfront_fee_for_billing_period,reservation_availability_zone,"
            + "reservation_effective_cost,reservation_end_time,reservation_modification_status,"
            + "reservation_net_amortized_upfront_cost_for_usage,reservation_net_amortized_upfront_fee_for_billing_period,"
            + "reservation_net_effective_cost,reservation_net_recurring_fee_for_usage,"
            + "reservation_net_unused_amortized_upfront_fee_for_billing_period,reservation_net_unused_recurring_fee,"
            + "reservation_net_upfront_value,reservation_normalized_units_per_reservation,"
            + "reservation_number_of_reservations,reservation_recurring_fee_for_usage,reservation_reservation_a_r_n,"
            + "reservation_start_time,reservation_subscription_id,reservation_total_reserved_normalized_units,"
            + "reservation_total_reserved_units,reservation_units_per_reservation,"
            + "reservation_unused_amortized_upfront_fee_for_billing_period,reservation_unused_normalized_unit_quantity,"
            + "reservation_unused_quantity,reservation_unused_recurring_fee,reservation_upfront_value,resource_tags,"
            + "savings_plan_amortized_upfront_commitment_for_billing_period,savings_plan_end_time,"
            + "savings_plan_instance_type_family,savings_plan_net_amortized_upfront_commitment_for_billing_period,"
            + "savings_plan_net_recurring_commitment_for_billing_period,savings_plan_net_savings_plan_effective_cost,"
            + "savings_plan_offering_type,savings_plan_payment_option,savings_plan_purchase_term,"
            + "savings_plan_recurring_commitment_for_billing_period,savings_plan_region,savings_plan_savings_plan_a_r_n,"
            + "savings_plan_savings_plan_effective_cost,savings_plan_savings_plan_rate,savings_plan_start_time,"
            + "savings_plan_total_commitment_to_date,savings_plan_used_commitment").split(",");

    static void gen(Path file, long rows) throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        String[] services = {"AmazonEC2", "AmazonS3", "AmazonRDS", "AWSLambda", "AmazonDynamoDB", "AmazonCloudWatch",
            "AmazonVPC", "AmazonEKS", "AmazonECS", "AWSELB", "AmazonSNS", "AWSQueueService", "AmazonKinesis",
            "AmazonES", "AWSGlue", "AmazonSageMaker", "AmazonBedrock", "AWSDataTransfer"};
        String[] regions = {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
            "ap-northeast-1", "sa-east-1"};
        String[] types = {"Usage", "Usage", "Usage", "Usage", "Usage", "Usage", "DiscountedUsage",
            "SavingsPlanCoveredUsage", "SavingsPlanNegation", "Tax", "Credit"};
        String[] teams = {"platform", "data", "web", "ml", "search", "payments", "growth", "infra"};
        int[] col = new int[COLUMNS.length];
        java.util.Map<String, Integer> idx = new java.util.HashMap<>();
        for (int i = 0; i < COLUMNS.length; i++) {
            idx.put(COLUMNS[i], i);
        }
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
        LocalDateTime month = LocalDate.of(2024, 9, 1).atStartOfDay();
        long bytes = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file),
                1 << 16), StandardCharsets.UTF_8), 1 << 20)) {
            String header = String.join(",", COLUMNS) + "\n";
            w.write(header);
            bytes += header.length();
            String[] v = new String[COLUMNS.length];
            StringBuilder line = new StringBuilder(2048);
            // Realistic shape: a fleet of resources, each with a fixed account, service, region, usage type and tags,
            // emitting one line item per hour it runs (CUR hourly granularity), hour by hour like an export.
            int fleet = (int) Math.max(50, rows / (720 * 0.7));
            String[][] res = new String[fleet][];
            for (int k = 0; k < fleet; k++) {
                String svc = services[(int) Math.min(services.length - 1, Math.abs(r.nextGaussian()) * 5)];
                String acct = String.format("%012d", 100000000000L + r.nextInt(25) * 7919L);
                String region = regions[r.nextInt(regions.length)];
                String ut = region.substring(0, 2).toUpperCase(Locale.ROOT) + r.nextInt(3) + "-"
                        + svc.substring(0, Math.min(6, svc.length())) + "-Usage" + r.nextInt(6);
                String id = svc.equals("AmazonEC2") ? "i-0" + Long.toHexString(r.nextLong() >>> 8)
                        : "arn:aws:" + svc.toLowerCase(Locale.ROOT) + ":" + region + ":" + acct + ":r/" + k;
                String tags = teams[r.nextInt(teams.length)] + "|" + (r.nextInt(4) == 0 ? "dev" : "prod");
                String type = types[r.nextInt(types.length)];
                res[k] = new String[] {svc, acct, region, ut, id, tags, type,
                    Double.toString(Math.exp(r.nextGaussian() * 1.5 - 2))};
            }
            long written = 0;
            for (int hour = 0; written < rows; hour = (hour + 1) % 720) {
                for (int k = 0; k < fleet && written < rows; k++) {
                    if (r.nextInt(10) >= 7) {
                        continue;   // not running this hour
                    }
                    written++;
                java.util.Arrays.fill(v, "");
                String svc = res[k][0];
                String acct = res[k][1];
                String region = res[k][2];
                String ut = res[k][3];
                String type = res[k][6];
                LocalDateTime start = month.plusHours(hour);
                double cost = Math.round(Double.parseDouble(res[k][7]) * (0.8 + 0.4 * r.nextDouble()) * 1e8) / 1e8;
                String resId = res[k][4];
                String team = res[k][5].substring(0, res[k][5].indexOf('|'));
                String env = res[k][5].substring(res[k][5].indexOf('|') + 1);
                v[idx.get("bill_bill_type")] = "Anniversary";
                v[idx.get("bill_billing_entity")] = "AWS";
                v[idx.get("bill_billing_period_start_date")] = "2024-09-01T00:00:00Z";
                v[idx.get("bill_billing_period_end_date")] = "2024-10-01T00:00:00Z";
                v[idx.get("bill_invoicing_entity")] = "\"Amazon Web Services, Inc.\"";
                v[idx.get("bill_payer_account_id")] = "100000000000";
                v[idx.get("bill_payer_account_name")] = "Example Corp";
                v[idx.get("cost_category")] = "\"{\"\"cost_center\"\":\"\"cc-" + r.nextInt(20) + "\"\"}\"";
                v[idx.get("identity_line_item_id")] = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
                v[idx.get("identity_time_interval")] = iso.format(start) + "/" + iso.format(start.plusHours(1));
                v[idx.get("line_item_availability_zone")] = region + "a";
                v[idx.get("line_item_blended_cost")] = Double.toString(cost);
                v[idx.get("line_item_currency_code")] = "USD";
                v[idx.get("line_item_legal_entity")] = "\"Amazon Web Services, Inc.\"";
                v[idx.get("line_item_line_item_description")] = "\"$0.096 per On Demand Linux m5.large Instance Hour, "
                        + region + "\"";
                v[idx.get("line_item_line_item_type")] = type;
                v[idx.get("line_item_net_unblended_cost")] = Double.toString(cost);
                v[idx.get("line_item_operation")] = "RunInstances";
                v[idx.get("line_item_product_code")] = svc;
                v[idx.get("line_item_resource_id")] = resId;
                v[idx.get("line_item_unblended_cost")] = Double.toString(cost);
                v[idx.get("line_item_unblended_rate")] = "0.096";
                v[idx.get("line_item_usage_account_id")] = acct;
                v[idx.get("line_item_usage_account_name")] = "team-" + acct.substring(8);
                v[idx.get("line_item_usage_amount")] = Double.toString(Math.round(cost * 1e4) / 1e3);
                v[idx.get("line_item_usage_start_date")] = iso.format(start);
                v[idx.get("line_item_usage_end_date")] = iso.format(start.plusHours(1));
                v[idx.get("line_item_usage_type")] = ut;
                v[idx.get("pricing_public_on_demand_cost")] = Double.toString(cost);
                v[idx.get("pricing_term")] = "OnDemand";
                v[idx.get("pricing_unit")] = "Hrs";
                v[idx.get("product")] = "\"{\"\"region\"\":\"\"" + region + "\"\",\"\"servicecode\"\":\"\"" + svc
                        + "\"\",\"\"product_name\"\":\"\"" + svc + "\"\"}\"";
                v[idx.get("product_product_family")] = "Compute Instance";
                v[idx.get("product_region_code")] = region;
                v[idx.get("product_servicecode")] = svc;
                v[idx.get("product_sku")] = Long.toHexString(r.nextLong()).toUpperCase(Locale.ROOT);
                v[idx.get("product_usagetype")] = ut;
                v[idx.get("resource_tags")] = "\"{\"\"user_team\"\":\"\"" + team
                        + "\"\",\"\"user_env\"\":\"\"" + env + "\"\"}\"";
                if (type.equals("SavingsPlanCoveredUsage")) {
                    v[idx.get("savings_plan_savings_plan_effective_cost")] = Double.toString(cost * 0.7);
                    v[idx.get("savings_plan_savings_plan_a_r_n")] = "arn:aws:savingsplans::100000000000:savingsplan/x";
                }
                if (type.equals("DiscountedUsage")) {
                    v[idx.get("reservation_effective_cost")] = Double.toString(cost * 0.6);
                    v[idx.get("reservation_reservation_a_r_n")] = "arn:aws:ec2:us-east-1:100000000000:ri/x";
                }
                line.setLength(0);
                for (int c = 0; c < v.length; c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    line.append(v[c]);
                }
                line.append('\n');
                w.append(line);
                bytes += line.length();
                }
            }
        }
        Files.writeString(Path.of(file.toString().replaceAll("\\.csv\\.gz$", "") + ".size"), Long.toString(bytes));
        System.out.printf(Locale.ROOT, "generated %s: %,d rows, %,d MB uncompressed, %,d MB gzip%n", file, rows,
                bytes >> 20, Files.size(file) >> 20);
    }
}
