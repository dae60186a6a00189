package dev.vigil.costnow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.CostDailyTable;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.dynamo.DynamoLedgerStore;
import dev.vigil.aws.dynamo.LocalTables;
import dev.vigil.aws.events.EventBridgeProvisionalPublisher;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.now.SavedPriceBook;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.incident.BusEvents;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.Signal;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.slack.fakes.RecordingSlack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The cost-now handler on DynamoDB Local (ledger, price cache table, CostDaily written by the billing path's
 * store): CloudTrail events in, provisional vigil.cost-anomaly events out (through PutEventsBatcher), Slack
 * posted then updated in place, and the hourly reconciliation confirming the estimate once CostDaily covers the day.
 */
class CostNowHandlerIT {

    static LocalDynamo dynamo;
    static final String ACCT = "123456789012";
    static final LocalDate D = LocalDate.of(2026, 11, 16);
    static final String ALICE = "arn:aws:sts::123456789012:assumed-role/ml-team/alice";

    /** The bus: records what PutEvents received (an SDK-interface fake; the batcher under it is the real one). */
    static final class Bus implements EventBridgeClient {
        final List<PutEventsRequestEntry> entries = new ArrayList<>();

        @Override
        public PutEventsResponse putEvents(PutEventsRequest r) {
            entries.addAll(r.entries());
            List<PutEventsResultEntry> ok = new ArrayList<>();
            for (int i = 0; i < r.entries().size(); i++) {
                ok.add(PutEventsResultEntry.builder().eventId("e" + entries.size() + "-" + i).build());
            }
            return PutEventsResponse.builder().failedEntryCount(0).entries(ok).build();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void start() {
        dynamo = LocalDynamo.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    static Path prices() {
        String r = System.getProperty("vigil.projectRoot");
        return (r != null ? Path.of(r) : Path.of("..")).resolve("events/cost-now/prices");
    }

    static List<CostFact> history(double extraOnD, LocalDate last) {
        Random r = new Random(5);
        List<CostFact> out = new ArrayList<>();
        for (LocalDate d = D.minusDays(35); !d.isAfter(last); d = d.plusDays(1)) {
            out.add(new CostFact(CostFact.Grain.DETAIL, d.toEpochDay(), ChargeCategory.USAGE, ACCT, "AmazonEC2",
                    "us-east-1", "BoxUsage:m5.xlarge", 400 + r.nextGaussian() * 8 + (d.equals(D) ? extraOnD : 0)));
        }
        return out;
    }

    static Map<String, Object> runInstances(String at, int n) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Map.of("instanceId", "i-p4d" + i, "instanceType", "p4d.24xlarge",
                    "placement", Map.of("availabilityZone", "us-east-1a", "tenancy", "default")));
        }
        return event("aws.ec2", "ec2.amazonaws.com", "RunInstances", at, Map.of("instanceType", "p4d.24xlarge"),
                Map.of("instancesSet", Map.of("items", items)));
    }

    static Map<String, Object> terminate(String at, String... ids) {
        List<Object> items = new ArrayList<>();
        for (String id : ids) {
            items.add(Map.of("instanceId", id));
        }
        return event("aws.ec2", "ec2.amazonaws.com", "TerminateInstances", at, Map.of("instancesSet",
                Map.of("items", items)), Map.of());
    }

