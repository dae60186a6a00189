package dev.vigil.core.cost.read;

import dev.vigil.core.cost.ExportFormat;
import java.io.IOException;

/**
 * Reads a Parquet export into an aggregator. The implementation (and its Parquet library) lives outside the pure
 * core, in {@code shared/parquet}; the core only knows this port.
 */
public interface ParquetDecoder {

    ExportSchema read(RandomAccessInput file, String name, CostAggregator agg, ExportFormat expected,
                      CsvExportReader.Progress progress) throws IOException;
}
