package dev.vigil.costnow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.vigil.aws.dynamo.DynamoLedgerStore;
import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.detect.DetectionResult;
import dev.vigil.core.cost.now.CloudTrailChanges;
import dev.vigil.core.cost.now.EstimatedCharges;
import dev.vigil.core.cost.now.ExpectedSpend;
import dev.vigil.core.cost.now.ProvisionalAnomaly;
import dev.vigil.core.cost.now.ProvisionalMessages;
import dev.vigil.core.cost.now.Reconciler;
import dev.vigil.core.cost.now.ResourceChange;
import dev.vigil.core.cost.now.SpendLedger;
import dev.vigil.core.cost.read.BadRows;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.scorecard.Counters;
import dev.vigil.core.slack.SlackChat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cost-now function. Two inputs, both from EventBridge:
 * <ul>
 *   <li>{@code AWS API Call via CloudTrail} events (default bus, {@code aws.*} sources, which cannot be forged):
 *       the spend changes go through the account's {@link SpendLedger} (kept in DynamoDB); an anomaly that is
 *       new, or whose estimate moved, is published as a {@code vigil.cost-anomaly} with {@code provisional: true}
 *       and its Slack message posted or updated in place;</li>
 *   <li>an hourly {@code Scheduled Event}: {@code AWS/Billing EstimatedCharges} is polled (GetMetricData) and
 *       scored per service; then open anomalies whose day the export (CostDaily) now covers are reconciled
 *       (confirmed / revised / retracted), published again and their message updated.</li>
 * </ul>
 * A bad event fails alone (an error result, logged); an unpriced change is noted in the anomaly, never dropped.
 */
