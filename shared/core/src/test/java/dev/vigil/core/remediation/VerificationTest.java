package dev.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.testing.ProjectFiles;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationTest {
    private static final Instant T = Instant.parse("2024-05-01T10:15:00Z");
    private final RunbookCatalog catalog = RunbookCatalog.parse(ProjectFiles.read("infra/runbooks/catalog.yaml"));
    private final Plan plan = ((PlanResult.Planned) Planner.plan("e", "i", Samples.ordersLatency(T),
            catalog.runbook("orders-alb-latency-scale-out").get(), catalog.action("scale-out-ecs-service"),
            Samples.ordersService(), List.of(), T)).plan();

    @Test
    void valuesBackUnderTheUpperBound_verify_evenBelowTheLowerOne() {
        Verification v = Verification.check(plan, List.of(0.08, 0.07, 0.05), T);
        assertThat(v.withinBand()).isTrue();
    }

    @Test
    void oneValueStillAboveTheBand_failsVerification_withTheWorstValue() {
        Verification v = Verification.check(plan, List.of(0.08, 0.2, 0.09), T);
        assertThat(v.withinBand()).isFalse();
        assertThat(v.reason()).contains("1 of 3").contains("0.2000");
    }

    @Test
    void noDatapoints_cannotConfirmAFix() {
        assertThat(Verification.check(plan, List.of(), T).withinBand()).isFalse();
    }
}
