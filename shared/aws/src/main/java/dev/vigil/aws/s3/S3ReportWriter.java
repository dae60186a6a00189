package dev.vigil.aws.s3;

import dev.vigil.core.cost.report.ReportFiles;
import dev.vigil.core.cost.store.ReportSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Puts a report's files under a prefix of the reports bucket: {@code <prefix>/anomalies.json}, … */
public final class S3ReportWriter implements ReportSink {

    private final S3Client s3;
    private final String bucket;

    public S3ReportWriter(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** Writes every file under {@code prefix} (same keys on a re-run: idempotent); returns the s3:// location. */
    @Override
    public String write(String prefix, Map<String, byte[]> files) {
        List<String> keys = writeAll(prefix, files);
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        return keys.isEmpty() ? null : "s3://" + bucket + "/" + p + ReportFiles.REPORT_HTML;
    }

    public List<String> writeAll(String prefix, Map<String, byte[]> files) {
        List<String> keys = new ArrayList<>();
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String key = p + f.getKey();
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(ReportFiles.contentType(f.getKey()))
                    .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(f.getValue()));
            keys.add(key);
        }
        return keys;
    }
}
