package dev.vigil.core.pipeline;

import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.format.JunkLine;
import dev.vigil.core.metric.format.MetricRecordFormat;
import dev.vigil.core.metric.format.ParsedRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Firehose transformation contract, in domain terms. Every input record is answered once, in order:
 * <ul>
 *   <li>{@code Ok}: it held at least one datapoint; its data is passed through unchanged so the raw stream lands in
 *       S3. Junk lines in it are counted and logged with the record id.</li>
 *   <li>{@code ProcessingFailed}: it held content but no datapoint; Firehose writes it to the error prefix.</li>
 *   <li>{@code Dropped}: it held nothing but whitespace.</li>
 * </ul>
 * One bad line fails at most its own record, never the batch. A failure of the baseline store or the bus after
 * retries does fail the invocation, so that Firehose retries it (and the watermark makes the retry harmless).
 */
public final class MetricStreamBatch {

    /** Firehose's per-record result. The names are the wire values. */
    public enum Result { Ok, Dropped, ProcessingFailed }

    public record InputRecord(String recordId, byte[] data) {
    }

    public record OutputRecord(String recordId, Result result, byte[] data) {
    }

    public record Outcome(List<OutputRecord> records, BatchStats stats) {
    }

    private static final int JUNK_REASONS_LOGGED = 3;

    private final MetricRecordFormat format;
    private final BaselineUpdater updater;
    private final StructuredLog log;
    private final List<DatapointListener> listeners;

    public MetricStreamBatch(MetricRecordFormat format, BaselineUpdater updater, StructuredLog log) {
        this(format, updater, log, List.of());
    }

    public MetricStreamBatch(MetricRecordFormat format, BaselineUpdater updater, StructuredLog log,
                             List<DatapointListener> listeners) {
        this.format = format;
        this.updater = updater;
        this.log = log;
        this.listeners = List.copyOf(listeners);
    }

    public Outcome process(List<InputRecord> records) {
        BatchStats stats = new BatchStats();
        List<OutputRecord> out = new ArrayList<>(records.size());
        List<MetricDatum> datums = new ArrayList<>();
        for (InputRecord r : records) {
            stats.records++;
            byte[] data = r.data() == null ? new byte[0] : r.data();
            ParsedRecord parsed = format.parse(data);
            stats.junkLines += parsed.junk().size();
            if (parsed.isBlank()) {
                stats.recordsDropped++;
                out.add(new OutputRecord(r.recordId(), Result.Dropped, data));
                continue;
            }
            if (!parsed.junk().isEmpty()) {
                logJunk(r.recordId(), parsed);
            }
            if (parsed.isAllJunk()) {
                stats.recordsFailed++;
                out.add(new OutputRecord(r.recordId(), Result.ProcessingFailed, data));
                continue;
            }
            stats.recordsOk++;
            stats.datapoints += parsed.datums().size();
            datums.addAll(parsed.datums());
            out.add(new OutputRecord(r.recordId(), Result.Ok, data));
        }
        if (!datums.isEmpty()) {
            updater.update(datums, stats);
            for (DatapointListener l : listeners) {
                l.onDatapoints(datums, stats);
            }
        }
        return new Outcome(out, stats);
    }

    private void logJunk(String recordId, ParsedRecord parsed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("recordId", recordId);
        f.put("junkLines", parsed.junk().size());
        f.put("validDatapoints", parsed.datums().size());
        f.put("result", parsed.isAllJunk() ? Result.ProcessingFailed.name() : Result.Ok.name());
        int i = 0;
        for (JunkLine j : parsed.junk()) {
            if (i == JUNK_REASONS_LOGGED) {
                break;
            }
            f.put("junk" + i + ".line", j.lineNumber());
            f.put("junk" + i + ".reason", j.reason());
            i++;
        }
        log.warn("junk lines in metric stream record", f);
    }
}
