package dev.vigil.it.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.DynamoSloStore;
import dev.vigil.aws.dynamo.SloTable;
import dev.vigil.cli.CollectingPublisher;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.core.slo.SloBurnEvent;
import dev.vigil.core.slo.SloTracker;
import dev.vigil.metricstream.MetricStreamHandler;
import dev.vigil.metricstream.Wiring;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SLO burn-rate alerts through the real metric-stream handler (the SLO tracker is its datapoint listener), state in
 * DynamoDB Local. Traffic: 1000 requests a minute on one ALB; a 99.9 % availability SLO over 30 days, so the error
 * budget is 0.1 % of requests (43.2 minutes of total outage). Numbers from the SRE workbook, chapter 5: page at 14.4×
 * over 1 h and 5 min, page at 6× over 6 h and 30 min, ticket at 1× over 3 days and 6 h.
 */
class SloBurnRateIT {

    static final String CONFIG = """
            slos:
              - name: shop-availability
                service: checkout
                objective: 99.9
                sli:
                  bad:   {namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count, dimensions: {LoadBalancer: "app/shop/*"}}
                  total: {namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: {LoadBalancer: "app/shop/*"}}
              - name: checkout-latency
                objective: 99
                sli:
                  series: {namespace: AWS/Lambda, metric: Duration, dimensions: {FunctionName: checkout-api}}
                  statistic: p99
                  above: 800
            """;
    static final long T0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    static final String SLO_TABLE = "vigil-slo-it";

    private final LocalDynamo dynamo = LocalDynamo.start();
    private final List<SloBurnEvent> events = new ArrayList<>();
    private final MetricStreamHandler handler;

    SloBurnRateIT() {
        SloTable.createIfMissing(dynamo.client(), SLO_TABLE);
        SloTracker tracker = new SloTracker(IncidentConfig.parse(CONFIG, "test").slos(),
                new DynamoSloStore(dynamo.client(), SLO_TABLE, new Backoff(1, 5, 5, ms -> { }, 1)),
                e -> {
                    events.addAll(e);
                    return Set.of();
                }, StructuredLog.discard());
        handler = new MetricStreamHandler(Wiring.of(dynamo.client(), LocalDynamo.BASELINE_TABLE,
                new CollectingPublisher(), new CloudWatchJsonFormat(), Detectors.standard(), StructuredLog.discard(), 4,
                List.of(tracker)));
    }

    @AfterEach
    void stop() {
        dynamo.close();
    }

    static String line(String ns, String metric, String dimKey, String dimValue, long t, double sum, double count,
                       String extra) {
        return "{\"metric_stream_name\":\"s\",\"account_id\":\"123456789012\",\"region\":\"us-east-1\",\"namespace\":\""
                + ns + "\",\"metric_name\":\"" + metric + "\",\"dimensions\":{\"" + dimKey + "\":\"" + dimValue
                + "\"},\"timestamp\":" + t + ",\"value\":{\"max\":" + sum + ",\"min\":0,\"sum\":" + sum + ",\"count\":"
                + count + extra + "},\"unit\":\"Count\"}";
    }

