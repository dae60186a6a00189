package dev.vigil.it.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.events.EventBridgeCostAnomalyPublisher;
import dev.vigil.aws.s3.S3ReportWriter;
import dev.vigil.billing.BillingExportHandler;
import dev.vigil.billing.Wiring;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.it.support.AwsEmulator;
import dev.vigil.parquet.ParquetFixtures;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 → billing-export path end to end: export files in an emulated S3 (LocalStack, or moto_server here), the
 * S3 notification for each manifest, the real handler (streamed GetObject, ranged GETs for Parquet), CostDaily on
 * DynamoDB Local, events to the emulated bus, the report back into S3.
 */
@ExtendWith(AwsEmulator.class)
class BillingExportS3Test {

    static final String REPORTS = "vigil-cost-reports";
    static LocalDynamo dynamo;
    static S3Client s3;
    static EventBridgeClient events;

    @BeforeAll
    static void start() throws IOException {
        dynamo = LocalDynamo.start();
        CostDailyTable.createIfMissing(dynamo.client(), "cost-daily");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        s3 = S3Client.builder().endpointOverride(AwsEmulator.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(creds).httpClient(AwsClients.http()).build();
        events = EventBridgeClient.builder().endpointOverride(AwsEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(AwsClients.http()).build();
        s3.createBucket(b -> b.bucket(DemoExport.BUCKET));
        s3.createBucket(b -> b.bucket(REPORTS));
        events.createEventBus(b -> b.name("vigil"));
        for (Path f : DemoExport.files()) {
            s3.putObject(b -> b.bucket(DemoExport.BUCKET).key(DemoExport.key(f)), RequestBody.fromFile(f));
        }
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    static BillingExportHandler handler(Instant now) {
        CostSettings settings = new CostSettings(CostMetric.AMORTIZED, DetectionConfig.defaults(),
                CostAggregator.Options.defaults(), 120, 14);
        var store = new DynamoCostStore(dynamo.client(), "cost-daily", Backoff.standard(), new CapacityMeter(),
                () -> now);
        return new BillingExportHandler(Wiring.of(s3, store, new EventBridgeCostAnomalyPublisher(events, "vigil",
                Backoff.standard()), new S3ReportWriter(s3, REPORTS), settings, StructuredLog.discard(), () -> now));
    }

    /** An S3 ObjectCreated notification, keys URL-encoded as S3 sends them. */
    static byte[] notification(String bucket, String key) {
        String k = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"" + k + "\",\"size\":1}}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    record Result(String status, String detail, String report, int published) {
    }

    static List<Result> results(byte[] json) throws IOException {
        List<Result> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.START_OBJECT && p.getParsingContext().getParent() != null
                        && p.getParsingContext().getParent().inArray()) {
                    String status = null, detail = null, report = null;
                    int published = 0;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "status" -> status = p.getText();
                            case "detail" -> detail = p.getText();
                            case "report" -> report = p.getText();
                            case "published" -> published = p.getIntValue();
                            default -> p.skipChildren();
                        }
                    }
                    out.add(new Result(status, detail, report, published));
                }
            }
        }
        return out;
    }

    @Test
    void manifestsDeliveredToS3_areReadStoredAnalysed_andTheirAnomaliesPublishedOnce() throws IOException {
        BillingExportHandler h = handler(Instant.parse("2024-10-15T08:00:00Z"));
        List<Result> all = new ArrayList<>();
        for (Path m : DemoExport.manifests()) {
            all.addAll(results(h.handleBytes(notification(DemoExport.BUCKET, DemoExport.key(m)))));
        }
        assertThat(all).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo("processed"));
        assertThat(all).allSatisfy(r -> assertThat(r.detail()).contains("0 bad"));
        // each delivery publishes what is new in its last 14 complete days: August the RDS level shift (08-20),
        // September the EC2 spike (09-18) and the masked DynamoDB spike (09-25); new spend goes to the report only
        assertThat(all.stream().map(Result::published).toList()).containsExactly(0, 1, 2);
        Result last = all.get(all.size() - 1);
        assertThat(last.report()).startsWith("s3://" + REPORTS + "/reports/" + DemoExport.BUCKET
                + "/exports/demo-cur2/latest/");
        String key = last.report().substring(("s3://" + REPORTS + "/").length());
        String html = s3.getObjectAsBytes(b -> b.bucket(REPORTS).key(key)).asUtf8String();
        assertThat(html).contains("<svg").contains("AmazonDynamoDB").doesNotContain("<script");
        String json = s3.getObjectAsBytes(b -> b.bucket(REPORTS).key(key.replace("report.html", "anomalies.json")))
                .asUtf8String();
        assertThat(json).contains("\"dimension\" : \"service\"").contains("\"key\" : \"AmazonEC2\"");

        // S3 delivers at least once: the same notification again changes nothing and publishes nothing
        List<Result> again = results(h.handleBytes(notification(DemoExport.BUCKET,
                DemoExport.key(DemoExport.manifests().get(2)))));
        assertThat(again).singleElement().satisfies(r -> {
            assertThat(r.detail()).startsWith("unchanged");
            assertThat(r.published()).isZero();
        });
    }

    @Test
    void aParquetExportIsReadFromS3WithRangedReads() throws IOException {
        Path dir = Files.createTempDirectory("parquet-export");
        var items = BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), 20, 4);
        Path file = dir.resolve("p.parquet");
        ParquetFixtures.writeCur2(file, items, CompressionCodecName.SNAPPY);
        String bucket = "parquet-exports";
        s3.createBucket(b -> b.bucket(bucket));
        String data = "cur/par/data/BILLING_PERIOD=2024-09/par-00001.snappy.parquet";
        s3.putObject(b -> b.bucket(bucket).key(data), RequestBody.fromFile(file));
        String manifest = "cur/par/metadata/BILLING_PERIOD=2024-09/par-Manifest.json";
        s3.putObject(b -> b.bucket(bucket).key(manifest), RequestBody.fromString("{\"executionId\":\"x1\","
                + "\"dataFiles\":[\"s3://" + bucket + "/" + data + "\"]}"));

        List<Result> r = results(handler(Instant.parse("2024-10-02T08:00:00Z"))
                .handleBytes(notification(bucket, manifest)));
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("processed");
            assertThat(x.detail()).contains(items.size() + " rows, 0 bad");
        });
    }

    @Test
    void aJsonFileThatIsNotAManifest_isRefusedClearly_notRetried() {
        String bucket = "not-billing";
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("x/thing-Manifest.json"), RequestBody.fromString("{\"hello\":1}"));
        List<Result> r;
        try {
            r = results(handler(Instant.now()).handleBytes(notification(bucket, "x/thing-Manifest.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("refused");
            assertThat(x.detail()).contains("neither reportKeys");
        });
    }

    @Test
    void objectsThatAreNotManifestsAreIgnored() throws IOException {
        List<Result> r = results(handler(Instant.now()).handleBytes(notification(DemoExport.BUCKET,
                "exports/demo-cur2/data/BILLING_PERIOD=2024-09/demo-cur2-00001.csv.gz")));
        assertThat(r).singleElement().satisfies(x -> assertThat(x.status()).isEqualTo("ignored"));
        assertThat(Map.of()).isEmpty();
    }
}
