package dev.vigil.core.pipeline;

/**
 * What one batch did, for logs, metrics and {@code vigil replay --stats}. Mutable and single-threaded:
 * one per batch, merged into a running total by the caller.
 */
public final class BatchStats {
    public long records;
    public long recordsOk;
    public long recordsDropped;
    public long recordsFailed;
    public long datapoints;
    public long junkLines;
    public long series;
    public long scored;
    public long warmingUp;
    public long late;
    public long duplicates;
    public long noSamples;
    public long anomalies;
    /** Anomalous verdicts counted but not published (below the minimum severity, or within count noise). */
    public long anomaliesNotPublished;
    /** Series whose latest verdict in the batch was still warming up or learning their first day. */
    public long learningSeries;
    public long eventsPublished;
    public long eventsUndelivered;
    public long conflictRetries;
    public long baselinesWritten;
    /** Datapoints stamped more than {@link MetricStreamBatch#MAX_FUTURE_MS} ahead of the clock: dropped. */
    public long futureTimestamps;
    /** Values scored (and reported) but not learned: too far outside anything the series could mean. */
    public long quarantined;
    /** Series the baseline store refused (their records fail alone). */
    public long seriesRefused;

    public void add(BatchStats o) {
        records += o.records;
        recordsOk += o.recordsOk;
        recordsDropped += o.recordsDropped;
        recordsFailed += o.recordsFailed;
        datapoints += o.datapoints;
        junkLines += o.junkLines;
        series += o.series;
        scored += o.scored;
        warmingUp += o.warmingUp;
        late += o.late;
        duplicates += o.duplicates;
        noSamples += o.noSamples;
        anomalies += o.anomalies;
        anomaliesNotPublished += o.anomaliesNotPublished;
        learningSeries += o.learningSeries;
        eventsPublished += o.eventsPublished;
        eventsUndelivered += o.eventsUndelivered;
        conflictRetries += o.conflictRetries;
        baselinesWritten += o.baselinesWritten;
        futureTimestamps += o.futureTimestamps;
        quarantined += o.quarantined;
        seriesRefused += o.seriesRefused;
    }
}
