package dev.vigil.core.cost.read;

import java.io.Closeable;
import java.io.IOException;

/**
 * Positional reads of one file: what a Parquet reader needs (its footer is at the end). A local file, or an S3
 * object read with ranged GETs so that it is never held in memory whole.
 */
public interface RandomAccessInput extends Closeable {

    long length() throws IOException;

    /** Reads exactly {@code len} bytes at {@code position}. */
    void readFully(long position, byte[] buffer, int offset, int len) throws IOException;

    /** Bytes actually fetched so far (for progress and I/O figures). */
    default long bytesFetched() {
        return 0;
    }
}
