package dev.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.testing.ProjectFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailsTest {

    private static final Instant T = Instant.parse("2024-05-01T10:15:00Z");
    private final RunbookCatalog catalog = RunbookCatalog.parse(ProjectFiles.read("infra/runbooks/catalog.yaml"));

    private Plan plan(String runbookId, dev.vigil.core.anomaly.AnomalyEvent a, ResourceState s) {
        Runbook rb = catalog.runbook(runbookId).orElseThrow();
        PlanResult r = Planner.plan("exec-1", a.id(), a, rb, catalog.action(rb.actionId()), s, List.of(), T);
        return ((PlanResult.Planned) r).plan();
    }

    private List<String> codes(GuardrailVerdict v) {
        return v.violations().stream().map(Violation::code).toList();
    }

    @Test
    void aPlanWithinEveryLimit_isAllowed() {
        Plan p = plan("orders-alb-latency-scale-out", Samples.ordersLatency(T), Samples.ordersService());
        assertThat(p.proposed()).containsEntry("desiredCount", "6");
        GuardrailVerdict v = Guardrails.evaluate(p, catalog.action(p.actionId()), Samples.ordersService(), List.of(), T);
        assertThat(v.allowed()).isTrue();
    }

    @Test
    void aMissingRequiredTag_isRefusedWithTheTagNamed() {
        Plan p = plan("checkout-latency-rollback", Samples.checkoutDuration(T), Samples.checkoutLive());
        GuardrailVerdict v = Guardrails.evaluate(p, catalog.action(p.actionId()), Samples.checkoutLive(), List.of(), T);
        assertThat(codes(v)).containsExactly("tag-missing");
        assertThat(v.violations().get(0).message()).contains("vigil:remediation=enabled");
    }

    @Test
    void aChangeBeyondTheRelativeLimit_isRefused() {
        ResourceState one = Samples.ordersService().with("desiredCount", "1");
        Plan p = plan("orders-alb-latency-scale-out", Samples.ordersLatency(T), one);
        // 1 -> 2 is +100%: allowed; from 9, x2 = 18 is allowed; but a 3x target is not
        Runbook tripled = new Runbook("t", "t", catalog.runbook("orders-alb-latency-scale-out").get().match(),
                "scale-out-ecs-service", Samples.ORDERS_SERVICE, new Target(Target.Kind.SCALE, 3), Map.of(),
                Mode.APPROVE, 1800, 7200, 300, 5, null);
        Plan p3 = ((PlanResult.Planned) Planner.plan("e", "i", Samples.ordersLatency(T), tripled,
                catalog.action("scale-out-ecs-service"), Samples.ordersService(), List.of(), T)).plan();
        GuardrailVerdict v = Guardrails.evaluate(p3, catalog.action("scale-out-ecs-service"), Samples.ordersService(),
                List.of(), T);
        assertThat(codes(v)).containsExactly("relative-change");
        assertThat(v.violations().get(0).message()).contains("3 → 9").contains("200% change");
        assertThat(Guardrails.evaluate(p, catalog.action(p.actionId()), one, List.of(), T).allowed()).isTrue();
    }

    @Test
    void aTargetAboveTheCeiling_isRefused() {
        ResourceState big = Samples.ordersService().with("desiredCount", "15");
        Plan p = plan("orders-alb-latency-scale-out", Samples.ordersLatency(T), big);
        GuardrailVerdict v = Guardrails.evaluate(p, catalog.action(p.actionId()), big, List.of(), T);
        assertThat(codes(v)).containsExactly("absolute-bounds");
        assertThat(v.violations().get(0).message()).isEqualTo("desiredCount 30 is above the ceiling 20");
    }

    @Test
    void anArnOutsideTheAllowedPatterns_isRefused() {
        Runbook other = new Runbook("o", "o", catalog.runbook("orders-alb-latency-scale-out").get().match(),
                "scale-out-ecs-service", "arn:aws:ecs:us-east-1:123456789012:service/payments/ledger",
                new Target(Target.Kind.ADD, 1), Map.of(), Mode.APPROVE, 1800, 7200, 300, 5, null);
        ResourceState ledger = new ResourceState("arn:aws:ecs:us-east-1:123456789012:service/payments/ledger",
                Map.of("desiredCount", "2"), Map.of("vigil:remediation", "enabled"));
        Plan p = ((PlanResult.Planned) Planner.plan("e", "i", Samples.ordersLatency(T), other,
                catalog.action("scale-out-ecs-service"), ledger, List.of(), T)).plan();
        GuardrailVerdict v = Guardrails.evaluate(p, catalog.action("scale-out-ecs-service"), ledger, List.of(), T);
        assertThat(codes(v)).containsExactly("arn-not-allowed");
    }

    @Test
    void cooldownAndHourlyRate_areCountedFromEarlierChangesOfTheResource() {
        Plan p = plan("orders-alb-latency-scale-out", Samples.ordersLatency(T), Samples.ordersService());
        ActionDefinition a = catalog.action(p.actionId());
        GuardrailVerdict recent = Guardrails.evaluate(p, a, Samples.ordersService(),
                List.of(T.minus(Duration.ofMinutes(5))), T);
        assertThat(codes(recent)).containsExactly("cooldown");
        GuardrailVerdict busy = Guardrails.evaluate(p, a, Samples.ordersService(), List.of(
                T.minus(Duration.ofMinutes(50)), T.minus(Duration.ofMinutes(40)), T.minus(Duration.ofMinutes(30))), T);
        assertThat(codes(busy)).containsExactly("rate-limit");
        GuardrailVerdict old = Guardrails.evaluate(p, a, Samples.ordersService(),
                List.of(T.minus(Duration.ofMinutes(61)), T.minus(Duration.ofMinutes(90))), T);
        assertThat(old.allowed()).isTrue();
    }

    @Test
    void aResourceChangedSincePlanning_isRefusedAsDrift() {
        Plan p = plan("orders-alb-latency-scale-out", Samples.ordersLatency(T), Samples.ordersService());
        ResourceState changed = Samples.ordersService().with("desiredCount", "5");
        GuardrailVerdict v = Guardrails.evaluate(p, catalog.action(p.actionId()), changed, List.of(), T);
        assertThat(codes(v)).containsExactly("state-drift");
    }

    @Test
    void autoModeForAnythingButLowRisk_isRefusedAtRunTimeToo() {
        Runbook auto = new Runbook("x", "x", catalog.runbook("checkout-latency-rollback").get().match(),
                "rollback-lambda-alias", Samples.CHECKOUT_LIVE, null, Map.of(), Mode.AUTO, 1800, 7200, 300, 5, null);
        ResourceState tagged = new ResourceState(Samples.CHECKOUT_LIVE, Samples.checkoutLive().values(),
                Map.of("vigil:remediation", "enabled"));
        Plan p = ((PlanResult.Planned) Planner.plan("e", "i", Samples.checkoutDuration(T), auto,
                catalog.action("rollback-lambda-alias"), tagged, List.of(), T)).plan();
        GuardrailVerdict v = Guardrails.evaluate(p, catalog.action("rollback-lambda-alias"), tagged, List.of(), T);
        assertThat(codes(v)).containsExactly("auto-needs-low-risk");
    }

    @Test
    void anAliasAtItsFirstVersion_cannotBePlanned() {
        ResourceState first = new ResourceState(Samples.CHECKOUT_LIVE, Map.of("functionVersion", "1",
                "previousVersion", "none"), Map.of());
        Runbook rb = catalog.runbook("checkout-latency-rollback").get();
        PlanResult r = Planner.plan("e", "i", Samples.checkoutDuration(T), rb, catalog.action(rb.actionId()), first,
                List.of(), T);
        assertThat(r).isInstanceOf(PlanResult.Unplannable.class);
        assertThat(((PlanResult.Unplannable) r).reason()).contains("no earlier published version");
    }

    @Test
    void highRiskPlansNeedTwoApprovers_andThePlanRoundTripsThroughJson() {
        ResourceState tagged = new ResourceState(Samples.CHECKOUT_LIVE, Samples.checkoutLive().values(),
                Map.of("vigil:remediation", "enabled"));
        Plan p = plan("checkout-latency-rollback", Samples.checkoutDuration(T), tagged);
        assertThat(p.requiredApprovals()).isEqualTo(2);
        assertThat(p.parameters()).containsEntry("functionVersion", "6");
        Plan back = Plan.fromMap(dev.vigil.core.json.JsonTree.object(dev.vigil.core.json.JsonTree.write(p.toMap())));
        assertThat(dev.vigil.core.json.JsonTree.write(back.toMap()))
                .isEqualTo(dev.vigil.core.json.JsonTree.write(p.toMap()));
    }
}
