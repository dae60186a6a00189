package dev.vigil.core.canary;

import java.util.List;

/**
 * The judge's answer for one window.
 *
 * @param score          0–100: the weighted share of decided metrics that did not regress (see {@link CanaryJudge})
 * @param reason         why the result is what it is, in words
 * @param fromMillis     the first minute judged (epoch ms), or 0 with no data
 * @param toMillis       the end of the last minute judged (exclusive)
 * @param canaryShare    the canary's share of the invocations of the two versions (0..1), NaN with none
 */
public record CanaryVerdict(CanaryTarget target, CanaryResult result, double score, List<MetricJudgement> metrics,
                            String reason, long fromMillis, long toMillis, double baselineInvocations,
                            double canaryInvocations, double canaryShare) {

    public CanaryVerdict {
        metrics = List.copyOf(metrics);
    }

    public List<MetricJudgement> failures() {
        return metrics.stream().filter(MetricJudgement::failed).toList();
    }
}
