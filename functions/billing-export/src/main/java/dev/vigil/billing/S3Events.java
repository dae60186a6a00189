package dev.vigil.billing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects named by an S3 event notification ({@code Records[].s3}) or an EventBridge "Object Created" event
 * ({@code detail.bucket.name}, {@code detail.object.key}), read with Jackson's streaming API. Notification keys are
 * URL-encoded ({@code +} for a space); EventBridge keys are not.
 */
final class S3Events {

    record ObjectRef(String bucket, String key) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private S3Events() {
    }

    static List<ObjectRef> read(InputStream in) throws IOException {
        List<ObjectRef> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("event is not a JSON object");
            }
            String detailBucket = null;
            String detailKey = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("Records") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        ObjectRef r = record(p);
                        if (r != null) {
                            out.add(r);
                        }
                    }
                } else if (f.equals("detail") && t == JsonToken.START_OBJECT) {
                    String[] bk = bucketAndKey(p);
                    detailBucket = bk[0];
                    detailKey = bk[1];
                } else {
                    p.skipChildren();
                }
            }
            if (detailBucket != null && detailKey != null) {
                out.add(new ObjectRef(detailBucket, detailKey));
            }
        }
        return out;
    }

    /** One notification record: its s3 object, or null for a record of another kind. */
    private static ObjectRef record(JsonParser p) throws IOException {
        ObjectRef found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (f.equals("s3") && t == JsonToken.START_OBJECT) {
                String[] bk = bucketAndKey(p);
                if (bk[0] != null && bk[1] != null) {
                    found = new ObjectRef(bk[0], URLDecoder.decode(bk[1], StandardCharsets.UTF_8));
                }
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** Reads {bucket:{name}, object:{key}} from the current object (consumed to its end). */
    private static String[] bucketAndKey(JsonParser p) throws IOException {
        String bucket = null;
        String key = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if ((f.equals("bucket") || f.equals("object")) && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String n = p.currentName();
                    p.nextToken();
                    if (f.equals("bucket") && n.equals("name")) {
                        bucket = p.getValueAsString();
                    } else if (f.equals("object") && n.equals("key")) {
                        key = p.getValueAsString();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new String[] {bucket, key};
    }
}
