package dev.vigil.core.cost.store;

import java.util.Map;

/** Where report files go (the reports bucket in AWS, a directory locally). */
public interface ReportSink {

    /** Writes the files under {@code prefix}; returns where they are, for people (e.g. an s3:// URI). */
    String write(String prefix, Map<String, byte[]> files);
}
