package dev.vigil.core.pipeline;

import dev.vigil.core.detect.Severity;
import dev.vigil.core.detect.Verdict;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.ObservationPolicy;
import java.util.Locale;

/**
 * Which anomalous verdicts become {@code vigil.anomaly} events. Everything the detector calls anomalous is still
 * counted ({@link BatchStats#anomalies}); only what people should act on is published:
 *
 * <ul>
 *   <li>its severity is at least {@code minSeverity} (the one documented threshold: {@code AnomalyMinSeverity} in
 *       the template, {@code ANOMALY_MIN_SEVERITY} in the function's environment), and</li>
 *   <li>for event counts (unit {@code Count}, scored as a rate), the minute's count is beyond Poisson noise around
 *       the expected count λ: {@code |c − λ| ≥ 4·√λ + 4}. A counter that sits at zero and ticks to 2 errors in a
 *       minute is a million σ from its zero baseline, but it is not news; 40 errors are.</li>
 * </ul>
 *
 * @param minSeverity the least severity that is published
 */
public record PublishPolicy(Severity minSeverity) {

    /** Medium and above: on the generated CloudWatch streams, low-severity verdicts were mostly noise. */
    public static final Severity DEFAULT_MIN_SEVERITY = Severity.MEDIUM;

    public PublishPolicy {
        java.util.Objects.requireNonNull(minSeverity, "minSeverity");
    }

    public static PublishPolicy defaults() {
        return new PublishPolicy(DEFAULT_MIN_SEVERITY);
    }

    /** Parses {@code low}, {@code medium}, {@code high} or {@code critical} (any case); a typo is an error. */
    public static PublishPolicy parse(String minSeverity) {
        try {
            return new PublishPolicy(Severity.valueOf(minSeverity.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("anomaly minimum severity must be low, medium, high or critical, not '"
                    + minSeverity + "'");
        }
    }

    /** Whether this anomalous verdict on this datum is published. */
    public boolean publishes(MetricDatum datum, Verdict.Anomalous verdict) {
        if (verdict.severity().compareTo(minSeverity) < 0) {
            return false;
        }
        if ("Count".equals(datum.unit()) && ObservationPolicy.statisticFor(datum.series().metricName(), datum.unit())
                == ObservationPolicy.Statistic.RATE_PER_SECOND) {
            double count = datum.value().sum();
            double expected = Math.max(0, verdict.explanation().expected() * ObservationPolicy.PERIOD_SECONDS);
            return Math.abs(count - expected) >= 4 * Math.sqrt(expected) + 4;
        }
        return true;
    }
}
