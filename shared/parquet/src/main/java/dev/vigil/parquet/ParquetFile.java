package dev.vigil.parquet;

import dev.vigil.core.cost.read.RandomAccessInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A Parquet file's footer and column chunks, read with positional reads (a local file, or ranged GETs on S3) and
 * parquet-format's Thrift structures, without parquet-hadoop's {@code ParquetFileReader}: that reader converts
 * every column's metadata and statistics of the whole file (125 columns in CUR 2.0) and loads ~1 200 classes
 * (Jackson among them, for {@code ParquetMetadata}'s JSON), which on a cold start cost more CPU than decoding a
 * 100 MB file. Here only the projected columns' chunks are located and read, one row group at a time.
 */
final class ParquetFile {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Chunks closer than this are fetched in one read (fewer S3 requests for a few wasted bytes). */
    static final int MERGE_GAP = 32 * 1024;

    final FileMetaData meta;
    final MessageType schema;
    private final RandomAccessInput in;
    /** Where column data may lie: after the leading magic, before the footer. */
    private final long dataEnd;

    ParquetFile(RandomAccessInput in, String name) throws IOException {
        this.in = in;
        long length = in.length();
        if (length < 12) {
            throw new ParquetDecodingException(name + " is too short to be a Parquet file");
        }
        byte[] tail = new byte[8];
        in.readFully(length - 8, tail, 0, 8);
        if (!Arrays.equals(tail, 4, 8, MAGIC, 0, 4)) {
            throw new ParquetDecodingException(name + " is not a Parquet file (or an encrypted one: not supported)");
        }
        int footerLength = (tail[0] & 0xFF) | (tail[1] & 0xFF) << 8 | (tail[2] & 0xFF) << 16 | (tail[3] & 0xFF) << 24;
        if (footerLength <= 0 || footerLength > length - 12) {
            throw new ParquetDecodingException(name + ": bad footer length " + footerLength);
        }
        this.dataEnd = length - 8 - footerLength;
        byte[] footer = new byte[footerLength];
        in.readFully(length - 8 - footerLength, footer, 0, footerLength);
        this.meta = Util.readFileMetaData(new ByteArrayInputStream(footer));
        this.schema = messageType(meta.getSchema());
    }

    long rows() {
        return meta.getNum_rows();
    }

    List<RowGroup> rowGroups() {
        return meta.getRow_groups();
    }

    /** One column chunk of a row group, in memory: {@code buf[off, off + len)}. */
    record Chunk(byte[] buf, int off, int len, CompressionCodecName codec, long values) {
    }

    /**
     * Reads the chunks of {@code paths} (null entries are skipped) in one row group; chunks close together share a
     * read. The result is parallel to {@code paths}.
     */
    Chunk[] read(RowGroup rg, List<String[]> paths) throws IOException {
        int n = paths.size();
        ColumnMetaData[] cols = new ColumnMetaData[n];
        long[] starts = new long[n];
        for (ColumnChunk cc : rg.getColumns()) {
            if (cc.isSetFile_path()) {
                throw new ParquetDecodingException("column chunks in another file are not supported");
            }
            ColumnMetaData cm = cc.getMeta_data();
            List<String> p = cm.getPath_in_schema();
            for (int i = 0; i < n; i++) {
                if (cols[i] == null && paths.get(i) != null && p.equals(Arrays.asList(paths.get(i)))) {
                    cols[i] = cm;
                    long data = cm.getData_page_offset();
                    long dict = cm.isSetDictionary_page_offset() ? cm.getDictionary_page_offset() : 0;
                    starts[i] = dict > 0 && dict < data ? dict : data;   // as parquet-mr: some writers set 0
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        Chunk[] out = new Chunk[n];
        int k = 0;
        while (k < n) {
            int i = order[k];
            if (cols[i] == null) {
                if (paths.get(i) != null) {
                    throw new ParquetDecodingException("row group has no column " + String.join(".", paths.get(i)));
                }
                k++;
                continue;
            }
            long from = starts[i];
            long to = from + cols[i].getTotal_compressed_size();
            int last = k;
            while (last + 1 < n && cols[order[last + 1]] != null && starts[order[last + 1]] <= to + MERGE_GAP) {
                last++;
                int j = order[last];
                to = Math.max(to, starts[j] + cols[j].getTotal_compressed_size());
            }
            // Offsets and sizes come from the footer, which the file's writer (or a forger) chose: a chunk must lie
            // inside the file's data before anything is allocated for it.
            if (from < 4 || to < from || to > dataEnd) {
                throw new ParquetDecodingException("column chunk [" + from + ", " + to + ") lies outside the file's "
                        + "data [4, " + dataEnd + ")");
            }
            if (to - from > Integer.MAX_VALUE - 16) {
                throw new ParquetDecodingException("column chunks over 2 GB are not supported");
            }
            byte[] buf = new byte[(int) (to - from)];
            in.readFully(from, buf, 0, buf.length);
            for (int m = k; m <= last; m++) {
                int j = order[m];
                ColumnMetaData cm = cols[j];
                if (cm.getTotal_compressed_size() < 0) {
                    throw new ParquetDecodingException("column chunk with a negative size");
                }
                out[j] = new Chunk(buf, (int) (starts[j] - from), (int) cm.getTotal_compressed_size(),
                        CompressionCodecName.fromParquet(cm.getCodec()), cm.getNum_values());
            }
            k = last + 1;
        }
        return out;
    }

    // ------------------------------------------------------------------------------ schema: Thrift -> MessageType

    static MessageType messageType(List<SchemaElement> elements) {
        Iterator<SchemaElement> it = elements.iterator();
        SchemaElement root = it.next();
        List<Type> fields = new ArrayList<>();
        for (int i = 0; i < root.getNum_children(); i++) {
            fields.add(type(it));
        }
        return new MessageType(root.getName(), fields);
    }

    private static Type type(Iterator<SchemaElement> it) {
        SchemaElement e = it.next();
        Type.Repetition rep = e.isSetRepetition_type()
                ? Type.Repetition.valueOf(e.getRepetition_type().name()) : Type.Repetition.OPTIONAL;
        LogicalTypeAnnotation a = annotation(e);
        if (e.isSetType()) {
            PrimitiveTypeName t = switch (e.getType()) {
                case BYTE_ARRAY -> PrimitiveTypeName.BINARY;
                default -> PrimitiveTypeName.valueOf(e.getType().name());   // the other names are the same
            };
            try {
                return Types.primitive(t, rep).length(e.isSetType_length() ? e.getType_length() : 0).as(a)
                        .named(e.getName());
            } catch (RuntimeException invalid) {
                // an annotation this type cannot carry: keep the physical type (what the decoder reads)
                return Types.primitive(t, rep).length(e.isSetType_length() ? e.getType_length() : 0)
                        .named(e.getName());
            }
        }
        List<Type> children = new ArrayList<>();
        for (int i = 0; i < e.getNum_children(); i++) {
            children.add(type(it));
        }
        try {
            return Types.buildGroup(rep).addFields(children.toArray(new Type[0])).as(a).named(e.getName());
        } catch (RuntimeException invalid) {
            return Types.buildGroup(rep).addFields(children.toArray(new Type[0])).named(e.getName());
        }
    }

    /** The annotations the decoder cares about (decimal scale, timestamp unit, date, integer, string, map). */
    private static LogicalTypeAnnotation annotation(SchemaElement e) {
        if (e.isSetLogicalType()) {
            LogicalType l = e.getLogicalType();
            if (l.isSetSTRING()) {
                return LogicalTypeAnnotation.stringType();
            }
            if (l.isSetDECIMAL()) {
                return LogicalTypeAnnotation.decimalType(l.getDECIMAL().getScale(), l.getDECIMAL().getPrecision());
            }
            if (l.isSetTIMESTAMP()) {
                var ts = l.getTIMESTAMP();
                TimeUnit unit = ts.getUnit().isSetNANOS() ? TimeUnit.NANOS
                        : ts.getUnit().isSetMICROS() ? TimeUnit.MICROS : TimeUnit.MILLIS;
                return LogicalTypeAnnotation.timestampType(ts.isIsAdjustedToUTC(), unit);
            }
            if (l.isSetDATE()) {
                return LogicalTypeAnnotation.dateType();
            }
            if (l.isSetINTEGER()) {
                return LogicalTypeAnnotation.intType(l.getINTEGER().getBitWidth(), l.getINTEGER().isIsSigned());
            }
            if (l.isSetMAP()) {
                return LogicalTypeAnnotation.mapType();
            }
            if (l.isSetLIST()) {
                return LogicalTypeAnnotation.listType();
            }
            if (l.isSetJSON()) {
                return LogicalTypeAnnotation.jsonType();
            }
            if (l.isSetENUM()) {
                return LogicalTypeAnnotation.enumType();
            }
            return null;
        }
        if (!e.isSetConverted_type()) {
            return null;
        }
        ConvertedType c = e.getConverted_type();
        return switch (c) {
            case UTF8 -> LogicalTypeAnnotation.stringType();
            case DECIMAL -> LogicalTypeAnnotation.decimalType(e.getScale(), e.getPrecision());
            case TIMESTAMP_MILLIS -> LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS);
            case TIMESTAMP_MICROS -> LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS);
            case DATE -> LogicalTypeAnnotation.dateType();
            case INT_8 -> LogicalTypeAnnotation.intType(8, true);
            case INT_16 -> LogicalTypeAnnotation.intType(16, true);
            case INT_32 -> LogicalTypeAnnotation.intType(32, true);
            case INT_64 -> LogicalTypeAnnotation.intType(64, true);
            case UINT_8 -> LogicalTypeAnnotation.intType(8, false);
            case UINT_16 -> LogicalTypeAnnotation.intType(16, false);
            case UINT_32 -> LogicalTypeAnnotation.intType(32, false);
            case UINT_64 -> LogicalTypeAnnotation.intType(64, false);
            case MAP -> LogicalTypeAnnotation.mapType();
            case MAP_KEY_VALUE -> LogicalTypeAnnotation.MapKeyValueTypeAnnotation.getInstance();
            case LIST -> LogicalTypeAnnotation.listType();
            case JSON -> LogicalTypeAnnotation.jsonType();
            case ENUM -> LogicalTypeAnnotation.enumType();
            default -> null;
        };
    }
}
