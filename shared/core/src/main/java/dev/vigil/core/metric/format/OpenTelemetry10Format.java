package dev.vigil.core.metric.format;

import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.StatisticSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CloudWatch Metric Streams {@code opentelemetry1.0} output format.
 *
 * <p><b>Framing.</b> A Firehose record holds one or more {@code ExportMetricsServiceRequest} messages
 * (opentelemetry-proto v1.0.0, {@code collector/metrics/v1}), each preceded by its length as an unsigned varint.
 *
 * <p><b>What CloudWatch puts in them</b> (AWS: "Metric streams output in OpenTelemetry 1.0.0 format" and
 * "Translations with OpenTelemetry 1.0.0 format"): per {@code ResourceMetrics}, the resource attributes
 * {@code cloud.account.id}, {@code cloud.region} and {@code aws.exporter.arn}; per metric, a {@code Summary} whose
 * data points carry the attributes {@code Namespace}, {@code MetricName} and {@code Dimensions} (a nested key/value
 * list), {@code start_time_unix_nano} (the minute's start), {@code count} (SampleCount), {@code sum}, and
 * {@code quantile_values}: quantile 0.0 is Min, 1.0 is Max, any other is a requested percentile (0.99 → {@code p99},
 * 0.999 → {@code p99.9}: the names the json format uses). The metric's {@code unit} is UCUM ({@code ms},
 * {@code {Count}}, {@code By/s}); it is mapped back to CloudWatch's unit names so that both formats score alike.
 *
 * <p><b>Protobuf defaults.</b> proto3 does not write a field whose value is zero: a sum of 0, a Min of 0 and the
 * quantile 0.0 itself are absent on the wire (an empty {@code ValueAtQuantile} is quantile 0.0 with value 0.0). So an
 * absent number reads as 0, never as "missing". The strings and the start time are required. Without any quantile a
 * data point's Min and Max are taken as its sum, as the json format does when they are absent.
 *
 * <p><b>Bad input fails alone.</b> A message that is not valid protobuf is junk as a whole (its bytes cannot be
 * trusted), and so is the rest of the record after a length prefix that cannot be read or runs past the record (the
 * framing is lost). A well-formed data point that lacks a field or carries unusable numbers is junk by itself; the
 * other data points of its message still count. Junk is numbered by message (1-based) in place of the json format's
 * line numbers. Unknown fields are skipped, as protobuf intends, so later versions of the protocol still parse; but a
 * message with bytes and no data point at all (json text, some other protobuf) is junk. Only an empty record (or one of
 * empty messages) is blank.
 */
public final class OpenTelemetry10Format implements MetricRecordFormat {

    public static final String NAME = "opentelemetry1.0";

    /** One per thread, as for the json format: reuses SeriesIds (and their keys) from minute to minute. */
    private static final ThreadLocal<SeriesInterner> INTERNER = ThreadLocal.withInitial(SeriesInterner::new);

    private static final int EXCERPT_BYTES = 24;
    private static final int CACHE_LIMIT = 256;

