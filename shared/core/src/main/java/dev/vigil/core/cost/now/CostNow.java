package dev.vigil.core.cost.now;

import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.slack.SlackChat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pass of the provisional cost path, shared by {@code vigil cost-now} and the tests: CloudTrail changes
 * through the {@link SpendLedger} (in time order), EstimatedCharges through {@link EstimatedCharges}, merged with
 * what an earlier pass found (same ids: first detection and Slack message kept), reconciled where an export
 * covers the day, and each new or changed anomaly posted or updated in Slack.
 */
public final class CostNow {

    /** What a pass saw and produced. */
    public record Outcome(List<ProvisionalAnomaly> anomalies, int events, int changes, int ignored, int badEvents,
                          List<String> errors, int metricPoints, int posted, int updated) {
    }

    private final PriceBook prices;
    private final DetectionConfig config;
    private final ExpectedSpend expected;
    private final SlackChat slack;
    private final String channel;

    public CostNow(PriceBook prices, DetectionConfig config, ExpectedSpend expected, SlackChat slack, String channel) {
        this.prices = prices;
        this.config = config;
        this.expected = expected;
        this.slack = slack;
        this.channel = channel;
    }

    /**
     * @param asOf events after this instant are not seen yet (a replay stops at "now")
     * @param export the export detector's result when an export covers some days (null: none yet)
     */
    public Outcome run(List<ProvisionalAnomaly> previous, List<String> cloudTrailEvents, List<EstimatedCharges.Point> points,
                       DetectionResult export, Instant exportAt, Instant asOf) {
        List<ResourceChange> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int ignored = 0;
        for (String e : cloudTrailEvents) {
            try {
                CloudTrailChanges.Result r = CloudTrailChanges.parse(e);
                if (r instanceof CloudTrailChanges.Result.Changes c) {
                    changes.addAll(c.changes());
                } else {
                    ignored++;
                }
            } catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());   // one bad event fails alone
            }
        }
        changes.removeIf(c -> asOf != null && c.at().isAfter(asOf));
        changes.sort(Comparator.comparing(ResourceChange::at));
        SpendLedger ledger = new SpendLedger(prices, config, expected);
        for (ResourceChange c : changes) {
            ledger.apply(c, c.at());
        }
        List<EstimatedCharges.Point> seen = points.stream().filter(p -> asOf == null || !p.at().isAfter(asOf)).toList();
        List<ProvisionalAnomaly> found = new ArrayList<>(ledger.anomalies());
        found.addAll(EstimatedCharges.detect(EstimatedCharges.rates(seen), config, expected));

        Map<String, ProvisionalAnomaly> prev = new LinkedHashMap<>();
        for (ProvisionalAnomaly p : previous) {
            prev.put(p.id(), p);
        }
        Map<String, ProvisionalAnomaly> merged = new LinkedHashMap<>(prev);
        for (ProvisionalAnomaly a : found) {
            ProvisionalAnomaly p = prev.get(a.id());
            if (p == null) {
                merged.put(a.id(), a);
            } else if (p.status() == ProvisionalAnomaly.Status.OPEN) {
                merged.put(a.id(), new ProvisionalAnomaly(a.id(), a.source(), p.detectedAt(), a.date(), a.account(),
                        a.region(), a.service(), a.key(), a.estimatedHourlyCost(), a.estimatedDailyImpact(),
                        a.estimatedImpactOnDate(), a.expectedDailyCost(), p.status(), a.cause(), a.changes(),
                        a.unpriced(), a.basis(), null, Double.NaN, null, p.slackChannel(), p.slackTs()));
            }
        }
        List<ProvisionalAnomaly> out = new ArrayList<>();
        Reconciler rec = new Reconciler(config);
        int posted = 0;
        int updated = 0;
        for (ProvisionalAnomaly a : merged.values()) {
            ProvisionalAnomaly r = export == null ? a : rec.reconcileOne(a, export, exportAt, asOf);
            if (slack != null && channel != null) {
                ProvisionalAnomaly before = prev.get(r.id());
                if (r.slackTs() == null) {
                    SlackChat.Posted ps = slack.post(channel, ProvisionalMessages.text(r), ProvisionalMessages.blocks(r));
                    r = r.withSlack(ps.channel(), ps.ts());
                    posted++;
                } else if (before == null || !Objects.equals(ProvisionalMessages.text(before), ProvisionalMessages.text(r))) {
                    slack.update(r.slackChannel(), r.slackTs(), ProvisionalMessages.text(r), ProvisionalMessages.blocks(r));
                    updated++;
                }
            }
            out.add(r);
        }
        out.sort(Comparator.comparing(ProvisionalAnomaly::detectedAt).thenComparing(ProvisionalAnomaly::id));
        return new Outcome(out, cloudTrailEvents.size(), changes.size(), ignored, errors.size(), errors, seen.size(),
                posted, updated);
    }
}
