package dev.vigil.core.cost.detect;

import java.time.LocalDate;
import java.util.List;

/**
 * A cost anomaly: the {@code vigil.cost-anomaly} event and one element of {@code anomalies.json}.
 * Contract fields (DESIGN.md): date, dimension, key, account, actualCost, expectedCost, impact, impactPercent,
 * score, severity, contributors[{dimension,key,impact}]. Extra fields: id, kind, lower/upper (the expected band),
 * durationDays, suppressed (by analyst feedback).
 */
public record CostAnomaly(String id, LocalDate date, Scope scope, AnomalyKind kind, double actualCost,
                          double expectedCost, double lower, double upper, double impact, double impactPercent,
                          double score, String severity, List<Contributor> contributors, int durationDays,
                          boolean suppressed) {

    /** {@code cost:<date>:<dimension>:<account or *>:<key>}: stable across runs, and parseable back. */
    public static String idOf(LocalDate date, Scope scope) {
        return "cost:" + date + ":" + scope.dimension().code() + ":" + (scope.account() == null ? "*" : scope.account())
                + ":" + scope.key();
    }

    /** The scope and date named by an anomaly id. */
    public static ParsedId parseId(String id) {
        String[] p = id.split(":", 5);
        if (p.length != 5 || !p[0].equals("cost")) {
            throw new IllegalArgumentException("not a cost anomaly id: " + id);
        }
        return new ParsedId(LocalDate.parse(p[1]), new Scope(Dimension.fromCode(p[2]), p[4],
                p[3].equals("*") ? null : p[3]));
    }

    /** A date and scope read from an id. */
    public record ParsedId(LocalDate date, Scope scope) {
    }

    public CostAnomaly withKind(AnomalyKind k) {
        return new CostAnomaly(id, date, scope, k, actualCost, expectedCost, lower, upper, impact, impactPercent, score,
                severity, contributors, durationDays, suppressed);
    }

    public CostAnomaly withDuration(int days) {
        return new CostAnomaly(id, date, scope, kind, actualCost, expectedCost, lower, upper, impact, impactPercent,
                score, severity, contributors, days, suppressed);
    }

    public CostAnomaly withContributors(List<Contributor> cs) {
        return new CostAnomaly(id, date, scope, kind, actualCost, expectedCost, lower, upper, impact, impactPercent,
                score, severity, List.copyOf(cs), durationDays, suppressed);
    }

    public CostAnomaly withSuppressed(boolean s) {
        return new CostAnomaly(id, date, scope, kind, actualCost, expectedCost, lower, upper, impact, impactPercent,
                score, severity, contributors, durationDays, s);
    }
}
