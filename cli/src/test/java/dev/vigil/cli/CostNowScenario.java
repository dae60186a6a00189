package dev.vigil.cli;

import dev.vigil.core.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The generated end-to-end scenario of issue 13 (seeded, so every run writes the same files):
 * <ul>
 *   <li>account 123456789012 has run ~$400/day of EC2 and ~$150/day of RDS for 35 days;</li>
 *   <li>on 2026-11-16 at 10:05 alice runs eight p4d.24xlarge (a training run) that keep running;</li>
 *   <li>at 11:00 carol creates a 4-node ra3.4xlarge Redshift cluster, which reserved nodes cover: the export
 *       shows no Redshift usage cost, so the estimate is retracted;</li>
 *   <li>at 14:00 bob runs one m5.large for an hour (a test), below the thresholds;</li>
 *   <li>the export delivered on 2026-11-17 at 06:10 (a CUR 2.0 CSV) covers the 16th completely.</li>
 * </ul>
 * {@code main(dir)} writes it (events/cost-now/scenario was written so).
 */
final class CostNowScenario {

    static final String ACCT = "123456789012";
    static final LocalDate D = LocalDate.of(2026, 11, 16);
    static final Instant EXPORT_AT = Instant.parse("2026-11-17T06:10:00Z");
    static final String ALICE = "arn:aws:sts::123456789012:assumed-role/ml-team/alice";
    static final String BOB = "arn:aws:iam::123456789012:user/bob";
    static final String CAROL = "arn:aws:sts::123456789012:assumed-role/analytics/carol";

    private CostNowScenario() {
    }

    public static void main(String[] a) throws IOException {
        write(Path.of(a[0]));
    }

