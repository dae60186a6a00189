package dev.vigil.core.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.canary.CanaryScenarios.Kind;
import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {

    private static final CanaryTarget T = new CanaryTarget("checkout-api", "live", "41", "42");
    private final CanaryJudge judge = new CanaryJudge(CanaryConfig.defaults());

    /** Twenty minutes; the canary takes {@code share} of 2,000 invocations a minute. */
    private static CanaryWindow window(double share, double baseErr, double canErr, double baseMs, double canMs,
                                       double canThrottles) {
        Map<Long, MinuteStats> b = new TreeMap<>();
        Map<Long, MinuteStats> c = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            long t = 1_767_225_600_000L + i * 60_000L;
            double wobble = 1 + 0.05 * Math.sin(i);   // both versions see the same minute
            double nB = Math.round(2000 * (1 - share));
            double nC = Math.round(2000 * share);
            b.put(t, MinuteStats.of(nB, Math.round(nB * baseErr * wobble), 0, baseMs * wobble
                    * (1 + 0.02 * Math.cos(3 * i)), Map.of("p99", 4 * baseMs * wobble)));
            c.put(t, MinuteStats.of(nC, Math.round(nC * canErr * wobble + (i % 3 == 0 ? 1 : 0)),
                    Math.round(nC * canThrottles), canMs * wobble * (1 + 0.02 * Math.sin(5 * i)),
                    Map.of("p99", 4 * canMs * wobble * (1 + 0.03 * Math.cos(i)))));
        }
        return CanaryWindow.of(T, b, c);
    }

    private static MetricJudgement metric(CanaryVerdict v, String name) {
        return v.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aCanaryOnATenthOfTheTrafficBehavingLikeTheOldVersion_passes() {
        CanaryVerdict v = judge.judge(window(0.10, 0.002, 0.002, 120, 121, 0));
        assertThat(v.result()).isEqualTo(CanaryResult.PASS);
        assertThat(v.score()).isEqualTo(100.0);
        assertThat(metric(v, "ErrorRate").classification()).isEqualTo(Classification.PASS);
        assertThat(v.canaryShare()).isBetween(0.09, 0.11);
    }

    @Test
    void anErrorRateFromPointTwoToTwoPercent_failsOnTheCriticalErrorsGroup() {
        CanaryVerdict v = judge.judge(window(0.10, 0.002, 0.02, 120, 120, 0));
        assertThat(v.result()).isEqualTo(CanaryResult.FAIL);
        MetricJudgement e = metric(v, "ErrorRate");
        assertThat(e.classification()).isEqualTo(Classification.HIGH);
        assertThat(e.pValue()).isLessThan(0.001);
        assertThat(e.effectSize()).isGreaterThan(5);
        assertThat(e.reason()).contains("higher").contains("allowed");
        assertThat(v.reason()).contains("ErrorRate");
    }

    @Test
    void aMeanLatencyOneAndAHalfTimesTheOldVersions_failsOnDurationAndP99() {
        CanaryVerdict v = judge.judge(window(0.2, 0.002, 0.002, 100, 150, 0));
        assertThat(v.result()).isEqualTo(CanaryResult.FAIL);
        assertThat(metric(v, "Duration").classification()).isEqualTo(Classification.HIGH);
        assertThat(metric(v, "Duration p99").classification()).isEqualTo(Classification.HIGH);
        assertThat(metric(v, "Duration").effectSize()).isBetween(1.4, 1.6);
    }

    @Test
    void aFasterCanaryWithFewerErrors_isLowAndStillPasses() {
        CanaryVerdict v = judge.judge(window(0.3, 0.01, 0.002, 200, 120, 0));
        assertThat(v.result()).isEqualTo(CanaryResult.PASS);
        assertThat(metric(v, "Duration").classification()).isEqualTo(Classification.LOW);
        assertThat(metric(v, "Duration").failed()).isFalse();
        assertThat(metric(v, "ErrorRate").classification()).isEqualTo(Classification.LOW);
    }

    @Test
    void aThrottledCanary_failsOnThrottleRate() {
        CanaryVerdict v = judge.judge(window(0.1, 0.002, 0.002, 100, 100, 0.1));
        assertThat(metric(v, "ThrottleRate").classification()).isEqualTo(Classification.HIGH);
        assertThat(v.result()).isEqualTo(CanaryResult.FAIL);
    }

    @Test
    void aCanaryWithAlmostNoTraffic_isNoDataAndMarginalNeverAPass() {
        CanaryVerdict v = judge.judge(window(0.002, 0.002, 0.002, 100, 100, 0));   // 4 invocations a minute
        assertThat(metric(v, "Invocations").classification()).isEqualTo(Classification.NODATA);
        assertThat(metric(v, "Invocations").reason()).contains("too little canary traffic");
        assertThat(v.result()).isEqualTo(CanaryResult.MARGINAL);
    }

    @Test
    void aCanaryWithNoMinutesAtAll_isMarginalWithScoreZero() {
        CanaryVerdict v = judge.judge(CanaryWindow.of(T, Map.of(), Map.of()));
        assertThat(v.result()).isEqualTo(CanaryResult.MARGINAL);
        assertThat(v.score()).isZero();
        assertThat(v.metrics()).allMatch(m -> m.classification() == Classification.NODATA);
    }

    @Test
    void withoutBaselineMinutes_latencyIsComparedWithTheLearnedBaseline() {
        CanaryWindow w = window(0.5, 0.002, 0.002, 100, 190, 0);
        CanaryWindow canaryOnly = CanaryWindow.of(T, Map.of(), w.canary());
        CanaryVerdict v = judge.judge(canaryOnly, Map.of("Duration", new LearnedBaseline(100, 8)));
        MetricJudgement d = metric(v, "Duration");
        assertThat(d.classification()).isEqualTo(Classification.HIGH);
        assertThat(d.reason()).contains("learned");
        assertThat(judge.judge(canaryOnly).metrics().stream().filter(m -> m.name().equals("Duration")).findFirst()
                .orElseThrow().classification()).isEqualTo(Classification.NODATA);
    }

    @Test
    void aNonCriticalGroupRegressing_lowersTheScoreToMarginalInsteadOfFailing() {
        CanaryConfig cfg = CanaryConfig.forFunction(ConfigTree.parse("""
                canary:
                  groups: {latency: {weight: 20, critical: false}}
                  thresholds: {pass: 95, marginal: 70}
                """, "test"), "checkout-api");
        CanaryVerdict v = new CanaryJudge(cfg).judge(window(0.2, 0.002, 0.002, 100, 150, 0));
        // errors 50 x 100% + latency 20 x 0% over 70 = 71.4
        assertThat(v.score()).isEqualTo(71.4);
        assertThat(v.result()).isEqualTo(CanaryResult.MARGINAL);
    }

    @Test
    void theFirstFunctionEntryWhoseGlobMatches_overridesTheBlocksDefaults() {
        ConfigTree root = ConfigTree.parse("""
                canary:
                  alpha: 0.02
                  functions:
                    - match: "checkout-*"
                      errors: {maxRatio: 3}
                    - match: "*"
                      errors: {maxRatio: 9}
                """, "test");
        CanaryConfig c = CanaryConfig.forFunction(root, "checkout-api");
        assertThat(c.alpha()).isEqualTo(0.02);
        assertThat(c.errorMaxRatio()).isEqualTo(3);
        assertThat(CanaryConfig.forFunction(root, "billing").errorMaxRatio()).isEqualTo(9);
        assertThat(CanaryConfig.forFunction(ConfigTree.empty(), "x")).isEqualTo(CanaryConfig.defaults());
    }

    @Test
    void theBundledConfigBlock_isExactlyTheDefaults() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("vigil.projectRoot", "../.."), "config/vigil.yaml");
        ConfigTree root = ConfigTree.parse(java.nio.file.Files.readString(file), file.toString());
        assertThat(CanaryConfig.forFunction(root, "anything")).isEqualTo(CanaryConfig.defaults());
    }

    @Test
    void aBadConfigValue_failsNamingItsPath() {
        assertThatThrownBy(() -> CanaryConfig.forFunction(ConfigTree.parse("canary: {alpha: high}", "t"), "f"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canary.alpha");
        assertThatThrownBy(() -> CanaryConfig.forFunction(ConfigTree.parse("canary: {alpha: 0.9}", "t"), "f"))
                .hasMessageContaining("alpha must be in");
    }

    @Test
    void theWindowCountsOnlyTheVersionedDimensionSetOfItsOwnFunctionAndAlias() {
        CanaryWindow w = new CanaryWindow(T);
        long t = 1_767_225_600_000L;
        Map<String, String> versioned = Map.of("FunctionName", "checkout-api", "Resource", "checkout-api:live",
                "ExecutedVersion", "42");
        List<MetricDatum> data = List.of(
                datum("Invocations", versioned, t, 10),
                datum("Invocations", versioned, t + 5_000, 5),             // same minute, second record
                datum("Invocations", Map.of("FunctionName", "checkout-api"), t, 100),
                datum("Invocations", Map.of("FunctionName", "checkout-api", "Resource", "checkout-api:live"), t, 100),
                datum("Invocations", Map.of("FunctionName", "checkout-api", "Resource", "checkout-api:beta",
                        "ExecutedVersion", "42"), t, 100),
                datum("Invocations", Map.of("FunctionName", "other", "Resource", "other:live",
                        "ExecutedVersion", "42"), t, 100),
                datum("ConcurrentExecutions", versioned, t, 3));
        w.addAll(data, List.of());
        assertThat(w.canary()).hasSize(1);
        assertThat(w.canary().get(t).invocations()).isEqualTo(15);
        assertThat(w.baseline()).isEmpty();
        assertThat(w.ignored()).isEqualTo(5);
    }

    @Test
    void theSameSeed_givesTheSameScenarioAndTheSameVerdict() {
        CanaryVerdict a = judge.judge(CanaryScenarios.generate(Kind.NOISY, 7).window());
        CanaryVerdict b = judge.judge(CanaryScenarios.generate(Kind.NOISY, 7).window());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void theTargetRefusesTheSameVersionOnBothSides() {
        assertThatThrownBy(() -> new CanaryTarget("f", "live", "3", "3")).hasMessageContaining("same version");
    }

    private static MetricDatum datum(String metric, Map<String, String> dims, long t, double sum) {
        return new MetricDatum(SeriesId.of("123456789012", "us-east-1", "AWS/Lambda", metric, dims), t,
                StatisticSet.of(1, 0, sum, sum), "Count");
    }
}
