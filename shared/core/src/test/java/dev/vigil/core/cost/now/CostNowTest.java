package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import dev.vigil.core.slack.fakes.RecordingSlack;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostNowTest {

    private final RecordingSlack slack = new RecordingSlack();
    private final CostNow costNow = new CostNow(Samples.prices(), DetectionConfig.defaults(),
            ExpectedSpend.fromFacts(ReconcilerTest.history(0)), slack, "C0FINOPS");
    private final List<String> events = List.of(
            Trail.runInstances("2026-11-16T10:05:00Z", 8, "p4d.24xlarge", Trail.ALICE, null, "i-p4d"),
            "{\"not\":\"cloudtrail\"}");

    @Test
    void anEstimateIsPostedSayingItIsAnEstimate_andARetractionUpdatesTheSameMessage() {
        CostNow.Outcome first = costNow.run(List.of(), events, List.of(), null, null,
                Instant.parse("2026-11-16T10:30:00Z"));
        assertThat(first.anomalies()).singleElement().satisfies(a -> assertThat(a.slackTs()).isNotNull());
        assertThat(first.badEvents()).isEqualTo(1);   // the bad one failed alone
        assertThat(slack.of("post")).singleElement().satisfies(c -> {
            assertThat(c.text()).startsWith("Estimated cost change (provisional)").contains("This is an estimate")
                    .contains("RunInstances").contains(Trail.ALICE);
        });
        String ts = first.anomalies().get(0).slackTs();

        // the next day's export shows no excess: the estimate is retracted and its message updated in place
        CostNow.Outcome second = costNow.run(first.anomalies(), events, List.of(),
                ReconcilerTest.detect(ReconcilerTest.history(0)), Instant.parse("2026-11-17T06:10:00Z"),
                Instant.parse("2026-11-17T08:00:00Z"));
        ProvisionalAnomaly r = second.anomalies().get(0);
        assertThat(r.status()).isEqualTo(Status.RETRACTED);
        assertThat(r.detectedAt()).isEqualTo(Instant.parse("2026-11-16T10:05:00Z"));
        assertThat(slack.of("post")).hasSize(1);
        assertThat(slack.of("update")).singleElement().satisfies(c -> {
            assertThat(c.target()).isEqualTo("C0FINOPS/" + ts);
            assertThat(c.text()).startsWith("Retracted");
        });
        // a third pass with nothing new sends nothing
        costNow.run(second.anomalies(), events, List.of(), ReconcilerTest.detect(ReconcilerTest.history(0)),
                Instant.parse("2026-11-17T06:10:00Z"), Instant.parse("2026-11-17T09:00:00Z"));
        assertThat(slack.calls).hasSize(2);
    }

    @Test
    void provisionalJson_roundTrips_withTheContractFields() {
        CostNow.Outcome o = costNow.run(List.of(), events, List.of(), null, null, Instant.parse("2026-11-16T10:30:00Z"));
        String json = ProvisionalJson.array(o.anomalies());
        assertThat(json).contains("\"provisional\" : true", "\"source\" : \"cloudtrail\"", "\"status\" : \"open\"",
                "\"estimatedHourlyCost\"", "\"estimatedDailyImpact\"", "\"cause\"", "\"eventName\" : \"RunInstances\"",
                "\"dimension\" : \"service\"", "\"key\" : \"AmazonEC2\"");
        List<ProvisionalAnomaly> back = ProvisionalJson.read(json);
        assertThat(back).hasSize(1);
        ProvisionalAnomaly a = back.get(0);
        ProvisionalAnomaly b = o.anomalies().get(0);
        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.cause()).isEqualTo(b.cause());
        assertThat(a.estimatedHourlyCost()).isEqualTo(Math.round(b.estimatedHourlyCost() * 10000) / 10000.0);
        assertThat(a.slackTs()).isEqualTo(b.slackTs());
        assertThat(a.changes()).hasSize(8);
    }

    @Test
    void eventsAfterAsOf_areNotSeenYet() {
        CostNow.Outcome o = costNow.run(List.of(), events, List.of(), null, null, Instant.parse("2026-11-16T10:00:00Z"));
        assertThat(o.anomalies()).isEmpty();
    }
}
