package dev.vigil.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.log.StructuredLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 9, High 1 and Medium 4: who may send what the incident function acts on (docs/security.md). */
class BusEventsSecurityTest {

    static final long NOW = Instant.parse("2026-03-02T10:30:00Z").toEpochMilli();

    static String anomaly(String source, String id, long t, String severity) {
        var a = Anomalies.lambda("checkout", "Throttles", t, severity);
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"vigil.anomaly\",\"source\":\"" + source
                + "\",\"time\":\"2026-03-02T10:00:00Z\",\"detail\":" + AnomalyJson.write(a) + "}";
    }

    static String event(String type, String source, String detail) {
        return "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"" + type + "\",\"source\":\"" + source
                + "\",\"account\":\"123456789012\",\"region\":\"us-east-1\",\"time\":\"2026-03-02T10:00:00Z\","
                + "\"resources\":[\"arn:aws:ecs:us-east-1:123456789012:service/prod/checkout\"],\"detail\":"
                + detail + "}";
    }

    @Test
    void anAnomalyFromAnyOtherSource_isIgnored_withTheSourceInTheReason() {
        Input in = BusEvents.parse(anomaly("not.vigil", "e1", Anomalies.minute(0), "critical"), NOW);
        assertThat(in).isInstanceOf(Input.Ignored.class);
        assertThat(((Input.Ignored) in).reason()).contains("not.vigil").contains("vigil.anomaly");
        assertThat(BusEvents.parse(anomaly("vigil.metric-stream", "e1", Anomalies.minute(0), "critical"), NOW))
                .isInstanceOf(Input.SignalInput.class);
    }

    @Test
    void everyKnownDetailType_isIgnoredFromAForgedSource() {
        for (String type : BusEvents.SOURCES.keySet()) {
            Input in = BusEvents.parse(event(type, "my.app", "{}"), NOW);
            assertThat(in).as(type).isInstanceOf(Input.Ignored.class);
            assertThat(((Input.Ignored) in).reason()).as(type).contains("unexpected source my.app");
        }
        // no source at all
        Input none = BusEvents.parse("{\"detail-type\":\"ECS Deployment State Change\",\"detail\":{}}", NOW);
        assertThat(none).isInstanceOf(Input.Ignored.class);
    }

    @Test
    void aCloudTrailEvent_mustComeFromTheServiceItNames() {
        String detail = "{\"eventSource\":\"lambda.amazonaws.com\",\"eventName\":\"UpdateFunctionCode20150331v2\","
                + "\"eventTime\":\"2026-03-02T10:00:00Z\",\"requestParameters\":{\"functionName\":\"checkout\"}}";
        assertThat(BusEvents.parse(event("AWS API Call via CloudTrail", "aws.ecs", detail), NOW))
                .isInstanceOf(Input.Ignored.class);
        assertThat(BusEvents.parse(event("AWS API Call via CloudTrail", "aws.lambda", detail), NOW))
                .isInstanceOf(Input.ChangeInput.class);
    }

    @Test
    void aDeployMarkerFinishingIn2099_isCutAtTheProcessingTime() {
        String d = "{\"resource\":\"lambda:checkout\",\"startedAt\":\"2026-03-02T10:20:00Z\","
                + "\"finishedAt\":\"2099-01-01T00:00:00Z\"}";
        Change c = ((Input.ChangeInput) BusEvents.parse(event("vigil.deploy", "vigil.deploy", d), NOW)).change();
        assertThat(c.until()).isEqualTo(NOW);
        assertThat(c.at()).isEqualTo(Instant.parse("2026-03-02T10:20:00Z").toEpochMilli());
        assertThat(c.id()).startsWith("vigil.deploy/");
    }

    @Test
    void aDeployMarkerStartingInTheFuture_isIgnored_andAVeryLongOneIsCappedAtSixHours() {
        String future = "{\"resource\":\"lambda:checkout\",\"startedAt\":\"2026-03-03T10:00:00Z\"}";
        assertThat(BusEvents.parse(event("vigil.deploy", "vigil.deploy", future), NOW))
                .isInstanceOf(Input.Ignored.class);
        String longOne = "{\"resource\":\"lambda:checkout\",\"startedAt\":\"2026-03-01T00:00:00Z\","
                + "\"finishedAt\":\"2026-03-02T10:00:00Z\"}";
        Change c = ((Input.ChangeInput) BusEvents.parse(event("vigil.deploy", "vigil.deploy", longOne), NOW)).change();
        assertThat(c.until() - c.at()).isEqualTo(BusEvents.MAX_DEPLOY_WINDOW_MS);
    }

