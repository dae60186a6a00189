package dev.vigil.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.core.cost.BillingFixtures;
import dev.vigil.core.cost.CostMetric;
import dev.vigil.core.cost.ExportFormat;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, Medium 6: a small Parquet file whose footer claims a column chunk of 1.5 GB is refused with a clear
 * error before anything that size is allocated (it ran the reader out of memory).
 */
class ForgedParquetTest {

    @TempDir
    Path dir;

    /** Rewrites the footer of {@code file} with every column chunk claiming {@code size} compressed bytes. */
    static byte[] forgeChunkSizes(byte[] file, long size) throws Exception {
        int footerLength = (file[file.length - 8] & 0xFF) | (file[file.length - 7] & 0xFF) << 8
                | (file[file.length - 6] & 0xFF) << 16 | (file[file.length - 5] & 0xFF) << 24;
        int footerStart = file.length - 8 - footerLength;
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(file, footerStart, footerLength));
        for (var rg : meta.getRow_groups()) {
            for (ColumnChunk cc : rg.getColumns()) {
                cc.getMeta_data().setTotal_compressed_size(size);
            }
        }
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        Util.writeFileMetaData(meta, footer);
        byte[] f = footer.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, footerStart);
        out.write(f);
        out.write(new byte[] {(byte) f.length, (byte) (f.length >> 8), (byte) (f.length >> 16),
                (byte) (f.length >> 24)});
        out.write(Arrays.copyOfRange(file, file.length - 4, file.length));
        return out.toByteArray();
    }

    @Test
    void aForgedChunkLength_isRefusedBeforeAllocating_withAClearError() throws Exception {
        Path good = dir.resolve("cur2-00001.snappy.parquet");
        ParquetFixtures.writeCur2(good, BillingFixtures.sampleItems(LocalDate.of(2024, 9, 1), 1, 1),
                CompressionCodecName.SNAPPY);
        byte[] forged = forgeChunkSizes(Files.readAllBytes(good), 1_500_000_000L);
        assertThat(forged.length).isLessThan(64 * 1024);
        Path file = dir.resolve("forged-00001.snappy.parquet");
        Files.write(file, forged);

        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        CostAggregator agg = new CostAggregator(CostAggregator.Options.defaults().withMetric(CostMetric.UNBLENDED));
        Throwable t = catchThrowable(() -> new ExportReader(new ParquetExportDecoder()).readFile(file, agg,
                ExportFormat.CUR_2, CsvExportReader.Progress.NONE));
        long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();

        assertThat(t).isNotInstanceOf(OutOfMemoryError.class);
        String why = t != null ? String.valueOf(t.getMessage()) : agg.result().badRows().byReason().toString();
        assertThat(why).contains("outside the file");
        assertThat(heapAfter - heapBefore).as("bytes allocated").isLessThan(256L << 20);
    }
}
