package dev.vigil.metricstream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import dev.vigil.core.pipeline.BatchStats;
import dev.vigil.core.pipeline.MetricStreamBatch;
import dev.vigil.core.pipeline.MetricStreamBatch.InputRecord;
import dev.vigil.core.pipeline.MetricStreamBatch.OutputRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Firehose transformation Lambda for CloudWatch Metric Streams: scores every datapoint, keeps baselines in
 * DynamoDB, publishes anomalies, and answers every record once (see {@link MetricStreamBatch}).
 *
 * <p>A {@link RequestStreamHandler}: the event is read and the response written with Jackson's streaming API, so no
 * reflection runs on the hot path. The typed overload serves tests that load events with aws-lambda-java-tests.
 */
public class MetricStreamHandler implements RequestStreamHandler {

    private final Wiring wiring;

    public MetricStreamHandler() {
        this(Wiring.fromEnvironment());
        SnapStartPriming.register();
    }

    public MetricStreamHandler(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<InputRecord> records = FirehoseCodec.read(input);
        MetricStreamBatch.Outcome outcome = wiring.batch().process(records);
        FirehoseCodec.write(outcome.records(), output);
        logSummary(outcome.stats(), context);
    }

    /** The same processing for an already-deserialized event (tests, {@code sam local invoke}-style callers). */
    public List<OutputRecord> handleRequest(KinesisFirehoseEvent event, Context context) {
        List<InputRecord> records = new ArrayList<>(event.getRecords().size());
        for (KinesisFirehoseEvent.Record r : event.getRecords()) {
            ByteBuffer data = r.getData();
            byte[] bytes = new byte[data == null ? 0 : data.remaining()];
            if (data != null) {
                data.duplicate().get(bytes);
            }
            records.add(new InputRecord(r.getRecordId(), bytes));
        }
        MetricStreamBatch.Outcome outcome = wiring.batch().process(records);
        logSummary(outcome.stats(), context);
        return outcome.records();
    }

    /** Handles raw event bytes and returns raw response bytes: the exact wire path, for the CLI and tests. */
    public byte[] handleBytes(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.length + 1024);
        try {
            handleRequest(new java.io.ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The last batch's figures, for the CLI's --stats. */
    private volatile BatchStats lastStats = new BatchStats();

    public BatchStats lastStats() {
        return lastStats;
    }

    private void logSummary(BatchStats s, Context context) {
        lastStats = s;
        Map<String, Object> f = new LinkedHashMap<>();
        if (context != null) {
            f.put("requestId", context.getAwsRequestId());
        }
        f.put("records", s.records);
        f.put("ok", s.recordsOk);
        f.put("processingFailed", s.recordsFailed);
        f.put("dropped", s.recordsDropped);
        f.put("datapoints", s.datapoints);
        f.put("junkLines", s.junkLines);
        f.put("series", s.series);
        f.put("late", s.late);
        f.put("anomalies", s.anomalies);
        f.put("anomaliesNotPublished", s.anomaliesNotPublished);
        f.put("learningSeries", s.learningSeries);
        f.put("eventsPublished", s.eventsPublished);
        f.put("eventsUndelivered", s.eventsUndelivered);
        f.put("conflictRetries", s.conflictRetries);
        wiring.log().info("batch processed", f);
    }
}