    static Map<String, Object> event(String source, String es, String name, String at, Map<String, Object> req,
                                     Map<String, Object> resp) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventVersion", "1.09");
        d.put("userIdentity", Map.of("type", "AssumedRole", "arn", ALICE, "accountId", ACCT));
        d.put("eventTime", at);
        d.put("eventSource", es);
        d.put("eventName", name);
        d.put("awsRegion", "us-east-1");
        d.put("requestParameters", req);
        d.put("responseElements", resp);
        d.put("eventID", "ev-" + name + at);
        d.put("eventType", "AwsApiCall");
        d.put("recipientAccountId", ACCT);
        // through JSON, as the Lambda runtime hands the handler a parsed map
        return JsonTree.object(JsonTree.write(Map.of("version", "0", "id", "eb-" + at, "detail-type",
                "AWS API Call via CloudTrail", "source", source, "account", ACCT, "time", at, "region", "us-east-1",
                "resources", List.of(), "detail", d)));
    }

    @Test
    void cloudTrailInProvisionalOut_thenTheHourlyRunConfirmsItAgainstCostDaily() {
        String table = "vigil-cost-now-h";
        LocalTables.createIfMissing(dynamo.client(), table, "pk", null);
        CostDailyTable.createIfMissing(dynamo.client(), "cost-daily-h");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-16T10:06:00Z"));
        DynamoCostStore costs = new DynamoCostStore(dynamo.client(), "cost-daily-h", Backoff.standard(),
                new CapacityMeter(), now::get);
        costs.replacePeriod("s3://bills/cur", "2026-11", "a1", 1L, history(0, D.minusDays(1)));
        Bus bus = new Bus();
        RecordingSlack slack = new RecordingSlack();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        ByteArrayOutputStream emf = new ByteArrayOutputStream();
        Wiring w = new Wiring(new DynamoLedgerStore(dynamo.client(), table),
                SavedPriceBook.fromDirectory(prices()), costs,
                new EventBridgeProvisionalPublisher(bus, "vigil", new Backoff(1, 5, 3, ms -> { }, 1)),
                CostSettings.defaults(), slack, "C0FINOPS", null, null,
                new dev.vigil.core.scorecard.Emf(new PrintStream(emf), "vigil"),
                new StructuredLog(new PrintStream(logs), "cost-now"),
                now::get);
        CostNowHandler h = new CostNowHandler(w);

        Map<String, Object> r = h.handleRequest(runInstances("2026-11-16T10:05:00Z", 8), null);
        assertThat(r).containsEntry("status", "ok").containsEntry("published", 1);
        assertThat(bus.entries).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo("vigil.cost-anomaly");
            Map<String, Object> d = JsonTree.object(e.detail());
            assertThat(d).containsEntry("provisional", true).containsEntry("source", "cloudtrail")
                    .containsEntry("detectedAt", "2026-11-16T10:06:00Z").containsEntry("status", "open");
            assertThat((Double) d.get("estimatedHourlyCost")).isCloseTo(8 * 32.7726, within(0.01));
            assertThat((Double) d.get("expectedDailyCost")).isCloseTo(400, within(15.0));
            // the incident function reads it as a cost signal on the same scope as the export's
            Input in = BusEvents.parse(JsonTree.write(Map.of("version", "0", "id", "x", "detail-type",
                    e.detailType(), "source", e.source(), "account", ACCT, "time", "2026-11-16T10:06:00Z",
                    "region", "us-east-1", "detail", d)));
            assertThat(((Input.SignalInput) in).signal().kind()).isEqualTo(Signal.Kind.COST);
        });
        assertThat(slack.of("post")).singleElement().satisfies(c -> assertThat(c.text()).contains("provisional"));

        // the same event delivered again changes nothing
        now.set(Instant.parse("2026-11-16T10:07:00Z"));
        h.handleRequest(runInstances("2026-11-16T10:05:00Z", 8), null);
        assertThat(bus.entries).hasSize(1);

        // two of the eight terminated: the estimate falls, the same message is updated
        now.set(Instant.parse("2026-11-16T12:06:00Z"));
        h.handleRequest(terminate("2026-11-16T12:05:00Z", "i-p4d0", "i-p4d1"), null);
        assertThat(bus.entries).hasSize(2);
        assertThat((Double) JsonTree.object(bus.entries.get(1).detail()).get("estimatedHourlyCost"))
                .isCloseTo(6 * 32.7726, within(0.01));
        assertThat(slack.of("update")).hasSize(1);

        // an unrelated event is ignored, a broken one fails alone
        assertThat(h.handleRequest(event("aws.s3", "s3.amazonaws.com", "PutBucketTagging", "2026-11-16T12:10:00Z",
                Map.of(), Map.of()), null)).containsEntry("status", "ignored");
        assertThat(h.handleRequest(Map.of("detail-type", "AWS API Call via CloudTrail", "detail", Map.of()), null))
                .containsEntry("status", "error");

        // the next morning the export lands in CostDaily: the hourly run confirms the estimate
        double onD = 2 * 32.7726 * 2 + 6 * 32.7726 * (13 + 55 / 60.0);
        costs.replacePeriod("s3://bills/cur", "2026-11", "a2", 2L, history(onD, D.plusDays(1)));
        now.set(Instant.parse("2026-11-17T07:00:00Z"));
        Map<String, Object> rec = h.handleRequest(Map.of("detail-type", "Scheduled Event", "source", "aws.events"), null);
        assertThat(rec).containsEntry("reconciled", 1);
        Map<String, Object> last = JsonTree.object(bus.entries.get(bus.entries.size() - 1).detail());
        assertThat(last).containsEntry("status", "confirmed").containsEntry("provisional", true);
        assertThat((Double) last.get("leadTimeHours")).isCloseTo(20 + 54 / 60.0, within(0.01));
        assertThat(slack.of("update")).hasSize(2);
        assertThat(slack.of("update").get(1).text()).startsWith("Confirmed by the billing export");
        // the scorecard's figures went out as EMF metrics
        String metrics = emf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(metrics).contains("\"ProvisionalOpened\":1").contains("\"ProvisionalConfirmed\":1")
                .contains("ProvisionalLeadTimeSeconds").contains("Vigil/AIOps");
        // and a second hourly run has nothing left to do
        assertThat(h.handleRequest(Map.of("detail-type", "Scheduled Event"), null)).containsEntry("reconciled", 0);
    }
}