    /** Writes {@code cloudtrail.ndjson} and {@code export/} (with the export's delivery time as mtime). */
    static void write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("export"));
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> p4d = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            p4d.add(instance("i-0p4d00000000000" + i, "p4d.24xlarge"));
        }
        lines.add(event("aws.ec2", "ec2.amazonaws.com", "RunInstances", "2026-11-16T10:05:00Z", ALICE,
                map("instanceType", "p4d.24xlarge", "instancesSet", map("items", List.of(map("imageId",
                        "ami-0abcdef1234567890", "minCount", 8, "maxCount", 8)))),
                map("reservationId", "r-0p4d", "ownerId", ACCT, "instancesSet", map("items", p4d))));
        lines.add(event("aws.redshift", "redshift.amazonaws.com", "CreateCluster", "2026-11-16T11:00:00Z", CAROL,
                map("clusterIdentifier", "analytics", "nodeType", "ra3.4xlarge", "clusterType", "multi-node",
                        "numberOfNodes", 4, "masterUsername", "admin", "masterUserPassword",
                        "HIDDEN_DUE_TO_SECURITY_REASONS"),
                map("clusterIdentifier", "analytics", "nodeType", "ra3.4xlarge", "clusterStatus", "creating")));
        lines.add(event("aws.ec2", "ec2.amazonaws.com", "RunInstances", "2026-11-16T14:00:00Z", BOB,
                map("instanceType", "m5.large", "instancesSet", map("items", List.of(map("imageId",
                        "ami-0abcdef1234567890", "minCount", 1, "maxCount", 1)))),
                map("reservationId", "r-0test", "ownerId", ACCT, "instancesSet", map("items",
                        List.of(instance("i-0test000000000001", "m5.large"))))));
        lines.add(event("aws.ec2", "ec2.amazonaws.com", "TerminateInstances", "2026-11-16T15:00:00Z", BOB,
                map("instancesSet", map("items", List.of(map("instanceId", "i-0test000000000001")))),
                map("instancesSet", map("items", List.of(map("instanceId", "i-0test000000000001",
                        "currentState", map("code", 32, "name", "shutting-down")))))));
        Files.writeString(dir.resolve("cloudtrail.ndjson"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        // the CUR 2.0 export: one line per service and day, the p4d instances hour by hour from 10:05
        StringBuilder csv = new StringBuilder("bill_billing_period_start_date,line_item_usage_account_id,"
                + "line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,"
                + "line_item_usage_type,line_item_resource_id,line_item_unblended_cost,line_item_currency_code,"
                + "product_region_code\n");
        Random r = new Random(13);
        for (LocalDate d = D.minusDays(35); !d.isAfter(D.plusDays(1)); d = d.plusDays(1)) {
            String period = d.withDayOfMonth(1) + "T00:00:00Z";
            double share = d.equals(D.plusDays(1)) ? 6 / 24.0 : 1;   // the 17th is written up to 06:00
            row(csv, period, d + "T00:00:00Z", d.plusDays(1) + "T00:00:00Z", "AmazonEC2", "BoxUsage:m5.xlarge",
                    "", (400 + r.nextGaussian() * 8) * share);
            row(csv, period, d + "T00:00:00Z", d.plusDays(1) + "T00:00:00Z", "AmazonRDS",
                    "InstanceUsage:db.r6g.large", "", (150 + r.nextGaussian() * 3) * share);
        }
        for (int h = 10; h < 24 + 6; h++) {
            LocalDate day = h < 24 ? D : D.plusDays(1);
            int hh = h % 24;
            double hours = h == 10 ? 55 / 60.0 : 1;
            for (int i = 0; i < 8; i++) {
                row(csv, day.withDayOfMonth(1) + "T00:00:00Z", String.format(Locale.ROOT, "%sT%02d:00:00Z", day, hh),
                        String.format(Locale.ROOT, "%sT%02d:00:00Z", hh == 23 ? day.plusDays(1) : day, (hh + 1) % 24),
                        "AmazonEC2", "BoxUsage:p4d.24xlarge", "i-0p4d00000000000" + i, 32.7726 * hours);
            }
        }
        Path f = dir.resolve("export/vigil-cur2-00001.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(EXPORT_AT));
    }

    private static void row(StringBuilder csv, String period, String start, String end, String service, String usage,
                            String resource, double cost) {
        csv.append(period).append(',').append(ACCT).append(",Usage,").append(start).append(',').append(end).append(',')
                .append(service).append(',').append(usage).append(',').append(resource).append(',')
                .append(String.format(Locale.ROOT, "%.6f", cost)).append(",USD,us-east-1\n");
    }

    private static Map<String, Object> instance(String id, String type) {
        return map("instanceId", id, "instanceType", type, "instanceState", map("code", 0, "name", "pending"),
                "placement", map("availabilityZone", "us-east-1a", "tenancy", "default"),
                "tagSet", map("items", List.of(map("key", "team", "value", "ml"))));
    }

    /** An EventBridge CloudTrail event, in the shape of the samples (shared/core test resources, PROVENANCE.md). */
    private static String event(String source, String eventSource, String name, String at, String principal,
                                Map<String, Object> req, Map<String, Object> resp) {
        Map<String, Object> who = map("type", principal.contains(":user/") ? "IAMUser" : "AssumedRole",
                "principalId", "AIDAEXAMPLE" + Math.abs(principal.hashCode()), "arn", principal, "accountId", ACCT);
        Map<String, Object> d = map("eventVersion", "1.09", "userIdentity", who, "eventTime", at,
                "eventSource", eventSource, "eventName", name, "awsRegion", "us-east-1",
                "sourceIPAddress", "198.51.100.7", "userAgent", "aws-cli/2.15.0", "requestParameters", req,
                "responseElements", resp, "requestID", "req-" + name + at, "eventID", "ev-" + name + "-" + at,
                "readOnly", false, "eventType", "AwsApiCall", "managementEvent", true, "recipientAccountId", ACCT,
                "eventCategory", "Management");
        return JsonTree.write(map("version", "0", "id", "eb-" + name + at, "detail-type", "AWS API Call via CloudTrail",
                "source", source, "account", ACCT, "time", at, "region", "us-east-1", "resources", List.of(),
                "detail", d));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
