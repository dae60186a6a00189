package dev.vigil.slackapproval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API Gateway HTTP API (payload format 2.0) request and response, read and written with Jackson streaming.
 * The body is kept as the exact bytes Slack signed: base64-decoded when API Gateway encoded it, never re-encoded.
 */
record HttpApiEvent(Map<String, String> headers, byte[] body, boolean deferred) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The top-level field that marks the function's own asynchronous re-invocation ({@link Deferrer}). API Gateway
     * builds the top level of its events itself, so no HTTP client can set it (headers and body are the client's).
     */
    static final String DEFERRED_FIELD = "vigilDeferred";

    HttpApiEvent(Map<String, String> headers, byte[] body) {
        this(headers, body, false);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static HttpApiEvent read(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String body = null;
        boolean base64 = false;
        boolean deferred = false;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an HTTP API event");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "headers" -> {
                        if (t == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                headers.put(k.toLowerCase(Locale.ROOT), p.getValueAsString());
                            }
                        }
                    }
                    case "body" -> body = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "isBase64Encoded" -> base64 = t == JsonToken.VALUE_TRUE;
                    case DEFERRED_FIELD -> deferred = t == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
        }
        byte[] bytes = body == null ? new byte[0]
                : base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new HttpApiEvent(headers, bytes, deferred);
    }

    static void write(OutputStream out, int status, String body) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", status);
            g.writeObjectFieldStart("headers");
            g.writeStringField("content-type", "text/plain; charset=utf-8");
            g.writeEndObject();
            g.writeStringField("body", body);
            g.writeEndObject();
        }
    }

    /** The event the function sends itself: the request's headers and exact body, marked deferred. */
    static byte[] deferredEvent(HttpApiEvent req) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(req.body().length * 2 + 512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField(DEFERRED_FIELD, true);
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> e : req.headers().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("body", Base64.getEncoder().encodeToString(req.body()));
            g.writeBooleanField("isBase64Encoded", true);
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