    static byte[] firehose(List<String> lines) {
        String data = Base64.getEncoder().encodeToString((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return ("{\"invocationId\":\"i\",\"records\":[{\"recordId\":\"r1\",\"data\":\"" + data + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Minutes [from, to) of ALB traffic at 1000 requests a minute and {@code errors(m)} 5xx; 10 minutes a batch. */
    void traffic(int from, int to, IntToDoubleFunction errors) {
        for (int start = from; start < to; start += 10) {
            List<String> lines = new ArrayList<>();
            for (int m = start; m < Math.min(to, start + 10); m++) {
                long t = T0 + m * 60_000L;
                lines.add(line("AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/shop/50dc", t, 1000, 1000, ""));
                lines.add(line("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", "app/shop/50dc", t,
                        errors.applyAsDouble(m), Math.max(1, errors.applyAsDouble(m)), ""));
            }
            handler.handleBytes(firehose(lines));
        }
    }

    static int minuteOf(SloBurnEvent e) {
        return (int) ((e.timestamp() - T0) / 60_000L);
    }

    @Test
    void aTotalOutage_pagesOnThe1hRule_inItsFirstMinute() {
        traffic(0, 120, m -> 0);
        traffic(120, 125, m -> 1000);

        assertThat(events).isNotEmpty();
        SloBurnEvent page = events.get(0);
        assertThat(page.level()).isEqualTo("page");
        // 1 bad minute in the last hour: 1000 / 60 000 = 1.67 % errors = burn 16.7 ≥ 14.4; the 5-minute window
        // burns at 1000 / 5000 = 20 % = 200× ≥ 14.4. The workbook's detection time for 100 % errors is 0.864 min.
        assertThat(minuteOf(page)).isEqualTo(120);
        assertThat(page.rule()).isEqualTo("1h/5m burn >= 14.4 (2% of budget)");
        assertThat(page.burnRates().get("1h")).isCloseTo(16.67, org.assertj.core.api.Assertions.within(0.01));
        assertThat(page.service()).isEqualTo("checkout");
    }

    @Test
    void aSustainedBurnAt7x_ticketsFirst_thenPagesOnThe6hRule_butNeverOnThe1hRule() {
        traffic(0, 120, m -> 0);
        // 0.7 % errors: burn 7. The 1 h rule needs 14.4: never. The 6 h rule needs 6 over 6 h (which still holds
        // the clean start): 7 × t / 360 ≥ 6 once t ≥ 309 min. The ticket rule needs 1 over 6 h and over the
        // 3 days seen so far: 7 × t / (120 + t) ≥ 1 once t ≥ 20 min.
        traffic(120, 450, m -> 7);

        assertThat(events).extracting(SloBurnEvent::level).containsExactly("ticket", "page");
        assertThat(minuteOf(events.get(0)) - 120).isBetween(19, 21);
        assertThat(events.get(0).rule()).isEqualTo("3d/6h burn >= 1 (10% of budget)");
        assertThat(minuteOf(events.get(1)) - 120).isBetween(308, 310);
        assertThat(events.get(1).rule()).isEqualTo("6h/30m burn >= 6 (5% of budget)");
        assertThat(events.get(1).previousLevel()).isEqualTo("ticket");
    }

    @Test
    void aSlowBurnJustOverBudget_onlyTickets() {
        // 0.15 % errors: burn 1.5, a ticket-level slow burn (the budget would be gone in 20 days, not hours).
        traffic(0, 400, m -> 1.5);
        assertThat(events).extracting(SloBurnEvent::level).containsExactly("ticket");
    }

    @Test
    void whenTheBurnStops_thePageBecomesATicket_thenClears_asEachShortWindowEmpties() {
        traffic(0, 120, m -> 0);
        traffic(120, 130, m -> 1000);
        traffic(130, 500, m -> 0);
        // 1h/5m stops at 134; 6h/30m holds the page while the last 30 minutes still hold bad minutes (to 158);
        // the ticket (3d/6h) lasts until the outage leaves the 6-hour window (minute 489).
        assertThat(events).extracting(SloBurnEvent::level).containsExactly("page", "ticket", "none");
        assertThat(events).extracting(SloBurnRateIT::minuteOf).containsExactly(120, 159, 489);
        assertThat(events.get(2).rule()).isEmpty();
    }

    @Test
    void replayingABatch_countsNothingTwice_andAlertsOnce() {
        traffic(0, 120, m -> 0);
        traffic(120, 130, m -> 1000);
        Map<String, AttributeValue> before = dynamo.client().getItem(b -> b.tableName(SLO_TABLE)
                .key(Map.of("slo", AttributeValue.fromS("shop-availability")))).item();
        int alerts = events.size();

        traffic(120, 130, m -> 1000);

        assertThat(dynamo.client().getItem(b -> b.tableName(SLO_TABLE)
                .key(Map.of("slo", AttributeValue.fromS("shop-availability")))).item()).isEqualTo(before);
        assertThat(events).hasSize(alerts);
    }

    @Test
    void aLatencySlo_countsBadMinutes_whoseP99IsAboveTheThreshold() {
        for (int start = 0; start < 200; start += 20) {
            List<String> lines = new ArrayList<>();
            for (int m = start; m < start + 20; m++) {
                double p99 = m >= 150 ? 1900 : 300;
                lines.add(line("AWS/Lambda", "Duration", "FunctionName", "checkout-api", T0 + m * 60_000L, 300 * 50, 50,
                        ",\"p99\":" + p99).replace("\"unit\":\"Count\"", "\"unit\":\"Milliseconds\""));
            }
            handler.handleBytes(firehose(lines));
        }
        // 99 % over 30 days: 432 bad minutes allowed. From minute 150 every minute is bad. The ticket rule (3d/6h ≥ 1)
        // fires at the 2nd bad minute (2 of 152 minutes = 1.3 % = 1.3×); the page (1h/5m ≥ 14.4) once n bad minutes
        // of the last 60 make n / 60 / 1 % ≥ 14.4, i.e. n = 9 (8.64): minute 158.
        List<SloBurnEvent> latency = events.stream().filter(e -> e.slo().equals("checkout-latency")).toList();
        assertThat(latency).extracting(SloBurnEvent::level).containsExactly("ticket", "page");
        assertThat(minuteOf(latency.get(0))).isEqualTo(151);
        SloBurnEvent page = latency.get(1);
        assertThat(minuteOf(page)).isEqualTo(158);
    }
}
