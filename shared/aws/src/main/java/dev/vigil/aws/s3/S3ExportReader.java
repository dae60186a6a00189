package dev.vigil.aws.s3;

import dev.vigil.core.cost.ExportFormat;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.cost.read.NotABillingExportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads a billing export from S3: the manifest (small, read whole), then each data file it names, streamed: CSV
 * and CSV.gz straight from GetObject through the JDK's gzip stream into the row reader; Parquet with ranged GETs.
 * No data file is ever held in memory whole, so a 5 GB export runs in a 1 GB function.
 */
public final class S3ExportReader {

    /** A manifest and when it was written (the order of rewrites). */
    public record Assembly(ExportManifest manifest, long lastModifiedMillis) {
    }

    private final S3Client s3;
    private final ExportReader reader;

    public S3ExportReader(S3Client s3, ExportReader reader) {
        this.s3 = s3;
        this.reader = reader;
    }

    public Assembly manifest(String bucket, String key) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        if (bytes.response().contentLength() != null && bytes.response().contentLength() > 16L * 1024 * 1024) {
            throw new NotABillingExportException(key + " is too large for a manifest");
        }
        ExportManifest m = ExportManifest.parse(bytes.asString(StandardCharsets.UTF_8), bucket, key);
        long modified = bytes.response().lastModified() == null ? 0 : bytes.response().lastModified().toEpochMilli();
        return new Assembly(m, modified);
    }

    /** Reads every data file of the assembly into {@code agg}; returns the bytes read (compressed, as stored). */
    public long read(ExportManifest m, CostAggregator agg, CsvExportReader.Progress progress) throws IOException {
        ExportFormat expected = m.schema() == null ? null : m.schema().format();
        long bytes = 0;
        for (String key : m.dataKeys()) {
            String name = "s3://" + m.bucket() + "/" + key;
            try {
                if (ExportReader.isParquet(key)) {
                    S3RangeInput in = new S3RangeInput(s3, m.bucket(), key);
                    reader.readParquet(in, name, agg, expected, progress);
                    bytes += in.bytesFetched();
                } else {
                    try (InputStream raw = s3.getObject(b -> b.bucket(m.bucket()).key(key))) {
                        CountingStream counted = new CountingStream(raw);
                        reader.readCsv(counted, name, agg, expected, progress);
                        bytes += counted.count;
                    }
                }
            } catch (NoSuchKeyException e) {
                // an assembly whose files were already replaced by a newer delivery (overwrite mode)
                throw new StaleAssemblyException(name + " named by " + m.key() + " no longer exists");
            }
        }
        return bytes;
    }

    /** The manifest names a file that is gone: a newer delivery replaced it. Not an error, not retried. */
    public static final class StaleAssemblyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StaleAssemblyException(String message) {
            super(message);
        }
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
