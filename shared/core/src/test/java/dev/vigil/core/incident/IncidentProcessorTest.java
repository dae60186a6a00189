package dev.vigil.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.log.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor's order of work, on the in-memory store (DynamoDB behaviour is in the tests module's ITs). */
class IncidentProcessorTest {

    static final class FlakySlack implements IncidentNotifier {
        boolean down = true;
        final List<String> posted = new ArrayList<>();

        @Override
        public Ref post(String channel, String text, String blocksJson) {
            if (down) {
                throw new IllegalStateException("Slack unavailable");
            }
            posted.add(text);
            return new Ref(channel, "1." + posted.size());
        }

        @Override
        public void update(Ref ref, String text, String blocksJson) {
            if (down) {
                throw new IllegalStateException("Slack unavailable");
            }
        }
    }

    static String envelope(dev.vigil.core.anomaly.AnomalyEvent a) {
        return "{\"version\":\"0\",\"id\":\"e-" + a.id() + "\",\"detail-type\":\"vigil.anomaly\",\"source\":"
                + "\"vigil.metric-stream\",\"time\":\"2026-03-02T10:00:00Z\",\"detail\":" + AnomalyJson.write(a) + "}";
    }

    @Test
    void aSlackOutage_leavesTheMessagePending_andTheNextBatchDeliversIt_once() {
        InMemoryIncidentStore store = new InMemoryIncidentStore();
        FlakySlack slack = new FlakySlack();
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.defaults(), RunbookPolicies.none()),
                store, slack, (n, i) -> RemediationStarter.Result.STARTED, MetricsSink.none(), StructuredLog.discard(),
                () -> Anomalies.minute(1));

        var first = p.process(List.of(new IncidentProcessor.Message("m1",
                envelope(Anomalies.lambda("fn", "Errors", Anomalies.minute(0), "high"))),
                new IncidentProcessor.Message("m2", "not an event")));
        // Unreadable: acknowledged (a FIFO group would wait behind it), logged instead.
        assertThat(first.failedMessageIds()).isEmpty();
        assertThat(first.deliveryFailures()).isEqualTo(1);
        assertThat(store.commits).isEqualTo(1);

        slack.down = false;
        p.process(List.of(new IncidentProcessor.Message("m3", "{\"detail-type\":\"Scheduled Event\",\"source\":"
                + "\"aws.events\",\"time\":\"2026-03-02T10:05:00Z\",\"detail\":{}}")));
        p.process(List.of(new IncidentProcessor.Message("m4", "{\"detail-type\":\"Scheduled Event\",\"source\":"
                + "\"aws.events\",\"time\":\"2026-03-02T10:10:00Z\",\"detail\":{}}")));
        assertThat(slack.posted).hasSize(1);
        Incident i = store.scorecardData().incidents().get(0);
        assertThat(i.postedRev).isEqualTo(i.rev);
        assertThat(i.slackTs).isEqualTo("1.1");
    }

    @Test
    void anUnreadableMessage_isAcknowledgedAndLoggedAsAnError_withoutItsPayload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.defaults(), RunbookPolicies.none()),
                new InMemoryIncidentStore(), new FlakySlack(), (n, i) -> RemediationStarter.Result.STARTED,
                MetricsSink.none(), new StructuredLog(new PrintStream(out, true, StandardCharsets.UTF_8), "incident"),
                () -> Anomalies.minute(1));

        var outcome = p.process(List.of(new IncidentProcessor.Message("m9", "secret-looking payload")));

        assertThat(outcome.failedMessageIds()).isEmpty();
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"level\":\"ERROR\"").contains("\"messageId\":\"m9\"")
                .contains("\"rejected\":1").doesNotContain("secret-looking");
    }

    @Test
    void aSignalThatArrivesLate_stillCounts_andWidensItsSeriesSpan() {
        InMemoryIncidentStore store = new InMemoryIncidentStore();
        FlakySlack slack = new FlakySlack();
        slack.down = false;
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.defaults(), RunbookPolicies.none()),
                store, slack, (n, i) -> RemediationStarter.Result.STARTED, MetricsSink.none(), StructuredLog.discard(),
                () -> Anomalies.minute(6));

        // Minute 5 is folded first; minutes 2 and 3 of the same series reach the queue after it.
        p.process(List.of(new IncidentProcessor.Message("a", envelope(Anomalies.lambda("fn", "Errors",
                Anomalies.minute(5), "high")))));
        p.process(List.of(new IncidentProcessor.Message("b", envelope(Anomalies.lambda("fn", "Errors",
                Anomalies.minute(2), "high"))), new IncidentProcessor.Message("c", envelope(Anomalies.lambda("fn",
                "Errors", Anomalies.minute(3), "critical")))));
        // A redelivery of one of them is still a duplicate.
        p.process(List.of(new IncidentProcessor.Message("b2", envelope(Anomalies.lambda("fn", "Errors",
                Anomalies.minute(2), "high")))));

        List<Incident> incidents = store.scorecardData().incidents();
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.signalCount).isEqualTo(3);
        Incident.Member m = i.members.values().iterator().next();
        assertThat(m.count).isEqualTo(3);
        assertThat(m.first).isEqualTo(Anomalies.minute(2));
        assertThat(m.last).isEqualTo(Anomalies.minute(5));
        assertThat(i.openedAt).isEqualTo(Anomalies.minute(2));
        assertThat(i.severity.code()).isEqualTo("critical");
    }
}
