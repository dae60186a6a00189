package dev.vigil.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.detect.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every event type the incident function listens to, from the bundled samples (events/incident-bus). */
class BusEventsTest {

    static String sample(String name) throws IOException {
        try (InputStream in = BusEventsTest.class.getClassLoader().getResourceAsStream("incident-bus/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAnomalyEvent_becomesAMetricSignal_onItsResource() throws IOException {
        Input in = BusEvents.parse(sample("vigil-anomaly.json"));
        Signal s = ((Input.SignalInput) in).signal();
        assertThat(s.kind()).isEqualTo(Signal.Kind.METRIC);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.resources()).containsExactly("123456789012|us-east-1|rds:orders-db");
        assertThat(s.anomaly().id()).isEqualTo("0b7c4f0e9d0a4a8f8e1d2c3b4a596877");
        assertThat(s.id()).isEqualTo(s.anomaly().id());
    }

    @Test
    void aCostAnomaly_becomesACostSignal_withAStableIdPerKeyAndDay() throws IOException {
        Signal s = ((Input.SignalInput) BusEvents.parse(sample("vigil-cost-anomaly.json"))).signal();
        assertThat(s.kind()).isEqualTo(Signal.Kind.COST);
        assertThat(s.seriesKey()).isEqualTo("cost/123456789012/service/AmazonRDS");
        assertThat(s.title()).contains("$412.80").contains("2026-03-02");
        assertThat(s.id()).isEqualTo(((Input.SignalInput) BusEvents.parse(sample("vigil-cost-anomaly.json")))
                .signal().id());
    }

    @Test
    void anSloPage_isACriticalSignalOnItsService_routedAsAPage() throws IOException {
        Signal s = ((Input.SignalInput) BusEvents.parse(sample("vigil-slo-burn.json"))).signal();
        assertThat(s.kind()).isEqualTo(Signal.Kind.SLO);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.route()).isEqualTo("page");
        assertThat(s.services()).containsExactly("checkout");
    }

    @Test
    void cloudTrailWrites_becomeChangesOnTheResourceTheyTouch() throws IOException {
        Change code = ((Input.ChangeInput) BusEvents.parse(sample("cloudtrail-lambda-update-function-code.json")))
                .change();
        assertThat(code.resource()).isEqualTo("123456789012|us-east-1|lambda:checkout-api");
        assertThat(code.kind()).isEqualTo("deploy");
        assertThat(code.summary()).contains("UpdateFunctionCode").contains("ci");

        Change rds = ((Input.ChangeInput) BusEvents.parse(sample("cloudtrail-rds-modify-db-instance.json"))).change();
        assertThat(rds.resource()).isEqualTo("123456789012|us-east-1|rds:orders-db");
        assertThat(rds.kind()).isEqualTo("config");
    }

    @Test
    void anEcsDeployment_isADeployOnTheService() throws IOException {
        Change c = ((Input.ChangeInput) BusEvents.parse(sample("ecs-deployment-state-change.json"))).change();
        assertThat(c.resource()).isEqualTo("123456789012|us-east-1|ecs:prod/checkout");
        assertThat(c.kind()).isEqualTo("deploy");
    }

    @Test
    void remediationOutcomesDriftAndTicks_areRecognised() throws IOException {
        Input.RemediationOutcome o = (Input.RemediationOutcome) BusEvents.parse(
                sample("stepfunctions-execution-succeeded.json"));
        assertThat(o.succeeded()).isTrue();
        assertThat(RemediationStarter.incidentOf(o.executionName())).isEqualTo("inc-0123456789ab");
        assertThat(BusEvents.parse(sample("cloudformation-drift-detected.json"))).isInstanceOf(Input.Drift.class);
        assertThat(BusEvents.parse(sample("scheduled-event.json"))).isInstanceOf(Input.Tick.class);
    }

    @Test
    void anUnknownEvent_isIgnoredWithItsReason_andJunkIsRejected() {
        Input in = BusEvents.parse("{\"detail-type\":\"Something Else\",\"source\":\"aws.s3\",\"time\":"
                + "\"2026-03-02T10:00:00Z\",\"detail\":{}}");
        assertThat(((Input.Ignored) in).reason()).contains("aws.s3/Something Else");
        assertThatThrownBy(() -> BusEvents.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusEvents.parse("{\"hello\":1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an EventBridge event");
    }
}
