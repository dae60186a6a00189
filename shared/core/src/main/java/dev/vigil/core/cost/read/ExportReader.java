package dev.vigil.core.cost.read;

import dev.vigil.core.cost.ExportFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

/**
 * One export data file, whatever its packaging: {@code .csv}, {@code .csv.gz}, {@code .csv.zip} (legacy CUR's
 * ZIP option) stream through {@link CsvExportReader}; {@code .parquet} goes to the {@link ParquetDecoder}.
 */
public final class ExportReader {

    private final ParquetDecoder parquet;

    /** @param parquet null when Parquet support is not wired (a clear error then) */
    public ExportReader(ParquetDecoder parquet) {
        this.parquet = parquet;
    }

    public static boolean isParquet(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".parquet") || n.endsWith(".snappy.parquet") || n.endsWith(".gz.parquet");
    }

    public static boolean isDataFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return isParquet(n) || n.endsWith(".csv") || n.endsWith(".csv.gz") || n.endsWith(".csv.zip")
                || n.endsWith(".gz");
    }

    /** Decompresses by name: .gz → gzip, .zip → the first entry; 256 KB reads. */
    public static InputStream decompressed(InputStream raw, String name) throws IOException {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            return new GZIPInputStream(raw, 256 * 1024);
        }
        if (n.endsWith(".zip")) {
            ZipInputStream z = new ZipInputStream(new BufferedInputStream(raw, 256 * 1024));
            if (z.getNextEntry() == null) {
                throw new NotABillingExportException(name + " is an empty ZIP archive");
            }
            return z;
        }
        return raw;
    }

    /** A CSV (possibly compressed) stream. */
    public ExportSchema readCsv(InputStream raw, String name, CostAggregator agg, ExportFormat expected,
                                CsvExportReader.Progress progress) throws IOException {
        try (InputStream in = decompressed(raw, name)) {
            return CsvExportReader.read(in, name, agg, expected, progress);
        }
    }

    public ExportSchema readParquet(RandomAccessInput file, String name, CostAggregator agg, ExportFormat expected,
                                    CsvExportReader.Progress progress) throws IOException {
        if (parquet == null) {
            throw new IllegalStateException("Parquet support is not available in this build (" + name + ")");
        }
        try (file) {
            return parquet.read(file, name, agg, expected, progress);
        }
    }

    /** A local file of any supported kind. */
    public ExportSchema readFile(Path file, CostAggregator agg, ExportFormat expected,
                                 CsvExportReader.Progress progress) throws IOException {
        String name = file.getFileName().toString();
        if (isParquet(name)) {
            return readParquet(localFile(file), file.toString(), agg, expected, progress);
        }
        return readCsv(Files.newInputStream(file), file.toString(), agg, expected, progress);
    }

    /** Positional reads of a local file. */
    public static RandomAccessInput localFile(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new RandomAccessInput() {
            private long fetched;

            @Override
            public long length() throws IOException {
                return ch.size();
            }

            @Override
            public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(buffer, offset, len);
                long p = position;
                while (bb.hasRemaining()) {
                    int n = ch.read(bb, p);
                    if (n < 0) {
                        throw new java.io.EOFException("read past the end of " + file);
                    }
                    p += n;
                }
                fetched += len;
            }

            @Override
            public long bytesFetched() {
                return fetched;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
