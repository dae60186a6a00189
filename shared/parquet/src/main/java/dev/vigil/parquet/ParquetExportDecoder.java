package dev.vigil.parquet;

import dev.vigil.core.cost.ExportFormat;
import dev.vigil.core.cost.read.Ascii;
import dev.vigil.core.cost.read.ByteDict;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportSchema;
import dev.vigil.core.cost.read.Field;
import dev.vigil.core.cost.read.NotABillingExportException;
import dev.vigil.core.cost.read.ParquetDecoder;
import dev.vigil.core.cost.read.RandomAccessInput;
import dev.vigil.core.cost.read.RowView;
import dev.vigil.core.cost.read.TagJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.CorruptDeltaByteArrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.RequiresPreviousReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Parquet billing exports (CUR 2.0, FOCUS, legacy CUR in Parquet), decoded a column at a time with no Hadoop
 * FileSystem, no object model and no record assembly: parquet-hadoop reads and decompresses the pages of the ~20
 * projected columns (a CUR 2.0 file has ~125); this class decodes each column's levels and values for a batch of
 * rows into flat arrays (dictionary ids stay ids), then hands the batch to the aggregator row by row through a
 * {@link RowView} that reads those arrays. A dictionary-encoded string costs one array lookup per row: its
 * aggregation id is resolved once per dictionary entry.
 *
 * <p>Why not parquet-mr's record reader: its per-value state machine and converter calls
 * were a third of the CPU, and a large body of code for the JIT to compile on a cold start.
 *
 * <p>Memory: one row group's projected column chunks (held by parquet-hadoop) plus a batch of {@value #BATCH}
 * rows of decoded values.
 */
public final class ParquetExportDecoder implements ParquetDecoder {

    /** The most one page may decompress to (writers default to 1 MB pages). */
    static final int MAX_PAGE_BYTES = 256 << 20;
    /** The most a page may grow by decompressing (gzip's limit is about 1,032; zstd's is higher, rarely reached). */
    static final long MAX_RATIO = 4096;
    /** The most values one page may claim (writers default to 20,000 rows a page). */
    static final int MAX_PAGE_VALUES = 8 << 20;


    static final int BATCH = 2048;

    @Override
    public ExportSchema read(RandomAccessInput file, String name, CostAggregator agg, ExportFormat expected,
                             CsvExportReader.Progress progress) throws IOException {
        {
            ParquetFile pf = new ParquetFile(file, name);
            MessageType fileSchema = pf.schema;
            List<String> columns = new ArrayList<>();
            for (Type t : fileSchema.getFields()) {
                columns.add(t.getName());
            }
            ExportSchema schema = ExportSchema.detect(columns, name);
            if (expected != null && schema.format() != expected) {
                throw new NotABillingExportException(name + " is " + schema.format().label()
                        + " but its manifest says " + expected.label());
            }
            agg.noteFormat(schema.label() + " (parquet)");
            Batch batch = new Batch(schema, fileSchema, pf.meta.getCreated_by());
            List<String[]> paths = batch.paths();
            ExportFormat format = schema.format();
            long rows = 0;
            long total = pf.rows();
            long length = file.length();
            for (RowGroup rg : pf.rowGroups()) {
                long n = rg.getNum_rows();
                if (n == 0) {
                    continue;
                }
                ParquetFile.Chunk[] chunks = pf.read(rg, paths);   // I/O errors propagate: the caller retries
                long done = 0;
                try {
                    batch.startRowGroup(chunks);
                    while (done < n) {
                        int m = (int) Math.min(BATCH, n - done);
                        batch.fill(m);
                        for (int i = 0; i < m; i++) {
                            batch.row = i;
                            agg.add(batch, format, name, ++rows);
                        }
                        done += m;
                    }
                } catch (ParquetDecodingException | IllegalArgumentException | IndexOutOfBoundsException e) {
                    // A corrupt page makes the rest of its column chunk unreadable: the row group's remaining rows
                    // are counted (not silently dropped), and the next row group is read.
                    long lost = n - done;
                    agg.badRows().add(name, rows + 1, lost, "undecodable Parquet row group: " + e.getMessage());
                    rows += lost;
                }
                progress.update(total == 0 ? length : length * rows / total, rows);
            }
            return schema;
        }
    }

    private enum Kind { STRING, NUMBER, TIME, TAG_JSON, LEGACY_TAG }

    // Per-row value states in a column's batch arrays.
    private static final byte NULL = 0, DICT = 1, PLAIN = 2, NUM = 3, TIME = 4;

    /**
     * The projected columns and the current batch of rows; a {@link RowView} of row {@link #row}. Semantics per
     * value type are those of the CSV reader: strings as bytes, numbers as doubles (decimals scaled), timestamps as
     * epoch hours; integer columns read as strings (an account id typed INT64) render as their decimal digits, as
     * the same export's CSV would.
     */
    static final class Batch implements RowView {
        int row;
        private final int[] slotOf = new int[Field.values().length];
        private final Col[] flat;            // all scalar columns, by slot
        private final MapTags map;           // a MAP tags column, or null
        private final int tagJsonSlot;
        private final int[] legacyTagSlots;
        private final byte[][] legacyTagKeys;
        private final int[] legacyTagKeyIds;
        private ByteDict legacyTagKeyDict;
        private final TagJson tagJson = new TagJson();
        private byte[] scratch = new byte[256];

