package dev.vigil.metricstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.pipeline.MetricStreamBatch.InputRecord;
import dev.vigil.core.pipeline.MetricStreamBatch.OutputRecord;
import dev.vigil.core.pipeline.MetricStreamBatch.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the Firehose transformation event and writes its response with Jackson's streaming API: no reflection on
 * the hot path, and the 6 MB payload is never held twice as a tree.
 */
final class FirehoseCodec {

    /** Lambda's synchronous response limit. */
    static final int RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();

    private FirehoseCodec() {
    }

    static List<InputRecord> read(InputStream in) throws IOException {
        List<InputRecord> records = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a Firehose transformation event must be a JSON object");
            }
            boolean sawRecords = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("records")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("records must be an array");
                }
                sawRecords = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    byte[] data = null;
                    boolean undecodable = false;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "recordId" -> id = p.getValueAsString();
                            case "data" -> {
                                data = decode(p.getValueAsString());
                                undecodable = data == null;
                            }
                            default -> p.skipChildren();
                        }
                    }
                    if (id == null) {
                        throw new IllegalArgumentException("a record has no recordId");
                    }
                    records.add(undecodable ? InputRecord.undecodable(id)
                            : new InputRecord(id, data == null ? new byte[0] : data));
                }
            }
            if (!sawRecords) {
                throw new IllegalArgumentException("not a Firehose transformation event: no records array");
            }
        }
        return records;
    }

    /**
     * Base64 (Firehose sends the basic alphabet; MIME-style line breaks are tolerated). Undecodable base64 is not a
     * reason to fail the batch: null, and the record is answered {@code ProcessingFailed} alone.
     */
    private static byte[] decode(String b64) {
        if (b64 == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getMimeDecoder().decode(b64);
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }

    /**
     * Writes the response. Ok records carry their data unchanged. Should the whole response exceed Lambda's limit
     * (it cannot when the input was within it, since nothing grows), ProcessingFailed and Dropped records are sent
     * without data: Firehose delivers a failed record's original bytes to the error prefix anyway.
     */
    static void write(List<OutputRecord> records, OutputStream out) throws IOException {
        long size = 16;
        for (OutputRecord r : records) {
            size += 48 + r.recordId().length() + base64Length(r.data().length);
        }
        boolean trim = size > RESPONSE_LIMIT_BYTES;
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("records");
            for (OutputRecord r : records) {
                g.writeStartObject();
                g.writeStringField("recordId", r.recordId());
                g.writeStringField("result", r.result().name());
                if (trim && r.result() != Result.Ok) {
                    g.writeStringField("data", "");
                } else {
                    g.writeFieldName("data");
                    g.writeBinary(r.data());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static long base64Length(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }
}
