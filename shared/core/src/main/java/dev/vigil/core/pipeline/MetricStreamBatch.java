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
import java.util.Set;

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
 *
 * <p>Two inputs that are valid JSON but not valid metric data fail alone too: a datapoint stamped more than
 * {@link #MAX_FUTURE_MS} ahead of the clock (microseconds sent as milliseconds) is dropped and counted, so it can
 * never become a series' watermark and blind it; a series the baseline store refuses fails the records that hold
 * it ({@code ProcessingFailed}), and every other record is scored. A record whose base64 does not decode
 * ({@link InputRecord#undecodable}) fails alone.
 */
public final class MetricStreamBatch {

    /** Firehose's per-record result. The names are the wire values. */
    public enum Result { Ok, Dropped, ProcessingFailed }

    /** @param undecodable its {@code data} was not base64: answered {@code ProcessingFailed}, alone */
    public record InputRecord(String recordId, byte[] data, boolean undecodable) {
        public InputRecord(String recordId, byte[] data) {
            this(recordId, data, false);
        }

        public static InputRecord undecodable(String recordId) {
            return new InputRecord(recordId, new byte[0], true);
        }
    }

    /** How far ahead of the clock a datapoint may be stamped (clock skew, a minute's aggregation). */
    public static final long MAX_FUTURE_MS = 15 * 60_000L;

    public record OutputRecord(String recordId, Result result, byte[] data) {
    }

    public record Outcome(List<OutputRecord> records, BatchStats stats) {
    }

    private static final int JUNK_REASONS_LOGGED = 3;

    private final MetricRecordFormat format;
    private final BaselineUpdater updater;
    private final StructuredLog log;
    private final List<DatapointListener> listeners;
    private final java.util.function.LongSupplier clock;

    public MetricStreamBatch(MetricRecordFormat format, BaselineUpdater updater, StructuredLog log) {
        this(format, updater, log, List.of());
    }

    public MetricStreamBatch(MetricRecordFormat format, BaselineUpdater updater, StructuredLog log,
                             List<DatapointListener> listeners) {
        this(format, updater, log, listeners, System::currentTimeMillis);
    }

    public MetricStreamBatch(MetricRecordFormat format, BaselineUpdater updater, StructuredLog log,
                             List<DatapointListener> listeners, java.util.function.LongSupplier clock) {
        this.format = format;
        this.updater = updater;
        this.log = log;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    public Outcome process(List<InputRecord> records) {
        BatchStats stats = new BatchStats();
        List<OutputRecord> out = new ArrayList<>(records.size());
        List<MetricDatum> datums = new ArrayList<>();
        // Which output record each datum came from (its index), to fail only the records of a refused series.
        List<int[]> spans = new ArrayList<>();
        long latest = clock.getAsLong() + MAX_FUTURE_MS;
        for (InputRecord r : records) {
            stats.records++;
            if (r.undecodable()) {
                stats.recordsFailed++;
                out.add(new OutputRecord(r.recordId(), Result.ProcessingFailed, new byte[0]));
                log.warn("metric stream record is not base64", Map.of("recordId", r.recordId()));
                continue;
            }
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
            int from = datums.size();
            for (MetricDatum d : parsed.datums()) {
                if (d.timestamp() > latest) {
                    stats.futureTimestamps++;
                } else {
                    datums.add(d);
                }
            }
            spans.add(new int[] {out.size(), from, datums.size()});
            out.add(new OutputRecord(r.recordId(), Result.Ok, data));
        }
        if (stats.futureTimestamps > 0) {
            log.warn("datapoints stamped in the future dropped", Map.of("datapoints", stats.futureTimestamps,
                    "maxFutureMs", MAX_FUTURE_MS));
        }
        if (!datums.isEmpty()) {
            Set<String> refused = updater.update(datums, stats);
            if (!refused.isEmpty()) {
                failRecordsOf(refused, datums, spans, out, stats);
            }
            for (DatapointListener l : listeners) {
                l.onDatapoints(datums, stats);
            }
        }
        return new Outcome(out, stats);
    }

    private static void failRecordsOf(Set<String> refused, List<MetricDatum> datums, List<int[]> spans,
                                      List<OutputRecord> out, BatchStats stats) {
        for (int[] span : spans) {
            for (int i = span[1]; i < span[2]; i++) {
                if (refused.contains(datums.get(i).series().key())) {
                    OutputRecord o = out.get(span[0]);
                    out.set(span[0], new OutputRecord(o.recordId(), Result.ProcessingFailed, o.data()));
                    stats.recordsOk--;
                    stats.recordsFailed++;
                    break;
                }
            }
        }
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