        Batch(ExportSchema schema, MessageType file, String createdBy) {
            Arrays.fill(slotOf, -1);
            List<Col> cols = new ArrayList<>();
            MapTags mapTags = null;
            int jsonSlot = -1;
            for (Field f : Field.values()) {
                int i = schema.index(f);
                if (i < 0) {
                    continue;
                }
                Type t = file.getType(i);
                if (f == Field.TAGS) {
                    if (t.isPrimitive()) {
                        jsonSlot = cols.size();
                        cols.add(new Col(t.asPrimitiveType(), new String[] {t.getName()}, Kind.TAG_JSON, file,
                                createdBy));
                    } else if (MapTags.isMap(t.asGroupType())) {
                        mapTags = new MapTags(t.asGroupType(), file, createdBy);
                    }
                    continue;
                }
                if (!t.isPrimitive()) {
                    continue;   // a nested column where we expect a scalar: ignore it
                }
                Kind k = switch (f) {
                    case START, END, PERIOD_START -> Kind.TIME;
                    case UNBLENDED, EFFECTIVE, SP_EFFECTIVE, SP_TOTAL_COMMIT, SP_USED_COMMIT, RI_EFFECTIVE,
                         RI_UNUSED_AMORT, RI_UNUSED_RECUR -> Kind.NUMBER;
                    default -> Kind.STRING;
                };
                slotOf[f.ordinal()] = cols.size();
                cols.add(new Col(t.asPrimitiveType(), new String[] {t.getName()}, k, file, createdBy));
            }
            int[] tagCols = schema.tagColumns();
            String[] tagKeyNames = schema.tagKeys();
            List<Integer> legacySlots = new ArrayList<>();
            List<byte[]> legacyKeys = new ArrayList<>();
            for (int j = 0; j < tagCols.length; j++) {
                Type t = file.getType(tagCols[j]);
                if (t.isPrimitive()) {
                    legacySlots.add(cols.size());
                    legacyKeys.add(tagKeyNames[j].getBytes(StandardCharsets.UTF_8));
                    cols.add(new Col(t.asPrimitiveType(), new String[] {t.getName()}, Kind.LEGACY_TAG, file,
                            createdBy));
                }
            }
            this.flat = cols.toArray(new Col[0]);
            this.map = mapTags;
            this.tagJsonSlot = jsonSlot;
            this.legacyTagSlots = legacySlots.stream().mapToInt(Integer::intValue).toArray();
            this.legacyTagKeys = legacyKeys.toArray(new byte[0][]);
            this.legacyTagKeyIds = new int[legacyTagKeys.length];
        }

        /** The leaf columns to read, in the order {@link #startRowGroup} takes their chunks. */
        List<String[]> paths() {
            List<String[]> p = new ArrayList<>();
            for (Col c : flat) {
                p.add(c.desc.getPath());
            }
            if (map != null) {
                p.add(map.key.desc.getPath());
                p.add(map.value.desc.getPath());
            }
            return p;
        }

        void startRowGroup(ParquetFile.Chunk[] chunks) {
            int i = 0;
            for (Col c : flat) {
                c.start(chunks[i++]);
            }
            if (map != null) {
                map.key.start(chunks[i++]);
                map.value.start(chunks[i]);
            }
        }

        /** Decodes the next {@code m} rows of every projected column. */
        void fill(int m) {
            for (Col c : flat) {
                c.fillFlat(m);
            }
            if (map != null) {
                map.fill(m);
            }
        }

        @Override
        public boolean has(Field f) {
            return slotOf[f.ordinal()] >= 0;
        }

        @Override
        public boolean isNull(Field f) {
            int s = slotOf[f.ordinal()];
            return s < 0 || flat[s].isNull(row);
        }

        @Override
        public int id(Field f, ByteDict dict, boolean lowerCase) {
            int s = slotOf[f.ordinal()];
            if (s < 0) {
                return 0;
            }
            Col c = flat[s];
            int i = row;
            byte st = c.state[i];
            if (st == DICT) {
                return c.cachedId(c.ids[i], dict, lowerCase);
            }
            if (st != PLAIN) {
                return 0;
            }
            byte[] b = c.arena;
            int o = c.off[i];
            int l = c.len[i];
            if (Ascii.isNull(b, o, o + l)) {
                return 0;
            }
            if (lowerCase) {
                if (scratch.length < l) {
                    scratch = new byte[Math.max(l, scratch.length * 2)];
                }
                for (int p = 0; p < l; p++) {
                    byte ch = b[o + p];
                    scratch[p] = ch >= 'A' && ch <= 'Z' ? (byte) (ch + 32) : ch;
                }
                return dict.id(scratch, 0, l);
            }
            return dict.id(b, o, o + l);
        }

        @Override
        public double number(Field f) {
            int s = slotOf[f.ordinal()];
            return s < 0 ? 0 : flat[s].number(row);
        }

        @Override
        public long epochHour(Field f) {
            int s = slotOf[f.ordinal()];
            return s < 0 ? Ascii.BAD_TIME : flat[s].epochHour(row);
        }

