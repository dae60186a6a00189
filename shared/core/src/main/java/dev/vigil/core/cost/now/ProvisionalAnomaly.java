package dev.vigil.core.cost.now;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A cost anomaly raised before the export can show it (DESIGN.md, "Provisional cost anomaly"): an estimate of a
 * change in spend, its cause, and, once an export covers its day, what the export said.
 *
 * @param estimatedHourlyCost  the change in $ per hour, at list price, now
 * @param estimatedDailyImpact that rate over a whole day: the figure the $ and % thresholds are applied to
 * @param estimatedImpactOnDate the excess the export should show on {@code date}: each change's rate from its own
 *                             time to the end of the day (a start at 10:05 counts 13 h 55 min)
 * @param expectedDailyCost    the scope's expected daily cost the % threshold is taken against (0: no history)
 * @param changes              what the estimate is made of (one line per resource change)
 * @param unpriced             changes that could not be priced (throttled, unknown SKU), so not in the figure
 * @param basis                what the estimate rests on, in words, for the message
 * @param exportImpact         the export's excess on {@code date} (after reconciliation; NaN before)
 * @param exportAt             when the export covering the day was delivered (null before)
 * @param slackTs              the Slack message (channel and ts) to update in place, when one was posted
 */
public record ProvisionalAnomaly(String id, Source source, Instant detectedAt, LocalDate date, String account,
                                 String region, String service, String key, double estimatedHourlyCost,
                                 double estimatedDailyImpact, double estimatedImpactOnDate, double expectedDailyCost,
                                 Status status, Cause cause, List<ChangeLine> changes, List<String> unpriced,
                                 String basis, Instant reconciledAt, double exportImpact, Instant exportAt,
                                 String slackChannel, String slackTs) {

    public enum Source {
        CLOUDTRAIL("cloudtrail"), ESTIMATED_CHARGES("estimated-charges");

        private final String code;

        Source(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Source fromCode(String c) {
            for (Source s : values()) {
                if (s.code.equals(c)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown provisional source '" + c + "'");
        }
    }

    public enum Status {
        OPEN, CONFIRMED, REVISED, RETRACTED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromCode(String c) {
            return valueOf(c.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Who or what caused it: the first (largest) change's event, principal, resource and stack. */
    public record Cause(String eventName, String principal, String resource, String stack) {
    }

    /** One change inside the estimate. */
    public record ChangeLine(String eventName, String resource, String service, Instant at, double hourlyCost,
                             boolean priced, String note) {
    }

    public ProvisionalAnomaly {
        changes = List.copyOf(changes);
        unpriced = List.copyOf(unpriced);
    }

    /** Hours from detection to the export that covered the day (NaN before reconciliation). */
    public double leadTimeHours() {
        return exportAt == null ? Double.NaN : (exportAt.toEpochMilli() - detectedAt.toEpochMilli()) / 3_600_000.0;
    }

    public ProvisionalAnomaly reconciled(Status s, Instant at, double exportImpact, Instant exportAt) {
        return new ProvisionalAnomaly(id, source, detectedAt, date, account, region, service, key,
                estimatedHourlyCost, estimatedDailyImpact, estimatedImpactOnDate, expectedDailyCost, s, cause, changes,
                unpriced, basis, at, exportImpact, exportAt, slackChannel, slackTs);
    }

    public ProvisionalAnomaly withSlack(String channel, String ts) {
        return new ProvisionalAnomaly(id, source, detectedAt, date, account, region, service, key,
                estimatedHourlyCost, estimatedDailyImpact, estimatedImpactOnDate, expectedDailyCost, status, cause,
                changes, unpriced, basis, reconciledAt, exportImpact, exportAt, channel, ts);
    }
}
