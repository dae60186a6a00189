package dev.vigil.core.cost.store;

import dev.vigil.core.cost.detect.AnomalyKind;
import dev.vigil.core.cost.detect.CostAnomaly;
import dev.vigil.core.cost.read.BadRows;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.cost.report.ReportFiles;
import dev.vigil.core.log.StructuredLog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The billing path after reading: store a delivery as its period's aggregates, then detect over the stored
 * history, publish what is new, and write the report. Shared by the {@code billing-export} function (after each
 * delivery), the scheduled {@code cost-report} function, and the CLI.
 */
public final class CostPipeline {

    /** What storing one delivery did. */
    public record Ingest(String exportId, String period, String assemblyId, CostStore.Outcome outcome, long rows,
                         long badRows, int facts) {
    }

    /** What an analysis produced and where the report went. */
    public record Analysis(CostReport report, List<CostAnomaly> published, Set<String> undelivered,
                           String reportLocation) {
    }

    private final CostStore store;
    private final CostAnomalyPublisher publisher;
    private final ReportSink sink;
    private final CostSettings settings;
    private final StructuredLog log;
    private final Supplier<Instant> clock;

    public CostPipeline(CostStore store, CostAnomalyPublisher publisher, ReportSink sink, CostSettings settings,
                        StructuredLog log, Supplier<Instant> clock) {
        this.store = store;
        this.publisher = publisher;
        this.sink = sink;
        this.settings = settings;
        this.log = log;
        this.clock = clock;
    }

    public CostStore store() {
        return store;
    }

    public CostSettings settings() {
        return settings;
    }

    /**
     * Stores one delivery as its period's data, unless it is mostly unreadable: a delivery with no good rows, or with
     * more bad rows than good, is refused ({@link CostStore.Outcome#REFUSED}) and the previous generation stays. A
     * newer delivery replaces the whole period, so without this one truncated or corrupted file would wipe a month
     * of costs (and every anomaly in it) from the reports.
     */
    public Ingest ingest(ExportManifest m, long assemblyTime, CostAggregate a) {
        if (a.rows() == 0 || a.badRows().count() > a.rows()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("exportId", m.exportId());
            f.put("period", m.period());
            f.put("assemblyId", m.assemblyId());
            f.put("rows", a.rows());
            f.put("badRows", a.badRows().count());
            f.put("reasons", a.badRows().byReason().toString());
            log.warn("bad billing delivery refused; the period keeps its previous data", f);
            return new Ingest(m.exportId(), m.period(), m.assemblyId(), CostStore.Outcome.REFUSED, a.rows(),
                    a.badRows().count(), 0);
        }
        CostStore.Outcome o = store.replacePeriod(m.exportId(), m.period(), m.assemblyId(), assemblyTime, a.facts());
        Ingest r = new Ingest(m.exportId(), m.period(), m.assemblyId(), o, a.rows(), a.badRows().count(),
                a.facts().size());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("exportId", m.exportId());
        f.put("period", m.period());
        f.put("assemblyId", m.assemblyId());
        f.put("outcome", o.name());
        f.put("rows", a.rows());
        f.put("badRows", a.badRows().count());
        f.put("facts", a.facts().size());
        f.put("formats", String.join(",", a.formats()));
        log.info("billing period stored", f);
        if (a.badRows().count() > 0) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("exportId", m.exportId());
            b.put("badRows", a.badRows().count());
            b.put("reasons", a.badRows().byReason().toString());
            StringBuilder where = new StringBuilder();
            for (BadRows.Sample s : a.badRows().samples().subList(0, Math.min(20, a.badRows().samples().size()))) {
                where.append(s.file()).append(':').append(s.line()).append(' ');
            }
            b.put("first", where.toString().trim());
            log.warn("bad billing rows", b);
        }
        return r;
    }

    /**
     * Detects over the stored history of one export, publishes the alerting anomalies of the last
     * {@code publishDays} complete days that were not published before, and writes the report under
     * {@code reportPrefix}.
     */
    public Analysis analyse(String exportId, CostReport.Input input, String reportPrefix) {
        Instant now = clock.get();
        LocalDate asOf = LocalDate.ofInstant(now, ZoneOffset.UTC);
        var facts = store.load(exportId, asOf.minusDays(settings.historyDays()), asOf);
        CostReport report = CostReport.build(exportId, facts, input, settings.metric(), settings.detection(),
                store.marks(), asOf, now);
        List<CostAnomaly> fresh = new ArrayList<>();
        LocalDate last = report.detection().lastCompleteDay();
        for (CostAnomaly a : report.detection().alerting()) {
            if (a.kind() != AnomalyKind.NEW_SPEND && !a.date().isBefore(last.minusDays(settings.publishDays() - 1L))
                    && store.claimPublication(exportId, a.id())) {
                fresh.add(a);
            }
        }
        Set<String> undelivered = fresh.isEmpty() ? Set.of()
                : new TreeSet<>(publisher.publish(exportId, fresh, report.input().currency()));
        for (String id : undelivered) {
            store.releasePublication(exportId, id);   // try again on the next run
        }
        String location = sink == null ? null : sink.write(reportPrefix, ReportFiles.render(report));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("exportId", exportId);
        f.put("facts", facts.size());
        f.put("lastCompleteDay", String.valueOf(last));
        f.put("anomalies", report.detection().alerting().size());
        f.put("published", fresh.size() - undelivered.size());
        f.put("undelivered", undelivered.size());
        f.put("report", String.valueOf(location));
        log.info("cost analysis done", f);
        return new Analysis(report, List.copyOf(fresh), undelivered, location);
    }

    /** S3-safe prefix for an export's reports: {@code reports/<bucket>/<prefix>/<name>/}. */
    public static String reportPrefix(String exportId, String leaf) {
        return "reports/" + exportId.replaceAll("[^A-Za-z0-9/._=-]", "_") + "/" + leaf;
    }
}