        @Override
        public void forEachTag(TagSink sink, ByteDict dict) {
            int i = row;
            if (map != null) {
                map.forEach(i, sink, dict);
            }
            if (tagJsonSlot >= 0) {
                Col c = flat[tagJsonSlot];
                byte st = c.state[i];
                if (st == DICT) {
                    if (!c.dictNull[c.ids[i]]) {
                        emit(c.cachedPairs(c.ids[i], tagJson, dict), sink);
                    }
                } else if (st == PLAIN) {
                    int o = c.off[i];
                    int e = o + c.len[i];
                    if (!Ascii.isNull(c.arena, o, e)) {
                        emit(tagJson.pairs(c.arena, o, e, dict), sink);
                    }
                }
            }
            if (legacyTagSlots.length > 0) {
                if (legacyTagKeyDict != dict) {
                    for (int j = 0; j < legacyTagKeys.length; j++) {
                        legacyTagKeyIds[j] = dict.id(legacyTagKeys[j], 0, legacyTagKeys[j].length);
                    }
                    legacyTagKeyDict = dict;
                }
                for (int j = 0; j < legacyTagSlots.length; j++) {
                    Col c = flat[legacyTagSlots[j]];
                    byte st = c.state[i];
                    if (st == DICT) {
                        if (!c.dictNull[c.ids[i]]) {
                            sink.tag(legacyTagKeyIds[j], c.cachedId(c.ids[i], dict, false));
                        }
                    } else if (st == PLAIN) {
                        int o = c.off[i];
                        int e = o + c.len[i];
                        if (!Ascii.isNull(c.arena, o, e)) {
                            sink.tag(legacyTagKeyIds[j], dict.id(c.arena, o, e));
                        }
                    }
                }
            }
        }

        private static void emit(int[] pairs, TagSink sink) {
            for (int p = 0; p < pairs.length; p += 2) {
                sink.tag(pairs[p], pairs[p + 1]);
            }
        }
    }

    /**
     * One leaf column of a row group: its pages, levels and values, decoded into batch arrays. Values of row
     * (or map entry) {@code j} of the batch: {@code state[j]} says where — a dictionary id ({@code ids}), bytes in
     * {@code arena} ({@code off}/{@code len}), a number ({@code nums}) or an epoch hour ({@code hours}).
     */
    static final class Col {
        final ColumnDescriptor desc;
        final PrimitiveTypeName type;
        final Kind kind;
        final int maxDef;
        final int maxRep;
        private final String createdBy;
        private final boolean decimal;
        private final double decimalScale;
        private final long unitsPerHour;   // INT64 timestamps
        private final boolean dateDays;
        /** An integer column read as a string (an account id typed INT64): rendered as decimal digits. */
        private final boolean intAsString;

        // batch arrays
        byte[] state = new byte[BATCH];
        int[] ids = new int[BATCH];
        double[] nums = new double[BATCH];
        long[] hours = new long[BATCH];
        int[] off = new int[BATCH];
        int[] len = new int[BATCH];
        byte[] arena = new byte[1 << 12];
        int arenaUsed;

        // the column chunk
        private byte[] chunk;
        private int chunkPos;
        private int chunkEnd;
        private CompressionCodecName codec;
        private Dictionary dictionary;
        private long unread;                 // level entries of the chunk not yet in a decoded page
        private int[] defs = new int[0];
        private int[] reps = new int[0];
        private int pageCount;
        int pos;
        private ValuesReader values;
        private boolean dictPage;
        private int[] pageIds = new int[0];  // a dictionary page's ids, decoded at once
        private int vpos;                    // next of them

        // the chunk's dictionary, decoded once
        private byte[][] dictBytes;
        boolean[] dictNull;
        private double[] dictNums;
        private long[] dictHours;
        private byte dictState;              // DICT, NUM or TIME: what a dictionary value becomes
        private int[] idCache;               // parquet dictionary id -> ByteDict id (-1: not yet)
        private ByteDict idCacheDict;
        private boolean idCacheLower;
        private int[][] pairsCache;          // parquet dictionary id -> tag pairs
        private long[] hourCache;            // parquet dictionary id -> epoch hour of a string timestamp

