package dev.vigil.aws.s3;

import dev.vigil.core.cost.read.RandomAccessInput;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An S3 object read with ranged GETs (what a Parquet reader needs: the footer first, then column chunks), pinned
 * to one version of the object with If-Match on its ETag, so a rewrite in the middle of a read fails loudly instead
 * of mixing two versions. Never holds more than the bytes asked for.
 */
public final class S3RangeInput implements RandomAccessInput {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long length;
    private final String etag;
    private long fetched;

    public S3RangeInput(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        var head = s3.headObject(b -> b.bucket(bucket).key(key));
        this.length = head.contentLength();
        this.etag = head.eTag();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
        if (len == 0) {
            return;
        }
        String range = "bytes=" + position + "-" + (position + len - 1);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key).range(range)
                .ifMatch(etag))) {
            readExactly(in, buffer, offset, len);
        }
        fetched += len;
    }

    static void readExactly(InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new java.io.EOFException("s3 range ended after " + done + " of " + len + " bytes");
            }
            done += n;
        }
    }

    @Override
    public long bytesFetched() {
        return fetched;
    }

    @Override
    public void close() {
    }
}