    @Test
    void aDeployMarkerSaying2099_doesNotMuteItsResource_pastTheDeployWindow() {
        InMemoryIncidentStore store = new InMemoryIncidentStore();
        List<String> posted = new ArrayList<>();
        IncidentNotifier slack = new IncidentNotifier() {
            @Override
            public Ref post(String channel, String text, String blocks) {
                posted.add(text);
                return new Ref("C1", "1." + posted.size());
            }

            @Override
            public void update(Ref ref, String text, String blocks) {
            }
        };
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.defaults(),
                RunbookPolicies.none()), store, slack, (n, i) -> RemediationStarter.Result.STARTED, MetricsSink.none(),
                StructuredLog.discard(), () -> Anomalies.minute(1));
        // The marker says the deploy runs until 2099; it arrives at minute 1, so its window ends at minute 1.
        p.process(List.of(new IncidentProcessor.Message("m1", "{\"id\":\"d1\",\"detail-type\":\"vigil.deploy\","
                + "\"source\":\"vigil.deploy\",\"account\":\"123456789012\",\"region\":\"us-east-1\","
                + "\"time\":\"2026-03-02T10:00:00Z\",\"detail\":{\"resource\":\"lambda:checkout\","
                + "\"startedAt\":\"2026-03-02T10:00:00Z\",\"finishedAt\":\"2099-01-01T00:00:00Z\"}}")));
        // 60 minutes later: outside the configured deploy window (15 min), so not suppressed.
        var out = p.process(List.of(new IncidentProcessor.Message("m2",
                anomaly("vigil.metric-stream", "e2", Anomalies.minute(60), "medium"))));
        assertThat(out.result().changed()).isNotEmpty();
    }

    @Test
    void sixtyPreSentAnomalyIds_fromAForgedSource_doNotMakeTheRealCriticalAnomalyADuplicate() {
        List<Input> inputs = new ArrayList<>();
        // Anomaly ids are SHA-256 of series and minute: predictable. Pre-send the next hour's, from a forged source.
        for (int m = 0; m < 60; m++) {
            inputs.add(BusEvents.parse(anomaly("not.vigil", "f" + m, Anomalies.minute(m), "low"), NOW));
        }
        Input real = BusEvents.parse(anomaly("vigil.metric-stream", "e9", Anomalies.minute(30), "critical"), NOW);
        inputs.add(real);
        var engine = new IncidentEngine(IncidentConfig.defaults(), RunbookPolicies.none());
        InMemoryIncidentStore store = new InMemoryIncidentStore();
        var snap = store.loadOpen();
        var r = engine.process(snap.state(), snap.open(), inputs, List.of(), store);
        var days = r.counters().byDay().values();
        assertThat(days).allSatisfy(d -> assertThat(d).doesNotContainKey(dev.vigil.core.scorecard.Counters.DUPLICATES));
        assertThat(r.changed()).hasSize(1);
        assertThat(r.changed().get(0).severity).isEqualTo(dev.vigil.core.detect.Severity.CRITICAL);

        // And the key the engine remembers names the source: an id alone never collides across sources.
        var a = Anomalies.lambda("checkout", "Throttles", Anomalies.minute(30), "critical");
        assertThat(((Input.SignalInput) real).dedupeKey()).isEqualTo("vigil.metric-stream/" + a.id())
                .isNotEqualTo(new Input.SignalInput(Signal.of(a), "not.vigil").dedupeKey());
    }

    @Test
    void oneMalformedMessage_failsAlone_andTheRestOfTheBatchIsProcessed() {
        InMemoryIncidentStore store = new InMemoryIncidentStore();
        IncidentProcessor p = new IncidentProcessor(new IncidentEngine(IncidentConfig.defaults(),
                RunbookPolicies.none()), store, new IncidentNotifier() {
                    @Override
                    public Ref post(String channel, String text, String blocks) {
                        return new Ref("C1", "1.1");
                    }

                    @Override
                    public void update(Ref ref, String text, String blocks) {
                    }
                }, (n, i) -> RemediationStarter.Result.STARTED, MetricsSink.none(), StructuredLog.discard(),
                () -> Anomalies.minute(1));
        String numericTimestamp = anomaly("vigil.metric-stream", "e3", Anomalies.minute(0), "high")
                .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":1772445600000");
        String missingId = anomaly("vigil.metric-stream", "e4", Anomalies.minute(0), "high")
                .replaceFirst("\"id\":\"[0-9a-f]{32}\",", "");
        var out = p.process(List.of(
                new IncidentProcessor.Message("bad-ts", numericTimestamp),
                new IncidentProcessor.Message("bad-id", missingId),
                new IncidentProcessor.Message("good", anomaly("vigil.metric-stream", "e5", Anomalies.minute(0), "high"))));
        // On the FIFO incident queue an unreadable message is acknowledged and logged rather than handed back (it
        // would hold up the whole message group until the DLQ): neither the batch nor the good message is lost.
        assertThat(out.failedMessageIds()).isEmpty();
        assertThat(out.result().changed()).hasSize(1);
    }
}
