package dev.vigil.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.InMemoryAuditLog;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.remediation.fakes.FakeExecutor;
import dev.vigil.core.remediation.fakes.FakeMetricReader;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.remediation.fakes.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Execute and rollback may run twice (a Lambda retry, a redrive): nothing is applied or undone twice. */
class StepsIdempotencyTest {

    final TestClock clock = new TestClock(Instant.parse("2024-05-01T10:15:00Z"));
    final FakeExecutor ecs = new FakeExecutor(ActionType.ECS_DESIRED_COUNT).with(Samples.ordersService());
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final Wiring wiring = new Wiring(RunbookCatalog.fromClasspath(), Map.of(ActionType.ECS_DESIRED_COUNT, ecs), audit,
            null, null, new FakeMetricReader(), clock, StructuredLog.discard(), null);
    final PlanHandler plan = new PlanHandler(wiring);
    final ActHandler act = new ActHandler(wiring);

    Map<String, Object> plan(String execution) {
        var a = Samples.ordersLatency(clock.instant().minusSeconds(60));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("step", "plan");
        req.put("executionName", execution);
        req.put("incidentId", a.id());
        req.put("runbookId", "orders-alb-latency-scale-out");
        req.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        return plan.handle(req);
    }

    @Test
    void executingTheSameStepTwice_appliesOnce_andReturnsTheRecordedResult() {
        Map<String, Object> p = plan("exec-1");
        Map<String, Object> first = act.handle(Map.of("step", "execute", "plan", p));
        clock.advance(Duration.ofSeconds(3));
        Map<String, Object> again = act.handle(Map.of("step", "execute", "plan", p));
        assertThat(ecs.applies).isEqualTo(1);
        assertThat(first.get("replayed")).isEqualTo(false);
        assertThat(again.get("replayed")).isEqualTo(true);
        assertThat(again.get("before")).isEqualTo(first.get("before"));
        assertThat(ecs.state(Samples.ORDERS_SERVICE).value("desiredCount")).isEqualTo("6");
    }

    @Test
    void aRetryAfterAFailedApply_keepsThePreviousStateCapturedTheFirstTime() {
        Map<String, Object> p = plan("exec-2");
        ecs.failApply = true;
        assertThatThrownBy(() -> act.handle(Map.of("step", "execute", "plan", p)))
                .isInstanceOf(ActionFailedException.class);
        ecs.failApply = false;
        Map<String, Object> retried = act.handle(Map.of("step", "execute", "plan", p));
        assertThat(JsonTree.strings(JsonTree.obj(retried, "before"), "values")).containsEntry("desiredCount", "3");
        Map<String, Object> rb = act.handle(Map.of("step", "rollback", "plan", p, "reason", "verification-failed"));
        Map<String, Object> rb2 = act.handle(Map.of("step", "rollback", "plan", p, "reason", "verification-failed"));
        assertThat(ecs.undos).isEqualTo(1);
        assertThat(rb2.get("replayed")).isEqualTo(true);
        assertThat(rb.get("restored")).isEqualTo(true);
        assertThat(ecs.state(Samples.ORDERS_SERVICE).value("desiredCount")).isEqualTo("3");
    }

    @Test
    void throttlingSurfacesAsTheRetriedErrorClass_andACooldownIsEnforcedAtExecuteTime() {
        Map<String, Object> p = plan("exec-3");
        ecs.throttleNext = 1;
        assertThatThrownBy(() -> act.handle(Map.of("step", "execute", "plan", p)))
                .isInstanceOf(ThrottledException.class);
        act.handle(Map.of("step", "execute", "plan", p));
        // a second plan on the same service five minutes later: the cooldown (15 min) refuses it at execute time
        clock.advance(Duration.ofMinutes(5));
        ecs.with(Samples.ordersService());
        Map<String, Object> p2 = plan("exec-4");
        assertThatThrownBy(() -> act.handle(Map.of("step", "execute", "plan", p2)))
                .isInstanceOf(GuardrailViolationException.class).hasMessageContaining("cooldown");
        assertThat(ecs.applies).isEqualTo(1);
    }

    @Test
    void rollingBackWhenNothingWasApplied_undoesNothing() {
        Map<String, Object> p = plan("exec-5");
        Map<String, Object> rb = act.handle(Map.of("step", "rollback", "plan", p, "reason", "execution-failed"));
        assertThat(rb.get("restored")).isEqualTo(false);
        assertThat(ecs.undos).isZero();
    }

    @Test
    void eachFunctionRefusesStepsThatAreNotItsOwn() {
        assertThatThrownBy(() -> act.handle(Map.of("step", "notify"))).hasMessageContaining("not handled here");
        assertThatThrownBy(() -> plan.handle(Map.of("step", "execute"))).hasMessageContaining("not handled here");
        assertThat(List.of(audit.size())).isNotEmpty();
    }

    @Test
    void aLambdaErrorCauseFromAws_isShownAsItsMessage() {
        assertThat(Steps.cause(Map.of("Error", "dev.vigil.remediation.ActionFailedException", "Cause",
                "{\"errorMessage\":\"UpdateService failed: boom\",\"errorType\":\"x\",\"stackTrace\":[]}")))
                .isEqualTo("UpdateService failed: boom");
        assertThat(Steps.cause(Map.of("Error", "E", "Cause", "plain words"))).isEqualTo("plain words");
        assertThat(Steps.cause(null)).isEqualTo("unknown reason");
    }
}
