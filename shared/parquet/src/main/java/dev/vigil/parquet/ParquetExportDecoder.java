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
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet billing exports (CUR 2.0, FOCUS, legacy CUR in Parquet) through parquet-hadoop's column API, with no
 * Hadoop FileSystem and no object model: only the ~20 columns Vigil needs are projected (a CUR 2.0 file has ~125),
 * values go straight into a reusable row, and dictionary-encoded strings are decoded once per dictionary page.
 * Memory: one row group's projected column chunks at a time.
 */
public final class ParquetExportDecoder implements ParquetDecoder {

    private static final PureJavaCodecs CODECS = new PureJavaCodecs();

    @Override
    public ExportSchema read(RandomAccessInput file, String name, CostAggregator agg, ExportFormat expected,
                             CsvExportReader.Progress progress) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(CODECS).build();
        try (ParquetFileReader reader = new ParquetFileReader(new RangeInputFile(file), options)) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
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
            Row row = new Row(schema, fileSchema);
            MessageType projection = row.projection;
            reader.setRequestedSchema(projection);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, fileSchema);
            Materializer mat = new Materializer(row, agg, schema.format(), name);
            PageReadStore pages;
            long rows = 0;
            long total = reader.getRecordCount();
            long length = file.length();
            while ((pages = reader.readNextRowGroup()) != null) {
                long n = pages.getRowCount();
                RecordReader<Object> rr = io.getRecordReader(pages, mat);
                for (long i = 0; i < n; i++) {
                    mat.rowNumber = ++rows;
                    try {
                        rr.read();
                    } catch (ParquetDecodingException | IllegalArgumentException e) {
                        agg.badRows().add(name, rows, "undecodable Parquet row: " + e.getMessage());
                    }
                }
                progress.update(total == 0 ? length : length * rows / total, rows);
            }
            return schema;
        }
    }

    /** Calls the aggregator at the end of each record. */
    private static final class Materializer extends RecordMaterializer<Object> {
        private final Row row;
        private final CostAggregator agg;
        private final ExportFormat format;
        private final String name;
        long rowNumber;
        private final GroupConverter root;

        Materializer(Row row, CostAggregator agg, ExportFormat format, String name) {
            this.row = row;
            this.agg = agg;
            this.format = format;
            this.name = name;
            this.root = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return row.converters[fieldIndex];
                }

                @Override
                public void start() {
                    row.reset();
                }

                @Override
                public void end() {
                    Materializer.this.agg.add(Materializer.this.row, Materializer.this.format, Materializer.this.name,
                            rowNumber);
                }
            };
        }

        @Override
        public Object getCurrentRecord() {
            return null;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private enum Kind { STRING, NUMBER, TIME, TAG_MAP, TAG_JSON, LEGACY_TAG }

    /** One row's values, reused for every record; a {@link RowView} for the normaliser. */
    private static final class Row implements RowView {
        final MessageType projection;
        final Converter[] converters;
        private final int[] slotOf = new int[Field.values().length];
        private final boolean[] set;
        private final byte[][] bytes;
        private final int[] offs;
        private final int[] lens;
        private final double[] nums;
        private final long[] hours;
        private final boolean[] numeric;
        private final boolean[] timeValued;
        /** Parquet dictionary id of the slot's current value, or -1 (plain-encoded page). */
        private final int[] dictId;
        private final ValueConverter[] converterOf;
        private byte[] scratch = new byte[256];
        private final TagJson tagJson = new TagJson();
        private int tagJsonSlot = -1;
        // tag pairs of this row (map columns, legacy tag columns), as raw byte arrays
        private final List<byte[]> tagKeys = new ArrayList<>();
        private final List<byte[]> tagValues = new ArrayList<>();
        private final int[] legacyTagSlots;
        private final byte[][] legacyTagKeys;

        Row(ExportSchema schema, MessageType file) {
            List<Type> fields = new ArrayList<>();
            List<Converter> convs = new ArrayList<>();
            Arrays.fill(slotOf, -1);
            int n = 0;
            List<Object[]> plan = new ArrayList<>();   // {Type, Field or null, Kind, tagKey}
            for (Field f : Field.values()) {
                int i = schema.index(f);
                if (i < 0) {
                    continue;
                }
                Type t = file.getType(i);
                Kind k;
                if (f == Field.TAGS) {
                    k = t.isPrimitive() ? Kind.TAG_JSON : Kind.TAG_MAP;
                } else if (!t.isPrimitive()) {
                    continue;   // a nested column where we expect a scalar: ignore it
                } else {
                    k = switch (f) {
                        case START, END, PERIOD_START -> Kind.TIME;
                        case UNBLENDED, EFFECTIVE, SP_EFFECTIVE, SP_TOTAL_COMMIT, SP_USED_COMMIT, RI_EFFECTIVE,
                             RI_UNUSED_AMORT, RI_UNUSED_RECUR -> Kind.NUMBER;
                        default -> Kind.STRING;
                    };
                }
                plan.add(new Object[] {t, f, k, null});
            }
            int[] tagCols = schema.tagColumns();
            String[] tagKeyNames = schema.tagKeys();
            List<Integer> legacySlots = new ArrayList<>();
            List<byte[]> legacyKeys = new ArrayList<>();
            for (int j = 0; j < tagCols.length; j++) {
                Type t = file.getType(tagCols[j]);
                if (t.isPrimitive()) {
                    plan.add(new Object[] {t, null, Kind.LEGACY_TAG, tagKeyNames[j]});
                }
            }
            int slots = plan.size();
            set = new boolean[slots];
            bytes = new byte[slots][];
            offs = new int[slots];
            lens = new int[slots];
            nums = new double[slots];
            hours = new long[slots];
            numeric = new boolean[slots];
            timeValued = new boolean[slots];
            dictId = new int[slots];
            converterOf = new ValueConverter[slots];
            for (Object[] p : plan) {
                Type t = (Type) p[0];
                Field f = (Field) p[1];
                Kind k = (Kind) p[2];
                int slot = n++;
                fields.add(t);
                if (f != null) {
                    slotOf[f.ordinal()] = slot;
                }
                switch (k) {
                    case TAG_MAP -> convs.add(new TagMapConverter(t.asGroupType()));
                    case TAG_JSON -> {
                        tagJsonSlot = slot;
                        convs.add(converterOf[slot] = new ValueConverter(slot, t.asPrimitiveType(), Kind.STRING));
                    }
                    case LEGACY_TAG -> {
                        legacySlots.add(slot);
                        legacyKeys.add(((String) p[3]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        convs.add(converterOf[slot] = new ValueConverter(slot, t.asPrimitiveType(), Kind.STRING));
                    }
                    default -> convs.add(converterOf[slot] = new ValueConverter(slot, t.asPrimitiveType(), k));
                }
            }
            legacyTagSlots = legacySlots.stream().mapToInt(Integer::intValue).toArray();
            legacyTagKeys = legacyKeys.toArray(new byte[0][]);
            projection = new MessageType(file.getName(), fields);
            converters = convs.toArray(new Converter[0]);
        }

        void reset() {
            Arrays.fill(set, false);
            tagKeys.clear();
            tagValues.clear();
        }

        @Override
        public boolean has(Field f) {
            return slotOf[f.ordinal()] >= 0;
        }

        @Override
        public boolean isNull(Field f) {
            int s = slotOf[f.ordinal()];
            if (s < 0 || !set[s]) {
                return true;
            }
            return !numeric[s] && !timeValued[s] && Ascii.isNull(bytes[s], offs[s], offs[s] + lens[s]);
        }

        @Override
        public int id(Field f, ByteDict dict, boolean lowerCase) {
            int s = slotOf[f.ordinal()];
            if (s < 0 || !set[s] || numeric[s] || timeValued[s]) {
                return 0;
            }
            if (dictId[s] >= 0) {
                // dictionary-encoded page: each distinct value is looked up once per dictionary, not once per row
                return converterOf[s].cachedId(dictId[s], dict, lowerCase);
            }
            byte[] b = bytes[s];
            int o = offs[s];
            int l = lens[s];
            if (Ascii.isNull(b, o, o + l)) {
                return 0;
            }
            if (lowerCase) {
                if (scratch.length < l) {
                    scratch = new byte[Math.max(l, scratch.length * 2)];
                }
                for (int i = 0; i < l; i++) {
                    byte c = b[o + i];
                    scratch[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
                }
                return dict.id(scratch, 0, l);
            }
            return dict.id(b, o, o + l);
        }

        @Override
        public double number(Field f) {
            int s = slotOf[f.ordinal()];
            if (s < 0 || !set[s]) {
                return 0;
            }
            if (numeric[s]) {
                return nums[s];
            }
            if (Ascii.isNull(bytes[s], offs[s], offs[s] + lens[s])) {
                return 0;
            }
            return Ascii.parseDouble(bytes[s], offs[s], offs[s] + lens[s]);
        }

        @Override
        public long epochHour(Field f) {
            int s = slotOf[f.ordinal()];
            if (s < 0 || !set[s]) {
                return Ascii.BAD_TIME;
            }
            if (timeValued[s]) {
                return hours[s];
            }
            if (numeric[s]) {
                return Ascii.BAD_TIME;
            }
            return Ascii.epochHour(bytes[s], offs[s], offs[s] + lens[s]);
        }

        @Override
        public void forEachTag(TagSink sink, ByteDict dict) {
            for (int i = 0; i < tagKeys.size(); i++) {
                byte[] k = tagKeys.get(i);
                byte[] v = tagValues.get(i);
                if (v.length == 0) {
                    continue;
                }
                sink.tag(dict.id(ExportSchema.tagKey(new String(k, java.nio.charset.StandardCharsets.UTF_8))),
                        dict.id(v, 0, v.length));
            }
            if (tagJsonSlot >= 0 && set[tagJsonSlot]) {
                int s = tagJsonSlot;
                if (!Ascii.isNull(bytes[s], offs[s], offs[s] + lens[s])) {
                    int[] pairs = dictId[s] >= 0 ? converterOf[s].cachedPairs(dictId[s], tagJson, dict)
                            : tagJson.pairs(bytes[s], offs[s], offs[s] + lens[s], dict);
                    for (int p = 0; p < pairs.length; p += 2) {
                        sink.tag(pairs[p], pairs[p + 1]);
                    }
                }
            }
            for (int j = 0; j < legacyTagSlots.length; j++) {
                int s = legacyTagSlots[j];
                if (set[s] && !Ascii.isNull(bytes[s], offs[s], offs[s] + lens[s])) {
                    byte[] k = legacyTagKeys[j];
                    sink.tag(dict.id(k, 0, k.length), dict.id(bytes[s], offs[s], offs[s] + lens[s]));
                }
            }
        }

        /** A scalar column into a slot: strings as byte slices, numbers as doubles, timestamps as epoch hours. */
        private final class ValueConverter extends PrimitiveConverter {
            private final int slot;
            private final Kind kind;
            private final PrimitiveType type;
            private final double decimalScale;
            private final long unitsPerHour;   // for INT64 timestamps
            private final boolean dateDays;
            private byte[][] dictBytes;
            private double[] dictNums;
            private long[] dictHours;
            private int[] idCache;            // parquet dictionary id -> ByteDict id (-1: not yet)
            private ByteDict idCacheDict;
            private boolean idCacheLower;
            private int[][] pairsCache;       // parquet dictionary id -> tag pairs

            int cachedId(int parquetId, ByteDict dict, boolean lower) {
                if (idCache == null || idCacheDict != dict || idCacheLower != lower) {
                    idCache = new int[dictBytes.length];
                    java.util.Arrays.fill(idCache, -1);
                    idCacheDict = dict;
                    idCacheLower = lower;
                }
                int id = idCache[parquetId];
                if (id < 0) {
                    byte[] b = dictBytes[parquetId];
                    if (Ascii.isNull(b, 0, b.length)) {
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

            ValueConverter(int slot, PrimitiveType type, Kind kind) {
                this.slot = slot;
                this.kind = kind;
                this.type = type;
                LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
                double scale = 1;
                long uph = 3_600_000L;
                boolean days = false;
                if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    scale = Math.pow(10, d.getScale());
                } else if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                    uph = switch (ts.getUnit()) {
                        case MILLIS -> 3_600_000L;
                        case MICROS -> 3_600_000_000L;
                        case NANOS -> 3_600_000_000_000L;
                    };
                } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    days = true;
                }
                this.decimalScale = scale;
                this.unitsPerHour = uph;
                this.dateDays = days;
            }

            @Override
            public boolean hasDictionarySupport() {
                return true;
            }

            @Override
            public void setDictionary(Dictionary dictionary) {
                int max = dictionary.getMaxId();
                idCache = null;
                pairsCache = null;
                dictBytes = null;
                dictNums = null;
                dictHours = null;
                switch (type.getPrimitiveTypeName()) {
                    case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                        dictBytes = new byte[max + 1][];
                        for (int i = 0; i <= max; i++) {
                            dictBytes[i] = dictionary.decodeToBinary(i).getBytes();
                        }
                    }
                    case DOUBLE -> {
                        dictNums = new double[max + 1];
                        for (int i = 0; i <= max; i++) {
                            dictNums[i] = dictionary.decodeToDouble(i);
                        }
                    }
                    case FLOAT -> {
                        dictNums = new double[max + 1];
                        for (int i = 0; i <= max; i++) {
                            dictNums[i] = dictionary.decodeToFloat(i);
                        }
                    }
                    case INT64 -> {
                        dictNums = new double[max + 1];
                        dictHours = new long[max + 1];
                        for (int i = 0; i <= max; i++) {
                            long v = dictionary.decodeToLong(i);
                            dictNums[i] = v / decimalScale;
                            dictHours[i] = Math.floorDiv(v, unitsPerHour);
                        }
                    }
                    case INT32 -> {
                        dictNums = new double[max + 1];
                        dictHours = new long[max + 1];
                        for (int i = 0; i <= max; i++) {
                            int v = dictionary.decodeToInt(i);
                            dictNums[i] = v / decimalScale;
                            dictHours[i] = dateDays ? v * 24L : Ascii.BAD_TIME;
                        }
                    }
                    case INT96 -> {
                        dictHours = new long[max + 1];
                        for (int i = 0; i <= max; i++) {
                            dictHours[i] = int96Hour(dictionary.decodeToBinary(i));
                        }
                    }
                    default -> { }
                }
            }

            @Override
            public void addValueFromDictionary(int id) {
                set[slot] = true;
                if (dictBytes != null) {
                    if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
                        time(dictHours[id]);
                        return;
                    }
                    byte[] b = dictBytes[id];
                    if (kind == Kind.NUMBER && isDecimal()) {
                        number(new BigInteger(b).doubleValue() / decimalScale);
                        return;
                    }
                    str(b, 0, b.length);
                    dictId[slot] = id;
                } else if (kind == Kind.TIME && dictHours != null) {
                    time(dictHours[id]);
                } else if (dictNums != null) {
                    number(dictNums[id]);
                } else if (dictHours != null) {
                    time(dictHours[id]);
                }
            }

            private boolean isDecimal() {
                return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
            }

            private void str(byte[] b, int off, int len) {
                dictId[slot] = -1;
                bytes[slot] = b;
                offs[slot] = off;
                lens[slot] = len;
                numeric[slot] = false;
                timeValued[slot] = false;
                set[slot] = true;
            }

            private void number(double v) {
                nums[slot] = v;
                numeric[slot] = true;
                timeValued[slot] = false;
                set[slot] = true;
            }

            private void time(long hour) {
                hours[slot] = hour;
                timeValued[slot] = true;
                numeric[slot] = false;
                set[slot] = true;
            }

            @Override
            public void addBinary(Binary value) {
                if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
                    time(int96Hour(value));
                    return;
                }
                if (kind == Kind.NUMBER && isDecimal()) {
                    number(new BigInteger(value.getBytes()).doubleValue() / decimalScale);
                    return;
                }
                ByteBuffer bb = value.toByteBuffer();
                if (bb.hasArray()) {
                    str(bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
                } else {
                    byte[] b = value.getBytes();
                    str(b, 0, b.length);
                }
            }

            @Override
            public void addDouble(double value) {
                number(value);
            }

            @Override
            public void addFloat(float value) {
                number(value);
            }

            @Override
            public void addLong(long value) {
                if (kind == Kind.TIME) {
                    time(Math.floorDiv(value, unitsPerHour));
                } else {
                    number(value / decimalScale);
                }
            }

            @Override
            public void addInt(int value) {
                if (kind == Kind.TIME && dateDays) {
                    time(value * 24L);
                } else {
                    number(value / decimalScale);
                }
            }

            @Override
            public void addBoolean(boolean value) {
                number(value ? 1 : 0);
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

        /** MAP&lt;string,string&gt; (CUR 2.0 resource_tags, FOCUS Tags): key_value pairs into the row's tag lists. */
        private final class TagMapConverter extends GroupConverter {
            private final Converter keyValue;

            TagMapConverter(GroupType mapType) {
                GroupType kv = mapType.getType(0).asGroupType();
                this.keyValue = new KeyValue(kv);
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return keyValue;
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
            }

            private final class KeyValue extends GroupConverter {
                private byte[] key;
                private byte[] value;
                private final Converter[] parts;

                KeyValue(GroupType kv) {
                    parts = new Converter[kv.getFieldCount()];
                    for (int i = 0; i < parts.length; i++) {
                        final boolean isKey = i == 0;
                        parts[i] = new PrimitiveConverter() {
                            @Override
                            public void addBinary(Binary v) {
                                if (isKey) {
                                    key = v.getBytes();
                                } else {
                                    value = v.getBytes();
                                }
                            }
                        };
                    }
                }

                @Override
                public Converter getConverter(int fieldIndex) {
                    return parts[fieldIndex];
                }

                @Override
                public void start() {
                    key = null;
                    value = null;
                }

                @Override
                public void end() {
                    if (key != null && key.length > 0 && value != null) {
                        tagKeys.add(key);
                        tagValues.add(value);
                    }
                }
            }
        }
    }
}
