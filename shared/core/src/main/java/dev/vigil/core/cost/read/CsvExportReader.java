package dev.vigil.core.cost.read;

import dev.vigil.core.cost.ExportFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one CSV export file (already decompressed) into a {@link CostAggregator}: header → dialect, then every
 * record through the normaliser. A record whose field count differs from the header's is a bad row (counted with
 * its line number), as is a record left open by an unbalanced quote at the end of the file.
 */
public final class CsvExportReader {

    /** Progress callback: bytes of (decompressed) input consumed, rows read. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytes, long rows);

        Progress NONE = (b, r) -> { };
    }

    private CsvExportReader() {
    }

    /** Reads the header only. */
    public static ExportSchema schema(CsvRowReader csv, String file) throws IOException {
        if (!csv.next()) {
            throw new NotABillingExportException(file + " is empty: no CSV header");
        }
        List<String> header = new ArrayList<>(csv.fieldCount());
        for (int i = 0; i < csv.fieldCount(); i++) {
            header.add(csv.string(i));
        }
        return ExportSchema.detect(header, file);
    }

    /**
     * Reads the whole stream. {@code expected} (from a manifest) may be null; when given, a file of another
     * dialect is refused.
     */
    public static ExportSchema read(InputStream in, String file, CostAggregator agg, ExportFormat expected,
                                    Progress progress) throws IOException {
        CsvRowReader csv = new CsvRowReader(in);
        ExportSchema schema = schema(csv, file);
        if (expected != null && schema.format() != expected) {
            throw new NotABillingExportException(file + " is " + schema.format().label() + " but its manifest says "
                    + expected.label());
        }
        agg.noteFormat(schema.label());
        CsvRow row = new CsvRow(csv, schema);
        int columns = schema.columns().size();
        ExportFormat format = schema.format();
        long n = 0;
        while (csv.next()) {
            int fc = csv.fieldCount();
            if (fc != columns) {
                if (fc == 1 && csv.length(0) == 0) {
                    continue;   // a blank line carries nothing
                }
                agg.badRows().add(file, csv.line(), fc + " fields where the header has " + columns);
                continue;
            }
            if (csv.unterminatedQuote()) {
                agg.badRows().add(file, csv.line(), "unbalanced quote runs to the end of the file");
                continue;
            }
            agg.add(row, format, file, csv.line());
            if ((++n & 0xFFFF) == 0) {
                progress.update(csv.bytesRead(), n);
            }
        }
        progress.update(csv.bytesRead(), n);
        return schema;
    }

    /** A {@link RowView} over the current record of a {@link CsvRowReader}. */
    static final class CsvRow implements RowView {
        private final CsvRowReader csv;
        private final int[] index;
        private final int[] tagColumns;
        private final int[] tagKeyIds;
        private final TagJson tagJson = new TagJson();
        private ByteDict tagKeyDict;

        CsvRow(CsvRowReader csv, ExportSchema schema) {
            this.csv = csv;
            this.index = new int[Field.values().length];
            for (Field f : Field.values()) {
                index[f.ordinal()] = schema.index(f);
            }
            this.tagColumns = schema.tagColumns();
            this.tagKeyIds = new int[tagColumns.length];
            this.keys = schema.tagKeys();
        }

        private final String[] keys;

        @Override
        public boolean has(Field f) {
            return index[f.ordinal()] >= 0;
        }

        @Override
        public boolean isNull(Field f) {
            int i = index[f.ordinal()];
            return i < 0 || Ascii.isNull(csv.buffer(), csv.start(i), csv.end(i));
        }

        @Override
        public int id(Field f, ByteDict dict, boolean lowerCase) {
            int i = index[f.ordinal()];
            if (i < 0) {
                return 0;
            }
            byte[] b = csv.buffer();
            int s = csv.start(i);
            int e = csv.end(i);
            if (Ascii.isNull(b, s, e)) {
                return 0;
            }
            if (lowerCase) {
                for (int p = s; p < e; p++) {
                    if (b[p] >= 'A' && b[p] <= 'Z') {
                        b[p] += 32;   // the record's own bytes: safe to fold in place
                    }
                }
            }
            return dict.id(b, s, e);
        }

        @Override
        public double number(Field f) {
            int i = index[f.ordinal()];
            if (i < 0) {
                return 0;
            }
            byte[] b = csv.buffer();
            int s = csv.start(i);
            int e = csv.end(i);
            if (Ascii.isNull(b, s, e)) {
                return 0;
            }
            return Ascii.parseDouble(b, s, e);
        }

        @Override
        public long epochHour(Field f) {
            int i = index[f.ordinal()];
            if (i < 0) {
                return Ascii.BAD_TIME;
            }
            return Ascii.epochHour(csv.buffer(), csv.start(i), csv.end(i));
        }

        @Override
        public void forEachTag(TagSink sink, ByteDict dict) {
            int t = index[Field.TAGS.ordinal()];
            byte[] b = csv.buffer();
            if (t >= 0) {
                int s = csv.start(t);
                int e = csv.end(t);
                if (!Ascii.isNull(b, s, e)) {
                    int[] pairs = tagJson.pairs(b, s, e, dict);
                    for (int p = 0; p < pairs.length; p += 2) {
                        sink.tag(pairs[p], pairs[p + 1]);
                    }
                }
            }
            if (tagColumns.length > 0) {
                if (tagKeyDict != dict) {
                    for (int j = 0; j < tagColumns.length; j++) {
                        tagKeyIds[j] = dict.id(keys[j]);
                    }
                    tagKeyDict = dict;
                }
                for (int j = 0; j < tagColumns.length; j++) {
                    int c = tagColumns[j];
                    int s = csv.start(c);
                    int e = csv.end(c);
                    if (!Ascii.isNull(b, s, e)) {
                        sink.tag(tagKeyIds[j], dict.id(b, s, e));
                    }
                }
            }
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
