package dev.vigil.incident;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.incident.IncidentProcessor.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads an SQS event ({@code Records[].messageId, body}) and writes the partial-batch response, Jackson streaming. */
final class SqsCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private SqsCodec() {
    }

    static List<Message> read(InputStream in) throws IOException {
        List<Message> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an SQS event must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (!f.equals("Records") || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    String body = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        switch (k) {
                            case "messageId" -> id = p.getValueAsString();
                            case "body" -> body = p.getValueAsString();
                            default -> p.skipChildren();
                        }
                    }
                    if (id == null) {
                        throw new IllegalArgumentException("an SQS record without messageId");
                    }
                    out.add(new Message(id, body == null ? "" : body));
                }
            }
        }
        return out;
    }

    static void write(List<String> failedIds, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("batchItemFailures");
            for (String id : failedIds) {
                g.writeStartObject();
                g.writeStringField("itemIdentifier", id);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