public final class CostNowHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final int KEEP_DAYS = 7;
    static final int MAX_SEEN = 5_000;
    static final int WRITE_ATTEMPTS = 4;

    private final Wiring w;
    private volatile ExpectedSpend expected;
    private volatile Instant expectedAt = Instant.EPOCH;

    public CostNowHandler() {
        this(Wiring.fromEnvironment());
    }

    CostNowHandler(Wiring w) {
        this.w = w;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("detail-type"));
        if ("Scheduled Event".equals(type)) {
            return reconcile();
        }
        CloudTrailChanges.Result r;
        try {
            r = CloudTrailChanges.parse(event);
        } catch (IllegalArgumentException e) {
            w.log().warn("not a CloudTrail event", Map.of("error", e.getMessage()));
            return Map.of("status", "error", "error", e.getMessage());
        }
        if (r instanceof CloudTrailChanges.Result.Ignored i) {
            return Map.of("status", "ignored", "reason", i.reason());
        }
        List<ResourceChange> changes = ((CloudTrailChanges.Result.Changes) r).changes();
        String account = changes.get(0).account();
        Instant now = w.clock().get();
        for (int attempt = 1; ; attempt++) {
            DynamoLedgerStore.Loaded l = w.ledgers().load(account);
            SpendLedger ledger = SpendLedger.fromTree(l.state(), w.prices(), w.settings().detection(), expected(now));
            Map<String, ProvisionalAnomaly> before = new LinkedHashMap<>();
            for (ProvisionalAnomaly a : ledger.anomalies()) {
                before.put(a.id(), a);
            }
            List<ProvisionalAnomaly> touched = new ArrayList<>();
            for (ResourceChange c : changes) {
                ledger.apply(c, now).anomaly().ifPresent(a -> {
                    touched.removeIf(t -> t.id().equals(a.id()));
                    touched.add(a);
                });
            }
            List<ProvisionalAnomaly> toSend = new ArrayList<>();
            for (ProvisionalAnomaly a : touched) {
                ProvisionalAnomaly b = before.get(a.id());
                if (b == null || moved(b, a)) {
                    toSend.add(a);
                }
            }
            List<ProvisionalAnomaly> sent = notify(toSend, before);
            sent.forEach(ledger::put);
            if (w.ledgers().save(account, ledger.toTree(now, KEEP_DAYS, MAX_SEEN), l.version())) {
                Set<String> undelivered = w.publisher().publish(sent);
                scorecard(sent.stream().filter(a -> !before.containsKey(a.id())).toList(), now);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("account", account);
                f.put("changes", changes.size());
                f.put("published", sent.size() - undelivered.size());
                f.put("undelivered", undelivered.size());
                w.log().info("cost-now changes applied", f);
                return Map.of("status", "ok", "changes", changes.size(), "published", sent.size() - undelivered.size(),
                        "anomalies", sent.stream().map(ProvisionalAnomaly::id).toList());
            }
            if (attempt >= WRITE_ATTEMPTS) {
                // let Lambda's asynchronous retry deliver the event again; the ledger is idempotent per event id
                throw new IllegalStateException("cost-now ledger of " + account + " kept changing under us");
            }
        }
    }

    /**
     * The scorecard's provisional figures, as EMF metrics in {@code Vigil/AIOps}: {@code ProvisionalOpened},
     * {@code ProvisionalConfirmed}, {@code ProvisionalRevised}, {@code ProvisionalRetracted} (precision =
     * (confirmed + revised) / all three) and {@code ProvisionalLeadTimeSeconds} samples (CloudWatch computes the
     * median, p50, from them).
     */
    private void scorecard(List<ProvisionalAnomaly> sent, Instant now) {
        if (w.emf() == null || sent.isEmpty()) {
            return;
        }
        Counters c = new Counters();
        long at = now.toEpochMilli();
        for (ProvisionalAnomaly a : sent) {
            switch (a.status()) {
                case OPEN -> c.add(at, "ProvisionalOpened", 1);
                case CONFIRMED -> c.add(at, "ProvisionalConfirmed", 1);
                case REVISED -> c.add(at, "ProvisionalRevised", 1);
                case RETRACTED -> c.add(at, "ProvisionalRetracted", 1);
            }
            if (a.status() == ProvisionalAnomaly.Status.CONFIRMED || a.status() == ProvisionalAnomaly.Status.REVISED) {
                c.sample(at, "ProvisionalLeadTimeSeconds", a.leadTimeHours() * 3600);
            }
        }
        w.emf().emit(c, at);
    }

    /** Worth a new event and message: the estimate moved by a tenth, or the cause changed. */
    static boolean moved(ProvisionalAnomaly b, ProvisionalAnomaly a) {
        double d = Math.abs(a.estimatedDailyImpact() - b.estimatedDailyImpact());
        return d > 0.1 * Math.max(1, Math.abs(b.estimatedDailyImpact())) || !Objects.equals(a.cause(), b.cause());
    }

    private List<ProvisionalAnomaly> notify(List<ProvisionalAnomaly> as, Map<String, ProvisionalAnomaly> before) {
        List<ProvisionalAnomaly> out = new ArrayList<>();
        SlackChat slack = w.slack();
        for (ProvisionalAnomaly a : as) {
            ProvisionalAnomaly b = before.get(a.id());
            if (slack == null) {
                out.add(a);
                continue;
            }
            try {
                if (a.slackTs() == null) {
                    SlackChat.Posted p = slack.post(w.channel(), ProvisionalMessages.text(a), ProvisionalMessages.blocks(a));
                    a = a.withSlack(p.channel(), p.ts());
                } else if (b == null || !ProvisionalMessages.text(b).equals(ProvisionalMessages.text(a))) {
                    slack.update(a.slackChannel(), a.slackTs(), ProvisionalMessages.text(a), ProvisionalMessages.blocks(a));
                }
            } catch (RuntimeException e) {
                // Slack down: the event still goes to the bus; the message is tried with the next change
                w.log().warn("slack message failed", Map.of("id", a.id(), "error", String.valueOf(e.getMessage())));
            }
            out.add(a);
        }
        return out;
    }

    /** The export's expected daily cost per service, from CostDaily, refreshed hourly per container. */
    private ExpectedSpend expected(Instant now) {
        if (expected == null || now.isAfter(expectedAt.plusSeconds(3600))) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<CostFact> facts = new ArrayList<>();
            for (String exportId : w.costs().exports()) {
                facts.addAll(w.costs().load(exportId, today.minusDays(ExpectedSpend.WINDOW_DAYS + 1), today));
            }
            expected = ExpectedSpend.fromFacts(facts);
            expectedAt = now;
        }
        return expected;
    }

    /**
     * The hourly run: polls EstimatedCharges (when enabled) into provisional anomalies, then reconciles every
     * account's open anomalies whose day the export now covers.
     */
    Map<String, Object> reconcile() {
        Instant now = w.clock().get();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<CostFact> facts = new ArrayList<>();
        for (String exportId : w.costs().exports()) {
            facts.addAll(w.costs().load(exportId, today.minusDays(w.settings().historyDays()), today));
        }
        List<ProvisionalAnomaly> charged = List.of();
        if (w.charges() != null) {
            // two weeks of month-to-date points: enough history for the learned rate (6 updates a day or so)
            List<EstimatedCharges.Point> points = w.charges().poll(w.account(), now.minus(Duration.ofDays(14)), now);
            charged = EstimatedCharges.detect(EstimatedCharges.rates(points), w.settings().detection(),
                    ExpectedSpend.fromFacts(facts)).stream()
                    .filter(a -> !a.detectedAt().isBefore(now.minus(Duration.ofDays(KEEP_DAYS)))).toList();
        }
        DetectionResult export = facts.isEmpty() ? null : CostReport.build("cost-now", facts,
                new CostReport.Input(0, new BadRows(), List.of(), Set.of("USD"), false, 0, 0, List.of()),
                CostMetric.AMORTIZED, w.settings().detection(), w.costs().marks(), today, now).detection();
        Reconciler rec = new Reconciler(w.settings().detection());
        int reconciled = 0;
        int fromCharges = 0;
        Set<String> accounts = new java.util.LinkedHashSet<>(w.ledgers().accounts());
        if (w.account() != null && !charged.isEmpty()) {
            accounts.add(w.account());
        }
        for (String account : accounts) {
            for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
                DynamoLedgerStore.Loaded l = w.ledgers().load(account);
                SpendLedger ledger = SpendLedger.fromTree(l.state(), w.prices(), w.settings().detection(),
                        ExpectedSpend.NONE);
                Map<String, ProvisionalAnomaly> before = new LinkedHashMap<>();
                for (ProvisionalAnomaly a : ledger.anomalies()) {
                    before.put(a.id(), a);
                }
                List<ProvisionalAnomaly> changed = new ArrayList<>();
                int fresh = 0;
                for (ProvisionalAnomaly c : charged) {
                    ProvisionalAnomaly b = before.get(c.id());
                    if (!account.equals(c.account())) {
                        continue;
                    }
                    if (b == null) {
                        ledger.put(c);
                        changed.add(c);
                        fresh++;
                    } else if (b.status() == ProvisionalAnomaly.Status.OPEN && moved(b, c)) {
                        ProvisionalAnomaly u = new ProvisionalAnomaly(c.id(), c.source(), b.detectedAt(), c.date(),
                                c.account(), c.region(), c.service(), c.key(), c.estimatedHourlyCost(),
                                c.estimatedDailyImpact(), c.estimatedImpactOnDate(), c.expectedDailyCost(), b.status(),
                                c.cause(), c.changes(), c.unpriced(), c.basis(), null, Double.NaN, null,
                                b.slackChannel(), b.slackTs());
                        ledger.put(u);
                        changed.add(u);
                    }
                }
                for (ProvisionalAnomaly a : ledger.anomalies()) {
                    if (export == null) {
                        break;
                    }
                    // the first hourly run that sees the day covered: lead time is measured to it (within the hour)
                    ProvisionalAnomaly r = rec.reconcileOne(a, export, now, now);
                    if (r.status() != a.status()) {
                        changed.removeIf(x -> x.id().equals(r.id()));
                        changed.add(r);
                    }
                }
                List<ProvisionalAnomaly> sent = notify(changed, before);
                sent.forEach(ledger::put);
                if (w.ledgers().save(account, ledger.toTree(now, KEEP_DAYS, MAX_SEEN), l.version())) {
                    w.publisher().publish(sent);
                    scorecard(sent, now);
                    reconciled += sent.size() - fresh;
                    fromCharges += fresh;
                    break;
                }
            }
        }
        w.log().info("cost-now hourly run", Map.of("reconciled", reconciled, "estimatedCharges", fromCharges));
        return Map.of("status", "ok", "reconciled", reconciled, "estimatedCharges", fromCharges,
                "export", export != null);
    }
}