    /** UCUM unit (as CloudWatch writes it) to CloudWatch unit name; rates are mapped part by part. */
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("s", "Seconds"), Map.entry("us", "Microseconds"), Map.entry("ms", "Milliseconds"),
            Map.entry("By", "Bytes"), Map.entry("kBy", "Kilobytes"), Map.entry("MBy", "Megabytes"),
            Map.entry("GBy", "Gigabytes"), Map.entry("TBy", "Terabytes"),
            Map.entry("bit", "Bits"), Map.entry("kbit", "Kilobits"), Map.entry("MBit", "Megabits"),
            Map.entry("GBit", "Gigabits"), Map.entry("Tbit", "Terabits"),
            Map.entry("%", "Percent"), Map.entry("{Count}", "Count"), Map.entry("1", "None"));

    private static final Map<String, String> UNIT_CACHE = new ConcurrentHashMap<>();
    private static final Map<Double, String> QUANTILE_NAMES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ParsedRecord parse(byte[] data) {
        List<MetricDatum> datums = new ArrayList<>();
        List<JunkLine> junk = new ArrayList<>();
        Decoder d = new Decoder(data, INTERNER.get());
        ProtoReader framing = new ProtoReader(data, 0, data.length);
        int message = 0;
        while (!framing.atEnd()) {
            message++;
            int start = framing.pos();
            int len;
            try {
                len = framing.readLength();
            } catch (ProtoReader.Malformed e) {
                junk.add(new JunkLine(message, "length prefix: " + e.getMessage() + "; the rest of the record is skipped",
                        hex(data, start, data.length)));
                break;
            }
            int from = framing.pos();
            framing.seek(from + len);
            d.start(message);
            try {
                d.request(new ProtoReader(data, from, from + len));
                if (len > 0 && d.datums.isEmpty() && d.junk.isEmpty()) {
                    // Bytes that parse as nothing but unknown fields (json text, other protobuf) are not a metric
                    // message: junk, so that the record fails visibly instead of being dropped as blank.
                    junk.add(new JunkLine(message, "no summary data point in the message", hex(data, from, from + len)));
                }
                datums.addAll(d.datums);
                junk.addAll(d.junk);
            } catch (ProtoReader.Malformed e) {
                junk.add(new JunkLine(message, "not a valid ExportMetricsServiceRequest: " + e.getMessage(),
                        hex(data, from, from + len)));
            } catch (RuntimeException e) {
                // Not expected (every read is bounds-checked), but the contract is that bad content never throws.
                junk.add(new JunkLine(message, "could not be decoded: " + e, hex(data, from, from + len)));
            }
        }
        return new ParsedRecord(datums, junk);
    }

    /** The decoding state of one message: what it yielded so far (kept only if the whole message is valid). */
    private static final class Decoder {
        private final byte[] data;
        private final SeriesInterner in;
        private final List<MetricDatum> datums = new ArrayList<>();
        private final List<JunkLine> junk = new ArrayList<>();
        private int message;

        // The resource of the ResourceMetrics being read.
        private String account;
        private String region;

        Decoder(byte[] data, SeriesInterner in) {
            this.data = data;
            this.in = in;
        }

        void start(int messageNumber) {
            message = messageNumber;
            datums.clear();
            junk.clear();
        }

        /** ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; } */
        void request(ProtoReader r) {
            for (int tag; (tag = r.readTag()) != 0; ) {
                if (ProtoReader.field(tag) == 1) {
                    int outer = r.enter(ProtoReader.wireType(tag));
                    resourceMetrics(r);
                    r.leave(outer);
                } else {
                    r.skip(ProtoReader.wireType(tag));
                }
            }
        }

        /** ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; } in any field order. */
        private void resourceMetrics(ProtoReader r) {
            account = null;
            region = null;
            int[] scopes = new int[8];
            int n = 0;
            for (int tag; (tag = r.readTag()) != 0; ) {
                int f = ProtoReader.field(tag);
                if (f == 1) {
                    int outer = r.enter(ProtoReader.wireType(tag));
                    resource(r);
                    r.leave(outer);
                } else if (f == 2) {
                    int outer = r.enter(ProtoReader.wireType(tag));
                    if (n + 2 > scopes.length) {
                        scopes = java.util.Arrays.copyOf(scopes, scopes.length * 2);
                    }
                    scopes[n++] = r.pos();
                    scopes[n++] = r.limit();
                    r.leave(outer);
                } else {
                    r.skip(ProtoReader.wireType(tag));
                }
            }
            // The resource may follow its scope metrics on the wire: read them once it is known.
            for (int i = 0; i < n; i += 2) {
                scopeMetrics(new ProtoReader(data, scopes[i], scopes[i + 1]));
            }
        }

        /** Resource { repeated KeyValue attributes = 1; } */
        private void resource(ProtoReader r) {
            for (int tag; (tag = r.readTag()) != 0; ) {
                if (ProtoReader.field(tag) == 1) {
                    int outer = r.enter(ProtoReader.wireType(tag));
                    KeyValue kv = keyValue(r);
                    r.leave(outer);
                    if ("cloud.account.id".equals(kv.key)) {
                        account = scalar(kv);
                    } else if ("cloud.region".equals(kv.key)) {
                        region = scalar(kv);
                    }
                } else {
                    r.skip(ProtoReader.wireType(tag));
                }
            }
        }

        /** ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; } */
        private void scopeMetrics(ProtoReader r) {
            for (int tag; (tag = r.readTag()) != 0; ) {
                if (ProtoReader.field(tag) == 2) {
                    int outer = r.enter(ProtoReader.wireType(tag));
                    metric(r);
                    r.leave(outer);
                } else {
                    r.skip(ProtoReader.wireType(tag));
                }
            }
        }

        /** Metric { string name = 1; string unit = 3; oneof data { gauge 5, sum 7, histogram 9, exp. histogram 10, summary 11 } } */
        private void metric(ProtoReader r) {
            String name = "";
            String unit = null;
            int summaryFrom = -1;
            int summaryTo = -1;
            String otherType = null;
            for (int tag; (tag = r.readTag()) != 0; ) {
                int wt = ProtoReader.wireType(tag);
                switch (ProtoReader.field(tag)) {
                    case 1 -> name = r.readString(wt);
                    case 3 -> unit = r.readString(wt);
                    case 11 -> {
                        int outer = r.enter(wt);
                        summaryFrom = r.pos();
                        summaryTo = r.limit();
                        r.leave(outer);
                    }
                    case 5 -> { otherType = "gauge"; r.skip(wt); }
                    case 7 -> { otherType = "sum"; r.skip(wt); }
                    case 9 -> { otherType = "histogram"; r.skip(wt); }
                    case 10 -> { otherType = "exponential histogram"; r.skip(wt); }
                    default -> r.skip(wt);
                }
            }
            if (summaryFrom < 0) {
                junk.add(new JunkLine(message, otherType != null
                        ? "metric is a " + otherType + ", not a summary (CloudWatch streams summaries)"
                        : "metric has no summary data points", excerpt(name)));
                return;
            }
            String cwUnit = cloudWatchUnit(unit);
            // Summary { repeated SummaryDataPoint data_points = 1; }
            ProtoReader s = new ProtoReader(data, summaryFrom, summaryTo);
            boolean any = false;
            for (int tag; (tag = s.readTag()) != 0; ) {
                if (ProtoReader.field(tag) == 1) {
                    int outer = s.enter(ProtoReader.wireType(tag));
                    dataPoint(s, name, cwUnit);
                    s.leave(outer);
                    any = true;
                } else {
                    s.skip(ProtoReader.wireType(tag));
                }
            }
            if (!any) {
                junk.add(new JunkLine(message, "summary has no data points", excerpt(name)));
            }
        }

        /**
         * SummaryDataPoint { fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3; fixed64 count = 4;
         * double sum = 5; repeated ValueAtQuantile quantile_values = 6; repeated KeyValue attributes = 7; }
         * (field 1 held the 0.7 format's string labels; its presence means the stream is opentelemetry0.7).
         */
        private void dataPoint(ProtoReader r, String metricName, String unit) {
            String namespace = null;
            String metric = null;
            String dimensionProblem = null;
            boolean labels07 = false;
            long startNanos = 0;
            long count = 0;
            double sum = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            Map<String, Double> extra = null;
            String quantileProblem = null;
            in.startDimensions();
            for (int tag; (tag = r.readTag()) != 0; ) {
                int wt = ProtoReader.wireType(tag);
                switch (ProtoReader.field(tag)) {
                    case 1 -> { labels07 = true; r.skip(wt); }
                    case 2 -> startNanos = r.readFixed64Field(wt);
                    case 4 -> count = r.readFixed64Field(wt);
                    case 5 -> sum = r.readDoubleField(wt);
                    case 6 -> {
                        int outer = r.enter(wt);
                        double q = 0;
                        double v = 0;
                        for (int t; (t = r.readTag()) != 0; ) {
                            switch (ProtoReader.field(t)) {
                                case 1 -> q = r.readDoubleField(ProtoReader.wireType(t));
                                case 2 -> v = r.readDoubleField(ProtoReader.wireType(t));
                                default -> r.skip(ProtoReader.wireType(t));
                            }
                        }
                        r.leave(outer);
                        if (q == 0.0) {
                            min = v;
                        } else if (q == 1.0) {
                            max = v;
                        } else if (q > 0.0 && q < 1.0) {
                            if (extra == null) {
                                extra = new HashMap<>(8);
                            }
                            extra.put(quantileName(q), v);
                        } else if (quantileProblem == null) {
                            quantileProblem = "quantile " + q + " is outside [0, 1]";
                        }
                    }
                    case 7 -> {
                        int outer = r.enter(wt);
                        KeyValue kv = keyValue(r);
                        r.leave(outer);
                        switch (kv.key) {
                            case "Namespace" -> namespace = scalar(kv);
                            case "MetricName" -> metric = scalar(kv);
                            case "Dimensions" -> {
                                String p = dimensions(kv);
                                dimensionProblem = dimensionProblem != null ? dimensionProblem : p;
                            }
                            default -> { }
                        }
                    }
                    default -> r.skip(wt);
                }
            }
            String problem = account == null ? "missing resource attribute cloud.account.id"
                    : region == null ? "missing resource attribute cloud.region"
                    : namespace == null ? (labels07
                            ? "missing attribute Namespace: string labels (field 1) mean the opentelemetry0.7 format"
                            : "missing attribute Namespace")
                    : metric == null ? "missing attribute MetricName"
                    : dimensionProblem != null ? dimensionProblem
                    : startNanos == 0 ? "missing start_time_unix_nano"
                    : startNanos < 0 ? "start_time_unix_nano is beyond the year 2262"
                    : quantileProblem;
            if (problem != null) {
                junk.add(new JunkLine(message, problem, excerpt(metricName)));
                return;
            }
            // count is an unsigned 64-bit integer on the wire.
            double samples = count >= 0 ? count : (double) (count >>> 1) * 2.0 + (count & 1);
            StatisticSet stats = new StatisticSet(Double.isNaN(max) ? sum : max, Double.isNaN(min) ? sum : min, sum,
                    samples, extra);
            String statsProblem = stats.problem();
            if (statsProblem != null) {
                junk.add(new JunkLine(message, statsProblem, excerpt(metricName)));
                return;
            }
            datums.add(new MetricDatum(in.series(account, region, namespace, metric), startNanos / 1_000_000L, stats,
                    unit));
        }

        /** Dimensions = AnyValue { KeyValueList kvlist_value = 6 } of string values; null when well-formed. */
        private String dimensions(KeyValue kv) {
            in.startDimensions();
            ProtoReader a = new ProtoReader(data, kv.valueFrom, kv.valueTo);
            boolean list = false;
            for (int tag; (tag = a.readTag()) != 0; ) {
                if (ProtoReader.field(tag) == 6) {
                    list = true;
                    int outer = a.enter(ProtoReader.wireType(tag));
                    for (int t; (t = a.readTag()) != 0; ) {
                        if (ProtoReader.field(t) == 1) {
                            int o = a.enter(ProtoReader.wireType(t));
                            KeyValue dim = keyValue(a);
                            a.leave(o);
                            String v = scalar(dim);
                            if (dim.key.isEmpty() || v == null) {
                                return "dimension " + (dim.key.isEmpty() ? "(no name)" : dim.key) + " is not a scalar";
                            }
                            in.addDimension(dim.key, v);
                        } else {
                            a.skip(ProtoReader.wireType(t));
                        }
                    }
                    a.leave(outer);
                } else {
                    a.skip(ProtoReader.wireType(tag));
                }
            }
            return list || kv.valueFrom == kv.valueTo ? null : "attribute Dimensions is not a key/value list";
        }

        /** KeyValue { string key = 1; AnyValue value = 2; }: the key, and where the value's bytes are. */
        private KeyValue keyValue(ProtoReader r) {
            KeyValue kv = new KeyValue();
            for (int tag; (tag = r.readTag()) != 0; ) {
                int wt = ProtoReader.wireType(tag);
                switch (ProtoReader.field(tag)) {
                    case 1 -> kv.key = r.readString(wt);
                    case 2 -> {
                        int outer = r.enter(wt);
                        kv.valueFrom = r.pos();
                        kv.valueTo = r.limit();
                        r.leave(outer);
                    }
                    default -> r.skip(wt);
                }
            }
            return kv;
        }

        /**
         * AnyValue { oneof { string 1; bool 2; int64 3; double 4; ArrayValue 5; KeyValueList 6; bytes 7 } } as text;
         * null when unset or not a scalar.
         */
        private String scalar(KeyValue kv) {
            ProtoReader a = new ProtoReader(data, kv.valueFrom, kv.valueTo);
            String out = null;
            for (int tag; (tag = a.readTag()) != 0; ) {
                int wt = ProtoReader.wireType(tag);
                switch (ProtoReader.field(tag)) {
                    case 1 -> out = a.readString(wt);
                    case 2 -> out = checkVarint(a, wt) != 0 ? "true" : "false";
                    case 3 -> out = Long.toString(checkVarint(a, wt));
                    case 4 -> out = Double.toString(a.readDoubleField(wt));
                    default -> {
                        a.skip(wt);
                        out = null;
                    }
                }
            }
            return out;
        }

        private static long checkVarint(ProtoReader a, int wt) {
            if (wt != ProtoReader.VARINT) {
                throw new ProtoReader.Malformed("wire type " + wt + " where a varint was expected, at byte " + a.pos());
            }
            return a.readVarint();
        }
    }

    /** A decoded KeyValue: its key and the bounds of its AnyValue (empty when the value is absent). */
    private static final class KeyValue {
        String key = "";
        int valueFrom;
        int valueTo;
    }

    /** 0.99 → {@code p99}, 0.999 → {@code p99.9}, 0.5 → {@code p50}: CloudWatch's percentile statistic names. */
    static String quantileName(double q) {
        String cached = QUANTILE_NAMES.get(q);
        if (cached != null) {
            return cached;
        }
        String name = "p" + BigDecimal.valueOf(q).movePointRight(2).stripTrailingZeros().toPlainString();
        if (QUANTILE_NAMES.size() < CACHE_LIMIT) {
            QUANTILE_NAMES.put(q, name);
        }
        return name;
    }

    /** UCUM as CloudWatch writes it, back to CloudWatch's unit names ({@code By/s} → {@code Bytes/Second}). */
    static String cloudWatchUnit(String ucum) {
        if (ucum == null || ucum.isEmpty()) {
            return "None";
        }
        String cached = UNIT_CACHE.get(ucum);
        if (cached != null) {
            return cached;
        }
        String mapped;
        int slash = ucum.indexOf('/');
        if (slash > 0) {
            String num = UNITS.get(ucum.substring(0, slash));
            String den = ucum.substring(slash + 1);
            mapped = num != null && den.equals("s") ? num + "/Second" : ucum;
        } else {
            mapped = UNITS.getOrDefault(ucum, ucum);
        }
        if (UNIT_CACHE.size() < CACHE_LIMIT) {
            UNIT_CACHE.put(ucum, mapped);
        }
        return mapped;
    }

    private static String excerpt(String metricName) {
        return metricName.length() <= JunkLine.EXCERPT_CHARS ? metricName
                : metricName.substring(0, JunkLine.EXCERPT_CHARS);
    }

    /** The first bytes from {@code from}, in hex: a binary record has no printable excerpt. */
    private static String hex(byte[] data, int from, int end) {
        int to = Math.min(end, from + EXCERPT_BYTES);
        StringBuilder b = new StringBuilder(2 * (to - from));
        for (int i = from; i < to; i++) {
            b.append(Character.forDigit((data[i] >> 4) & 0xf, 16)).append(Character.forDigit(data[i] & 0xf, 16));
        }
        return b.toString();
    }
}
