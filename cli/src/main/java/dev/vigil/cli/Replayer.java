package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.core.baseline.BaselineStore;
import dev.vigil.core.baseline.InMemoryBaselineStore;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.MetricRecordFormat;
import dev.vigil.core.metric.format.ParsedRecord;
import dev.vigil.core.pipeline.BatchStats;
import dev.vigil.metricstream.MetricStreamHandler;
import dev.vigil.metricstream.Wiring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Feeds metric-stream files through the real {@code metric-stream} handler, on its wire format: a Firehose event file
 * (records in the json or the opentelemetry1.0 format) is handed over as is; NDJSON is cut into Firehose events the way a delivery stream would (records of up to
 * {@value #LINES_PER_RECORD} lines, events of up to {@value #RECORDS_PER_EVENT} records, well under 6 MB).
 */
final class Replayer implements AutoCloseable {

    /** What to run the datapoints through. */
    enum Mode {
        /** Parse only: no scoring, no storage (a throughput floor). */
        PARSE,
        /** Parse and score, baselines in memory. */
        MEMORY,
        /** The full handler against embedded DynamoDB Local. */
        DYNAMODB
    }

    static final int LINES_PER_RECORD = 500;
    static final int RECORDS_PER_EVENT = 16;

    private static final JsonFactory JSON = new JsonFactory();

    private final Mode mode;
    private final CollectingPublisher publisher = new CollectingPublisher();
    private final LocalDynamo dynamo;
    private final MetricStreamHandler handler;
    private final CapacityMeter meter;
    private final BatchStats total = new BatchStats();
    private final MetricRecordFormat parseOnly;
    private long invocations;
    private long firstResponseNanos = -1;
    private long firstInvocationNanos = -1;
    private long handlerInitNanos;
    private final long dynamoStartNanos;

    Replayer(Mode mode, StructuredLog log) {
        this(mode, log, new DetectingFormat(), dev.vigil.core.pipeline.PublishPolicy.defaults());
    }

    /**
     * {@code format}: the stream format of the files ({@link DetectingFormat} tells json and opentelemetry1.0 apart);
     * {@code policy}: which anomalies are published.
     */
    Replayer(Mode mode, StructuredLog log, MetricRecordFormat format, dev.vigil.core.pipeline.PublishPolicy policy) {
        this.mode = mode;
        this.parseOnly = format;
        long t0 = System.nanoTime();
        if (mode == Mode.DYNAMODB) {
            dynamo = LocalDynamo.start();
            // Warm DynamoDB Local's own read and write paths, so that its lazy start-up is not billed to the handler.
            dynamo.client().getItem(b -> b.tableName(LocalDynamo.BASELINE_TABLE)
                    .key(java.util.Map.of("seriesId", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                            .fromS("warm-up"))));
            dynamoStartNanos = System.nanoTime() - t0;
            Wiring w = Wiring.of(dynamo.client(), LocalDynamo.BASELINE_TABLE, publisher, format,
                    Detectors.standard(), log, 16, java.util.List.of(), policy);
            handler = new MetricStreamHandler(w);
            meter = w.meter();
            handlerInitNanos = System.nanoTime() - t0 - dynamoStartNanos;
        } else {
            dynamo = null;
            dynamoStartNanos = 0;
            BaselineStore store = new InMemoryBaselineStore();
            meter = new CapacityMeter();
            handler = new MetricStreamHandler(Wiring.of(store, publisher, format,
                    Detectors.standard(), log, meter, policy));
        }
    }

    /** Replays one file (Firehose event JSON or metric NDJSON); returns this file's figures. */
    BatchStats replay(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        BatchStats fileStats = new BatchStats();
        if (isFirehoseEvent(bytes)) {
            invoke(bytes, fileStats);
        } else {
            List<String> records = new ArrayList<>();
            StringBuilder rec = new StringBuilder();
            int lines = 0;
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    if (i > start) {
                        rec.append(new String(bytes, start, i - start, StandardCharsets.UTF_8)).append('\n');
                        lines++;
                    }
                    start = i + 1;
                    if (lines == LINES_PER_RECORD) {
                        records.add(rec.toString());
                        rec.setLength(0);
                        lines = 0;
                    }
                    if (records.size() == RECORDS_PER_EVENT) {
                        invoke(event(records), fileStats);
                        records.clear();
                    }
                }
            }
            if (lines > 0) {
                records.add(rec.toString());
            }
            if (!records.isEmpty()) {
                invoke(event(records), fileStats);
            }
        }
        total.add(fileStats);
        return fileStats;
    }

    private void invoke(byte[] event, BatchStats into) {
        long start = System.nanoTime();
        if (mode == Mode.PARSE) {
            parseOnly(event, into);
        } else {
            handler.handleBytes(event);
            into.add(handler.lastStats());
        }
        invocations++;
        if (firstResponseNanos < 0) {
            firstResponseNanos = System.nanoTime();
            firstInvocationNanos = firstResponseNanos - start;
        }
    }

    /** Decoding and parsing exactly as the handler does, without scoring or storage. */
    private void parseOnly(byte[] event, BatchStats into) {
        try (JsonParser p = JSON.createParser(event)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "data".equals(p.currentName())) {
                    p.nextToken();
                    ParsedRecord r = parseOnly.parse(Base64.getDecoder().decode(p.getText()));
                    into.records++;
                    into.datapoints += r.datums().size();
                    into.junkLines += r.junk().size();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] event(List<String> records) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("{\"invocationId\":\"vigil-replay\",\"deliveryStreamArn\":\"arn:aws:firehose:local:000000000000:")
                .append("deliverystream/vigil-replay\",\"region\":\"local\",\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"recordId\":\"replay-").append(i).append("\",\"approximateArrivalTimestamp\":0,\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(records.get(i).getBytes(StandardCharsets.UTF_8)))
                    .append("\"}");
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A Firehose event is one JSON object with a {@code records} array; NDJSON lines are metric objects. */
    static boolean isFirehoseEvent(byte[] bytes) throws IOException {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("records") && t == JsonToken.START_ARRAY) {
                    return true;
                }
                p.skipChildren();
            }
            return false;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return false;
        }
    }

    /** Expands directories into their .json/.ndjson/.jsonl files, sorted by name. */
    static List<Path> expand(List<String> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String in : inputs) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches(".*\\.(json|ndjson|jsonl)$"))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + in);
            }
        }
        return files;
    }

    CollectingPublisher publisher() {
        return publisher;
    }

    BatchStats total() {
        return total;
    }

    CapacityMeter meter() {
        return meter;
    }

    long invocations() {
        return invocations;
    }

    long firstResponseNanos() {
        return firstResponseNanos;
    }

    /** Building the handler's wiring (clients, store, detector): the init phase of a cold start. */
    long handlerInitNanos() {
        return handlerInitNanos;
    }

    /** The first invocation alone: class loading and first use of the hot path. */
    long firstInvocationNanos() {
        return firstInvocationNanos;
    }

    long dynamoStartNanos() {
        return dynamoStartNanos;
    }

    /** Distinct series with a stored baseline (DynamoDB mode), else -1. */
    long storedSeries() {
        if (dynamo == null) {
            return -1;
        }
        long n = 0;
        for (var page : dynamo.client().scanPaginator(b -> b.tableName(LocalDynamo.BASELINE_TABLE)
                .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT))) {
            n += page.count();
        }
        return n;
    }

    @Override
    public void close() {
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
