package dev.vigil.core.cost.store;

import dev.vigil.core.cost.CostFact;
import dev.vigil.core.cost.detect.ExpectedMark;
import java.time.LocalDate;
import java.util.List;

/**
 * Where aggregated costs live between runs (the CostDaily table in AWS, memory in tests).
 *
 * <p><b>Period replacement.</b> An export rewrites a billing period several times a day, and last month's can still
 * change. {@link #replacePeriod} makes one assembly's aggregates <em>the</em> aggregates of that period: written
 * aside under their own generation, then switched to in one conditional write. So processing the same assembly
 * twice changes nothing, a period never holds two assemblies' costs (no double counting), readers never see half
 * of one, and an older assembly arriving late never replaces a newer one.
 */
public interface CostStore {

    /** What a replacement did. */
    enum Outcome {
        /** This assembly is now the period's data. */
        REPLACED,
        /** It already was (a re-delivered event, a retry): nothing changed. */
        UNCHANGED,
        /** A newer assembly is already in place: this one was discarded. */
        STALE,
        /**
         * The delivery was not stored: it had no good rows, or more bad rows than good ones (see
         * {@link CostPipeline#ingest}). The previous assembly stays the period's data; the delivery is reported.
         */
        REFUSED
    }

    /**
     * @param assemblyTime when the assembly was delivered (epoch ms; the manifest's S3 LastModified), the order of
     *                     rewrites; ties are broken by {@code assemblyId}
     */
    Outcome replacePeriod(String exportId, String period, String assemblyId, long assemblyTime, List<CostFact> facts);

    /** Facts of the current assemblies of every period of the export, with days in [from, to]. */
    List<CostFact> load(String exportId, LocalDate from, LocalDate to);

    /** The exports that have data. */
    List<String> exports();

    List<ExpectedMark> marks();

    void addMark(ExpectedMark mark);

    /**
     * Records that an anomaly's event is being published; false when it already was (so each anomaly goes to the
     * bus once even though every rewrite of the export finds it again).
     */
    boolean claimPublication(String exportId, String anomalyId);

    /** Undoes a claim whose publication failed, so that the next run tries again. */
    void releasePublication(String exportId, String anomalyId);

    /** The {@code YYYY-MM} periods a day range touches, one month of margin before (late-dated lines). */
    static List<String> periods(LocalDate from, LocalDate to) {
        List<String> out = new java.util.ArrayList<>();
        java.time.YearMonth m = java.time.YearMonth.from(from).minusMonths(1);
        java.time.YearMonth end = java.time.YearMonth.from(to);
        while (!m.isAfter(end)) {
            out.add(m.toString());
            m = m.plusMonths(1);
        }
        return out;
    }
}