        Col(PrimitiveType t, String[] path, Kind kind, MessageType file, String createdBy) {
            this.desc = file.getColumnDescription(path);
            this.type = t.getPrimitiveTypeName();
            this.kind = kind;
            this.maxDef = desc.getMaxDefinitionLevel();
            this.maxRep = desc.getMaxRepetitionLevel();
            this.createdBy = createdBy;
            LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
            double scale = 1;
            long uph = 3_600_000L;
            boolean days = false;
            boolean dec = false;
            if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                scale = Math.pow(10, d.getScale());
                dec = true;
            } else if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                uph = switch (ts.getUnit()) {
                    case MILLIS -> 3_600_000L;
                    case MICROS -> 3_600_000_000L;
                    case NANOS -> 3_600_000_000_000L;
                };
            } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                days = true;
            }
            this.decimal = dec;
            this.decimalScale = scale;
            this.unitsPerHour = uph;
            this.dateDays = days;
            this.intAsString = (kind == Kind.STRING || kind == Kind.LEGACY_TAG)
                    && (type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.INT32)
                    && (a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation);
        }

        void start(ParquetFile.Chunk c) {
            chunk = c.buf();
            chunkPos = c.off();
            chunkEnd = c.off() + c.len();
            codec = c.codec();
            unread = c.values();
            pageCount = 0;
            pos = 0;
            values = null;
            setDictionary(null);   // the chunk's dictionary page, if any, comes first
        }

        /** Whether another level entry remains in the column chunk. */
        boolean hasNext() {
            return pos < pageCount || unread > 0;
        }

        /** Makes sure the entry at {@link #pos} is decoded (reads the next page if needed). */
        void ensure() {
            while (pos >= pageCount) {
                if (unread <= 0) {
                    throw new ParquetDecodingException("column " + desc + " has fewer values than its row group");
                }
                readPage();
            }
        }

        int rep() {
            return reps[pos];
        }

        private void readPage() {
            try {
                decodePage();
            } catch (IOException e) {
                // the chunk is in memory already: an IOException here is a page that does not decode
                throw new ParquetDecodingException("column " + desc + ": " + e.getMessage(), e);
            }
        }

        /** The chunk's next data page: levels decoded into arrays, values ready to read (dictionary pages set). */
        private void decodePage() throws IOException {
            while (true) {
                if (chunkPos >= chunkEnd) {
                    throw new ParquetDecodingException("column " + desc + " ended before its value count");
                }
                Cursor cur = new Cursor(chunk, chunkPos, chunkEnd - chunkPos);
                PageHeader h = Util.readPageHeader(cur);
                int p = cur.position();
                int csize = h.getCompressed_page_size();
                int usize = h.getUncompressed_page_size();
                chunkPos = p + csize;
                if (csize < 0 || chunkPos > chunkEnd || chunkPos < p) {
                    throw new ParquetDecodingException("column " + desc + ": a page runs past its chunk");
                }
                checkPageSizes(csize, usize, h);
                switch (h.getType()) {
                    case DICTIONARY_PAGE -> {
                        var dh = h.getDictionary_page_header();
                        Encoding e = encoding(dh.getEncoding());
                        ByteBuffer b = PureJavaCodecs.decompress(codec, chunk, p, csize, usize);
                        setDictionary(e.initDictionary(desc,
                                new DictionaryPage(BytesInput.from(b), dh.getNum_values(), e)));
                    }
                    case DATA_PAGE -> {
                        var dh = h.getData_page_header();
                        int n = dh.getNum_values();
                        grow(n);
                        ByteBuffer page = PureJavaCodecs.decompress(codec, chunk, p, csize, usize);
                        Encoding rle = encoding(dh.getRepetition_level_encoding());
                        Encoding dle = encoding(dh.getDefinition_level_encoding());
                        if ((maxRep == 0 || rle == Encoding.RLE) && (maxDef == 0 || dle == Encoding.RLE)) {
                            // RLE levels (what every current writer uses): a 4-byte length, then the hybrid runs
                            byte[] b = page.array();
                            int q = page.arrayOffset() + page.position();
                            int limit = page.arrayOffset() + page.limit();
                            q = v1Levels(b, q, limit, reps, n, maxRep);
                            q = v1Levels(b, q, limit, defs, n, maxDef);
                            page.position(q - page.arrayOffset());
                            initValues(encoding(dh.getEncoding()), page, n);
                        } else {
                            ByteBufferInputStream in = ByteBufferInputStream.wrap(page);
                            ValuesReader rl = rle.getValuesReader(desc, ValuesType.REPETITION_LEVEL);
                            ValuesReader dl = dle.getValuesReader(desc, ValuesType.DEFINITION_LEVEL);
                            rl.initFromPage(n, in);
                            dl.initFromPage(n, in);
                            levels(rl, reps, n, maxRep);
                            levels(dl, defs, n, maxDef);
                            ByteBuffer rest = in.slice((int) in.available());
                            initValues(encoding(dh.getEncoding()), rest, n);
                        }
                        pageRead(n);
                        return;
                    }
                    case DATA_PAGE_V2 -> {
                        var dh = h.getData_page_header_v2();
                        int n = dh.getNum_values();
                        int rlLen = dh.getRepetition_levels_byte_length();
                        int dlLen = dh.getDefinition_levels_byte_length();
                        grow(n);
                        // V2: the levels are never compressed; the values are unless is_compressed says otherwise
                        if (maxRep > 0) {
                            Hybrid.decode(chunk, p, p + rlLen, width(maxRep), reps, n);
                        } else {
                            Arrays.fill(reps, 0, n, 0);
                        }
                        if (maxDef > 0) {
                            Hybrid.decode(chunk, p + rlLen, p + rlLen + dlLen, width(maxDef), defs, n);
                        } else {
                            Arrays.fill(defs, 0, n, 0);
                        }
                        int vp = p + rlLen + dlLen;
                        boolean compressed = !dh.isSetIs_compressed() || dh.isIs_compressed();
                        ByteBuffer v = compressed
                                ? PureJavaCodecs.decompress(codec, chunk, vp, csize - rlLen - dlLen,
                                        usize - rlLen - dlLen)
                                : ByteBuffer.wrap(chunk, vp, csize - rlLen - dlLen).slice();
                        initValues(encoding(dh.getEncoding()), v, n);
                        pageRead(n);
                        return;
                    }
                    default -> { }   // index pages: nothing to decode
                }
            }
        }

        /**
         * Sizes a page header claims, checked before anything is allocated for them (a 7.9 KB file with forged
         * sizes must not run the reader out of memory, issue 9): the uncompressed size at most
         * {@link #MAX_PAGE_BYTES} and at most {@link #MAX_RATIO} times the compressed size (the compressed size is
         * already bounded by the chunk, which is bounded by the file), a value count at most
         * {@link #MAX_PAGE_VALUES}, a dictionary at most one entry per uncompressed byte.
         */
        private void checkPageSizes(int csize, int usize, PageHeader h) {
            if (usize < 0 || usize > MAX_PAGE_BYTES || usize > (long) csize * MAX_RATIO + 65_536) {
                throw new ParquetDecodingException("column " + desc + ": page claims " + usize
                        + " uncompressed bytes from " + csize + " compressed");
            }
            int n = h.isSetData_page_header() ? h.getData_page_header().getNum_values()
                    : h.isSetData_page_header_v2() ? h.getData_page_header_v2().getNum_values()
                    : h.isSetDictionary_page_header() ? h.getDictionary_page_header().getNum_values() : 0;
            if (n < 0 || n > MAX_PAGE_VALUES
                    || (h.isSetDictionary_page_header() && n > Math.max(usize, 1))) {
                throw new ParquetDecodingException("column " + desc + ": page claims " + n + " values");
            }
        }

        private void grow(int n) {
            if (defs.length < n) {
                defs = new int[n];
                reps = new int[n];
            }
        }

        private void pageRead(int n) {
            unread -= n;
            pageCount = n;
            pos = 0;
        }

        private static Encoding encoding(org.apache.parquet.format.Encoding e) {
            return Encoding.valueOf(e.name());
        }

        /** A byte array stream that tells where the Thrift page header ended. */
        private static final class Cursor extends ByteArrayInputStream {
            Cursor(byte[] b, int off, int len) {
                super(b, off, len);
            }

            int position() {
                return pos;
            }
        }

        private static void levels(ValuesReader r, int[] out, int n, int max) {
            if (max == 0) {
                Arrays.fill(out, 0, n, 0);
                return;
            }
            for (int i = 0; i < n; i++) {
                out[i] = r.readInteger();
            }
        }

        private static int width(int maxLevel) {
            return 32 - Integer.numberOfLeadingZeros(maxLevel);
        }

        /** V1 RLE levels at {@code q}: a little-endian length, then the runs. Returns the position after them. */
        private static int v1Levels(byte[] b, int q, int limit, int[] out, int n, int max) {
            if (max == 0) {
                Arrays.fill(out, 0, n, 0);
                return q;
            }
            if (q + 4 > limit) {
                throw new ParquetDecodingException("levels run past the page");
            }
            int len = (b[q] & 0xFF) | (b[q + 1] & 0xFF) << 8 | (b[q + 2] & 0xFF) << 16 | (b[q + 3] & 0xFF) << 24;
            if (len < 0 || q + 4 + len > limit) {
                throw new ParquetDecodingException("levels run past the page");
            }
            Hybrid.decode(b, q + 4, q + 4 + len, width(max), out, n);
            return q + 4 + len;
        }

        /**
         * The page's values from {@code v} on. Dictionary ids are decoded here, all at once, into {@link #pageIds}
         * (a bit width, then RLE/bit-packed runs); other encodings go through parquet's value readers.
         */
        private void initValues(Encoding encoding, ByteBuffer v, int n) throws IOException {
            ValuesReader previous = values;
            if (encoding.usesDictionary()) {
                if (dictionary == null) {
                    throw new ParquetDecodingException("column " + desc + ": a " + encoding
                            + " page without a dictionary");
                }
                int present = 0;
                for (int k = 0; k < n; k++) {
                    if (defs[k] == maxDef) {
                        present++;
                    }
                }
                if (pageIds.length < present) {
                    pageIds = new int[Math.max(present, pageIds.length * 2)];
                }
                byte[] b = v.array();
                int q = v.arrayOffset() + v.position();
                int limit = v.arrayOffset() + v.limit();
                if (present > 0) {
                    if (q >= limit) {
                        throw new ParquetDecodingException("column " + desc + ": empty dictionary-id page");
                    }
                    int width = b[q] & 0xFF;
                    if (width > 32) {
                        throw new ParquetDecodingException("column " + desc + ": bit width " + width);
                    }
                    Hybrid.decode(b, q + 1, limit, width, pageIds, present);
                    int max = dictBytes != null ? dictBytes.length : dictNums != null ? dictNums.length
                            : dictHours.length;
                    for (int k = 0; k < present; k++) {
                        if (pageIds[k] < 0 || pageIds[k] >= max) {
                            throw new ParquetDecodingException("column " + desc + ": dictionary id " + pageIds[k]
                                    + " out of " + max);
                        }
                    }
                }
                vpos = 0;
                dictPage = true;
                values = null;
                return;
            } else {
                values = encoding.getValuesReader(desc, ValuesType.VALUES);
                dictPage = false;
            }
            if (CorruptDeltaByteArrays.requiresSequentialReads(createdBy, encoding)
                    && previous instanceof RequiresPreviousReader
                    && values instanceof RequiresPreviousReader r) {
                r.setPreviousReader(previous);   // old writers' DELTA_BYTE_ARRAY pages depend on the previous one
            }
            values.initFromPage(n, ByteBufferInputStream.wrap(v));
        }

        /**
         * The next {@code m} rows of a flat (non-repeated) column into the batch arrays: page by page, with a
         * tight loop of its own for dictionary pages (the common case: one array read per row).
         */
        void fillFlat(int m) {
            arenaUsed = 0;
            int i = 0;
            while (i < m) {
                if (pos >= pageCount) {
                    ensure();
                }
                int end = Math.min(m, i + (pageCount - pos));
                i = dictPage ? fillDict(i, end) : fillValues(i, end);
            }
        }

        private int fillDict(int i, int end) {
            final int md = maxDef;
            final byte st = dictState;
            final int[] d = defs;
            final int[] pv = pageIds;
            int p = pos;
            int v = vpos;
            for (; i < end; i++) {
                if (d[p++] < md) {
                    state[i] = NULL;
                    continue;
                }
                int id = pv[v++];
                state[i] = st;
                if (st == DICT) {
                    ids[i] = id;
                } else if (st == NUM) {
                    nums[i] = dictNums[id];
                } else {
                    hours[i] = dictHours[id];
                }
            }
            pos = p;
            vpos = v;
            return i;
        }

        private int fillValues(int i, int end) {
            final int md = maxDef;
            for (; i < end; i++) {
                if (defs[pos++] < md) {
                    state[i] = NULL;
                } else {
                    readValue(i);
                }
            }
            return i;
        }

        void ensureCapacity(int n) {
            if (state.length < n) {
                int c = Math.max(n, state.length * 2);
                state = Arrays.copyOf(state, c);
                ids = Arrays.copyOf(ids, c);
                nums = Arrays.copyOf(nums, c);
                hours = Arrays.copyOf(hours, c);
                off = Arrays.copyOf(off, c);
                len = Arrays.copyOf(len, c);
            }
        }

        /** Reads the value of the current (defined) entry into slot {@code j}. */
        void readValue(int j) {
            if (dictPage) {
                int id = pageIds[vpos++];
                byte st = dictState;
                state[j] = st;
                if (st == DICT) {
                    ids[j] = id;
                } else if (st == NUM) {
                    nums[j] = dictNums[id];
                } else {
                    hours[j] = dictHours[id];
                }
                return;
            }
            switch (type) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                    Binary v = values.readBytes();
                    if (kind == Kind.NUMBER && decimal) {
                        num(j, new BigInteger(v.getBytes()).doubleValue() / decimalScale);
                    } else {
                        ByteBuffer bb = v.toByteBuffer();
                        if (bb.hasArray()) {
                            plain(j, bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
                        } else {
                            byte[] b = v.getBytes();
                            plain(j, b, 0, b.length);
                        }
                    }
                }
                case INT96 -> time(j, int96Hour(values.readBytes()));
                case DOUBLE -> num(j, values.readDouble());
                case FLOAT -> num(j, values.readFloat());
                case INT64 -> {
                    long v = values.readLong();
                    if (kind == Kind.TIME) {
                        time(j, Math.floorDiv(v, unitsPerHour));
                    } else if (intAsString) {
                        byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                        plain(j, b, 0, b.length);
                    } else {
                        num(j, v / decimalScale);
                    }
                }
                case INT32 -> {
                    int v = values.readInteger();
                    if (kind == Kind.TIME && dateDays) {
                        time(j, v * 24L);
                    } else if (intAsString) {
                        byte[] b = Integer.toString(v).getBytes(StandardCharsets.US_ASCII);
                        plain(j, b, 0, b.length);
                    } else {
                        num(j, v / decimalScale);
                    }
                }
                case BOOLEAN -> num(j, values.readBoolean() ? 1 : 0);
                default -> throw new ParquetDecodingException("unsupported type " + type);
            }
        }

        private void num(int j, double v) {
            state[j] = NUM;
            nums[j] = v;
        }

        private void time(int j, long hour) {
            state[j] = TIME;
            hours[j] = hour;
        }

        /** Copies the bytes: a page's buffer is not ours to keep. */
        private void plain(int j, byte[] b, int o, int l) {
            if (arenaUsed + l > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + l));
            }
            System.arraycopy(b, o, arena, arenaUsed, l);
            state[j] = PLAIN;
            off[j] = arenaUsed;
            len[j] = l;
            arenaUsed += l;
        }

        private void setDictionary(Dictionary d) {
            dictionary = d;
            idCache = null;
            pairsCache = null;
            hourCache = null;
            dictBytes = null;
            dictNull = null;
            dictNums = null;
            dictHours = null;
            if (d == null) {
                return;
            }
            int size = d.getMaxId() + 1;
            switch (type) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                    if (kind == Kind.NUMBER && decimal) {
                        dictState = NUM;
                        dictNums = new double[size];
                        for (int i = 0; i < size; i++) {
                            dictNums[i] = new BigInteger(d.decodeToBinary(i).getBytes()).doubleValue() / decimalScale;
                        }
                    } else {
                        dictState = DICT;
                        dictBytes = new byte[size][];
                        for (int i = 0; i < size; i++) {
                            dictBytes[i] = d.decodeToBinary(i).getBytes();
                        }
                    }
                }
                case DOUBLE, FLOAT -> {
                    dictState = NUM;
                    dictNums = new double[size];
                    for (int i = 0; i < size; i++) {
                        dictNums[i] = type == PrimitiveTypeName.DOUBLE ? d.decodeToDouble(i) : d.decodeToFloat(i);
                    }
                }
                case INT64, INT32 -> {
                    if (intAsString) {
                        dictState = DICT;
                        dictBytes = new byte[size][];
                        for (int i = 0; i < size; i++) {
                            long v = type == PrimitiveTypeName.INT64 ? d.decodeToLong(i) : d.decodeToInt(i);
                            dictBytes[i] = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                        }
                    } else if (kind == Kind.TIME) {
                        dictState = TIME;
                        dictHours = new long[size];
                        for (int i = 0; i < size; i++) {
                            dictHours[i] = type == PrimitiveTypeName.INT64
                                    ? Math.floorDiv(d.decodeToLong(i), unitsPerHour)
                                    : dateDays ? d.decodeToInt(i) * 24L : Ascii.BAD_TIME;
                        }
                    } else {
                        dictState = NUM;
                        dictNums = new double[size];
                        for (int i = 0; i < size; i++) {
                            dictNums[i] = (type == PrimitiveTypeName.INT64 ? d.decodeToLong(i) : d.decodeToInt(i))
                                    / decimalScale;
                        }
                    }
                }
                case INT96 -> {
                    dictState = TIME;
                    dictHours = new long[size];
                    for (int i = 0; i < size; i++) {
                        dictHours[i] = int96Hour(d.decodeToBinary(i));
                    }
                }
                default -> throw new ParquetDecodingException("unsupported dictionary type " + type);
            }
            if (dictBytes != null) {
                dictNull = new boolean[size];
                for (int i = 0; i < size; i++) {
                    dictNull[i] = Ascii.isNull(dictBytes[i], 0, dictBytes[i].length);
                }
            }
        }

        /** Aggregation id of a dictionary entry, resolved once per entry (null → 0). */
        int cachedId(int parquetId, ByteDict dict, boolean lower) {
            if (idCache == null || idCacheDict != dict || idCacheLower != lower) {
                idCache = new int[dictBytes.length];
                Arrays.fill(idCache, -1);
                idCacheDict = dict;
                idCacheLower = lower;
            }
            int id = idCache[parquetId];
            if (id < 0) {
                byte[] b = dictBytes[parquetId];
                if (dictNull[parquetId]) {
                    id = 0;
                } else if (lower) {
                    byte[] l = b.clone();
                    for (int i = 0; i < l.length; i++) {
                        if (l[i] >= 'A' && l[i] <= 'Z') {
                            l[i] += 32;
                        }
                    }
                    id = dict.id(l, 0, l.length);
                } else {
                    id = dict.id(b, 0, b.length);
                }
                idCache[parquetId] = id;
            }
            return id;
        }

        int[] cachedPairs(int parquetId, TagJson json, ByteDict dict) {
            if (pairsCache == null) {
                pairsCache = new int[dictBytes.length][];
            }
            int[] p = pairsCache[parquetId];
            if (p == null) {
                byte[] b = dictBytes[parquetId];
                p = json.pairs(b, 0, b.length, dict);
                pairsCache[parquetId] = p;
            }
            return p;
        }

        boolean isNull(int i) {
            return switch (state[i]) {
                case DICT -> dictNull[ids[i]];
                case PLAIN -> Ascii.isNull(arena, off[i], off[i] + len[i]);
                case NUM, TIME -> false;
                default -> true;
            };
        }

        double number(int i) {
            return switch (state[i]) {
                case NUM -> nums[i];
                case DICT -> dictNull[ids[i]] ? 0 : Ascii.parseDouble(dictBytes[ids[i]], 0, dictBytes[ids[i]].length);
                case PLAIN -> Ascii.isNull(arena, off[i], off[i] + len[i]) ? 0
                        : Ascii.parseDouble(arena, off[i], off[i] + len[i]);
                case TIME -> Double.NaN;   // a timestamp where a cost belongs
                default -> 0;
            };
        }

        long epochHour(int i) {
            return switch (state[i]) {
                case TIME -> hours[i];
                case DICT -> dictHour(ids[i]);
                case PLAIN -> Ascii.epochHour(arena, off[i], off[i] + len[i]);
                default -> Ascii.BAD_TIME;
            };
        }

        /** A timestamp written as a string, parsed once per dictionary entry. */
        private long dictHour(int id) {
            if (hourCache == null) {
                hourCache = new long[dictBytes.length];
                Arrays.fill(hourCache, Long.MAX_VALUE);
            }
            long h = hourCache[id];
            if (h == Long.MAX_VALUE) {
                h = Ascii.epochHour(dictBytes[id], 0, dictBytes[id].length);
                hourCache[id] = h;
            }
            return h;
        }

        /** The bytes of a string entry (dictionary or plain), or null. */
        byte[] bytesOf(int j) {
            return switch (state[j]) {
                case DICT -> dictBytes[ids[j]];
                case PLAIN -> Arrays.copyOfRange(arena, off[j], off[j] + len[j]);
                default -> null;
            };
        }
    }

    /** INT96 (legacy Impala/Spark timestamps): nanos of day (8 bytes LE) then Julian day (4 bytes LE). */
    static long int96Hour(Binary b) {
        ByteBuffer bb = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanos = bb.getLong();
        int julian = bb.getInt();
        long epochDay = julian - 2_440_588L;
        return epochDay * 24 + nanos / 3_600_000_000_000L;
    }

    /**
     * MAP&lt;string,string&gt; tags (CUR 2.0 {@code resource_tags}, FOCUS {@code Tags}): the key and value leaves
     * read in step; a row's entries run until the next repetition level 0.
     */
    static final class MapTags {
        private final Col key;
        private final Col value;
        private int[] pairStart = new int[BATCH + 1];
        // aggregation ids of dictionary entries (keys through ExportSchema.tagKey), per dictionary instance
        private int[] keyIds;
        private int[] valueIds;
        private ByteDict idsDict;
        private Object keyDictOf;
        private Object valueDictOf;

        static boolean isMap(GroupType t) {
            if (t.getFieldCount() != 1 || t.getType(0).isPrimitive()) {
                return false;
            }
            GroupType kv = t.getType(0).asGroupType();
            return kv.isRepetition(Type.Repetition.REPEATED) && kv.getFieldCount() >= 2
                    && kv.getType(0).isPrimitive() && kv.getType(1).isPrimitive();
        }

        MapTags(GroupType t, MessageType file, String createdBy) {
            GroupType kv = t.getType(0).asGroupType();
            key = new Col(kv.getType(0).asPrimitiveType(),
                    new String[] {t.getName(), kv.getName(), kv.getType(0).getName()}, Kind.STRING, file, createdBy);
            value = new Col(kv.getType(1).asPrimitiveType(),
                    new String[] {t.getName(), kv.getName(), kv.getType(1).getName()}, Kind.STRING, file, createdBy);
        }

        void fill(int m) {
            key.arenaUsed = 0;
            value.arenaUsed = 0;
            int np = 0;
            for (int i = 0; i < m; i++) {
                pairStart[i] = np;
                boolean first = true;
                while (true) {
                    if (!first) {
                        if (!key.hasNext()) {
                            break;
                        }
                        key.ensure();
                        if (key.rep() == 0) {
                            break;   // the next row's first entry
                        }
                    }
                    first = false;
                    key.ensure();
                    value.ensure();
                    int dk = key.defs[key.pos++];
                    int dv = value.defs[value.pos++];
                    if (dk < key.maxDef) {
                        continue;   // a null or empty map: a level entry, no key/value
                    }
                    key.ensureCapacity(np + 1);
                    value.ensureCapacity(np + 1);
                    key.readValue(np);
                    if (dv < value.maxDef) {
                        value.state[np] = NULL;
                    } else {
                        value.readValue(np);
                    }
                    np++;
                }
            }
            pairStart[m] = np;
        }

        void forEach(int row, RowView.TagSink sink, ByteDict dict) {
            for (int p = pairStart[row]; p < pairStart[row + 1]; p++) {
                if (value.state[p] == NULL || key.state[p] == NULL) {
                    continue;
                }
                int k = keyId(p, dict);
                if (k < 0) {
                    continue;
                }
                int v = valueId(p, dict);
                if (v >= 0) {
                    sink.tag(k, v);
                }
            }
        }

        /** Key id, or -1 for an empty key. */
        private int keyId(int p, ByteDict dict) {
            if (key.state[p] == DICT) {
                resetIds(dict);
                int id = key.ids[p];
                if (keyIds == null || keyDictOf != key.dictionary) {
                    keyIds = new int[key.dictBytes.length];
                    Arrays.fill(keyIds, Integer.MIN_VALUE);
                    keyDictOf = key.dictionary;
                }
                int r = keyIds[id];
                if (r == Integer.MIN_VALUE) {
                    r = keyId(key.dictBytes[id], dict);
                    keyIds[id] = r;
                }
                return r;
            }
            byte[] b = key.bytesOf(p);
            return b == null ? -1 : keyId(b, dict);
        }

        private static int keyId(byte[] b, ByteDict dict) {
            return b.length == 0 ? -1 : dict.id(ExportSchema.tagKey(new String(b, StandardCharsets.UTF_8)));
        }

        /** Value id, or -1 for an empty value (not a tag). */
        private int valueId(int p, ByteDict dict) {
            if (value.state[p] == DICT) {
                resetIds(dict);
                int id = value.ids[p];
                if (valueIds == null || valueDictOf != value.dictionary) {
                    valueIds = new int[value.dictBytes.length];
                    Arrays.fill(valueIds, Integer.MIN_VALUE);
                    valueDictOf = value.dictionary;
                }
                int r = valueIds[id];
                if (r == Integer.MIN_VALUE) {
                    byte[] b = value.dictBytes[id];
                    r = b.length == 0 ? -1 : dict.id(b, 0, b.length);
                    valueIds[id] = r;
                }
                return r;
            }
            if (value.state[p] != PLAIN || value.len[p] == 0) {
                return -1;
            }
            return dict.id(value.arena, value.off[p], value.off[p] + value.len[p]);
        }

        private void resetIds(ByteDict dict) {
            if (idsDict != dict) {
                keyIds = null;
                valueIds = null;
                idsDict = dict;
            }
        }
    }
}
