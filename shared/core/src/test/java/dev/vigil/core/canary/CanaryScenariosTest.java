package dev.vigil.core.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.canary.CanaryScenarios.Kind;
import org.junit.jupiter.api.Test;

/** The "must show" of issue 15 on the held-out seeds (the defaults were tuned on {@link ScenarioTable#TUNING}). */
class CanaryScenariosTest {

    private static final ScenarioTable HELD_OUT = ScenarioTable.run(ScenarioTable.HELD_OUT, CanaryConfig.defaults());

    @Test
    void healthyCanariesWithFiveToFiftyPercentOfTraffic_passAtLeast95PercentOfTheTime() {
        assertThat(HELD_OUT.share(Kind.HEALTHY, CanaryResult.PASS)).isGreaterThanOrEqualTo(0.95);
        assertThat(HELD_OUT.share(Kind.NOISY, CanaryResult.PASS)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void everyErrorLatencyAndThrottlingRegression_fails() {
        for (Kind k : new Kind[] {Kind.ERROR_REGRESSION, Kind.LATENCY_MEAN, Kind.LATENCY_P99, Kind.THROTTLING}) {
            assertThat(HELD_OUT.share(k, CanaryResult.FAIL)).as(k.name()).isEqualTo(1.0);
        }
    }

    @Test
    void improvements_pass() {
        assertThat(HELD_OUT.share(Kind.IMPROVEMENT, CanaryResult.PASS)).isGreaterThanOrEqualTo(0.95);
        assertThat(HELD_OUT.share(Kind.IMPROVEMENT, CanaryResult.FAIL)).isZero();
    }

    @Test
    void aCanaryWithNoTraffic_neverPasses() {
        assertThat(HELD_OUT.share(Kind.NO_TRAFFIC, CanaryResult.PASS)).isZero();
        assertThat(HELD_OUT.share(Kind.LOW_SHARE, CanaryResult.PASS)).isLessThan(0.25);
    }
}
