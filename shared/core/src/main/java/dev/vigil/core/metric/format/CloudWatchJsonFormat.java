package dev.vigil.core.metric.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudWatch Metric Streams {@code json} output format: one JSON object per line.
 *
 * <p>Robust to what real streams and hand-written samples contain: any field order, any whitespace, empty
 * {@code dimensions}, extra statistics inside {@code value} (percentiles, trimmed means), several objects on
 * one line, an object pretty-printed over several lines, non-metric JSON and plain junk.
 *
 * <p><b>Never losing a valid line.</b> Parsing starts at every line. A line that opens an object which does
 * not close on that line is tried as a multi-line object; if that object is not a valid datapoint, or if any
 * of the lines it spans is a valid datapoint by itself, only the first line is junk and parsing resumes at the
 * next line. So junk can cost only its own lines.
 *
 * <p>Uses Jackson's streaming parser (about twice as fast as building a tree per line, and no reflection).
 */
public final class CloudWatchJsonFormat implements MetricRecordFormat {

    /** A pretty-printed object is never longer than this; beyond it the opening line is junk. */
    private static final int MAX_OBJECT_BYTES = 64 * 1024;
    private static final int MAX_DEPTH = 16;

    private static final JsonFactory JSON = JsonFactory.builder()
            // NaN and Infinity are read so that they can be rejected with a clear reason, not a parse error.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public ParsedRecord parse(byte[] data) {
        ParsedRecord clean = parseClean(data);
        return clean != null ? clean : parseLineByLine(data);
    }

    /**
     * The fast path for the common case, a record of nothing but valid datapoints: one parser reads the objects one
     * after another. At the first thing that is not a valid datapoint it gives up (returns null) and the record is
     * parsed again line by line, so junk handling is never approximated.
     */
    private ParsedRecord parseClean(byte[] data) {
        List<MetricDatum> datums = new ArrayList<>(64);
        try (JsonParser p = JSON.createParser(data)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    return null;
                }
                Outcome o = readDatum(p);
                if (o.datum == null) {
                    return null;
                }
                datums.add(o.datum);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new ParsedRecord(datums, List.of(), countBlankLines(data));
    }

    private static int countBlankLines(byte[] data) {
        int blank = 0;
        boolean lineHasContent = false;
        boolean anyLine = false;
        for (byte b : data) {
            if (b == '\n') {
                if (!lineHasContent) {
                    blank++;
                }
                lineHasContent = false;
                anyLine = true;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                lineHasContent = true;
            }
        }
        // A last line without a newline counts like any other; the empty "line" after a final newline does not.
        if (!lineHasContent && data.length > 0 && data[data.length - 1] != '\n') {
            blank++;
        }
        return anyLine || data.length > 0 ? blank : 0;
    }

    private ParsedRecord parseLineByLine(byte[] data) {
        List<MetricDatum> datums = new ArrayList<>();
        List<JunkLine> junk = new ArrayList<>();
        int blank = 0;
        int[] lineStarts = lineStarts(data);
        int lines = lineStarts.length - 1;
        if (data.length == 0 || data[data.length - 1] == '\n') {
            lines--;   // the empty "line" after a final newline (or of an empty record) is not a line
        }
        int line = 0;
        while (line < lines) {
            int start = lineStarts[line];
            int end = lineEnd(data, lineStarts[line + 1]);
            int pos = skipWhitespace(data, start, end);
            if (pos == end) {
                blank++;
                line++;
                continue;
            }
            int nextLine = line + 1;
            boolean lineIsJunk = false;
            String junkReason = null;
            // One line may hold several objects; the last may run on over the following lines.
            while (pos < end) {
                if (data[pos] != '{') {
                    lineIsJunk = true;
                    junkReason = junkReason != null ? junkReason : "not a JSON object";
                    break;
                }
                int objectEnd = objectEnd(data, pos, data.length);
                if (objectEnd < 0) {
                    lineIsJunk = true;
                    junkReason = junkReason != null ? junkReason : "unterminated or malformed JSON object";
                    break;
                }
                Outcome outcome = parseDatum(data, pos, objectEnd - pos);
                if (objectEnd <= end) {
                    if (outcome.datum != null) {
                        datums.add(outcome.datum);
                    } else {
                        lineIsJunk = true;
                        junkReason = junkReason != null ? junkReason : outcome.problem;
                    }
                    pos = skipWhitespace(data, objectEnd, end);
                    continue;
                }
                // The object spans lines: accept it only if it is a datapoint and swallows no valid line.
                int lastLine = lineOf(lineStarts, objectEnd - 1);
                if (outcome.datum != null && !anyLineIsDatum(data, lineStarts, line + 1, lastLine)
                        && restOfLineIsBlank(data, objectEnd, lineEnd(data, lineStarts[lastLine + 1]))) {
                    datums.add(outcome.datum);
                    nextLine = lastLine + 1;
                } else {
                    lineIsJunk = true;
                    junkReason = junkReason != null ? junkReason
                            : outcome.datum == null ? outcome.problem : "object spans lines that hold datapoints";
                }
                break;
            }
            if (lineIsJunk) {
                junk.add(new JunkLine(line + 1, junkReason, excerpt(data, start, end)));
            }
            line = nextLine;
        }
        return new ParsedRecord(datums, junk, blank);
    }

    /** Parses exactly one object occupying {@code [off, off+len)}. */
    Outcome parseDatum(byte[] data, int off, int len) {
        try (JsonParser p = JSON.createParser(data, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Outcome.problem("not a JSON object");
            }
            Outcome o = readDatum(p);
            if (o.datum != null && p.nextToken() != null) {
                return Outcome.problem("trailing content after the object");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            return invalid(e);
        }
    }

    private static Outcome invalid(Exception e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = msg.indexOf('\n');
        return Outcome.problem("invalid JSON: " + (cut > 0 ? msg.substring(0, cut) : msg));
    }

    /** Reads one datapoint object; the parser is positioned on its START_OBJECT and is left on its END_OBJECT. */
    private static Outcome readDatum(JsonParser p) {
        try {
            String account = null;
            String region = null;
            String namespace = null;
            String metric = null;
            String unit = null;
            Map<String, String> dims = null;
            long timestamp = Long.MIN_VALUE;
            double max = Double.NaN;
            double min = Double.NaN;
            double sum = Double.NaN;
            double count = Double.NaN;
            boolean sawMax = false;
            boolean sawMin = false;
            boolean sawSum = false;
            boolean sawCount = false;
            Map<String, Double> extra = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "account_id" -> account = text(p, v);
                    case "region" -> region = text(p, v);
                    case "namespace" -> namespace = text(p, v);
                    case "metric_name" -> metric = text(p, v);
                    case "unit" -> unit = text(p, v);
                    case "timestamp" -> timestamp = epochMillis(p, v);
                    case "dimensions" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            dims = Map.of();
                        } else if (v != JsonToken.START_OBJECT) {
                            return Outcome.problem("dimensions is not an object");
                        } else {
                            dims = new TreeMap<>();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                JsonToken dv = p.nextToken();
                                String dval = text(p, dv);
                                if (dval == null) {
                                    return Outcome.problem("dimension " + name + " is not a scalar");
                                }
                                dims.put(name, dval);
                            }
                        }
                    }
                    case "value" -> {
                        if (v != JsonToken.START_OBJECT) {
                            return Outcome.problem("value is not an object");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String stat = p.currentName();
                            JsonToken sv = p.nextToken();
                            if (sv != JsonToken.VALUE_NUMBER_FLOAT && sv != JsonToken.VALUE_NUMBER_INT) {
                                return Outcome.problem("value." + stat + " is not a number");
                            }
                            double d = p.getDoubleValue();
                            switch (stat) {
                                case "max" -> { max = d; sawMax = true; }
                                case "min" -> { min = d; sawMin = true; }
                                case "sum" -> { sum = d; sawSum = true; }
                                case "count" -> { count = d; sawCount = true; }
                                default -> {
                                    if (extra == null) {
                                        extra = new HashMap<>(8);
                                    }
                                    extra.put(stat, d);
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return Outcome.problem("malformed JSON object");
            }
            String missing = account == null ? "account_id" : region == null ? "region"
                    : namespace == null ? "namespace" : metric == null ? "metric_name"
                    : timestamp == Long.MIN_VALUE ? "timestamp" : !sawSum ? "value.sum"
                    : !sawCount ? "value.count" : null;
            if (missing != null) {
                return Outcome.problem("not a metric datapoint: missing " + missing);
            }
            if (!sawMax) {
                max = sum;
            }
            if (!sawMin) {
                min = sum;
            }
            StatisticSet stats = new StatisticSet(max, min, sum, count, extra);
            String problem = stats.problem();
            if (problem != null) {
                return Outcome.problem(problem);
            }
            return Outcome.of(new MetricDatum(SeriesId.owning(account, region, namespace, metric,
                    dims instanceof TreeMap<String, String> tm ? tm : new TreeMap<>()), timestamp, stats, unit));
        } catch (IOException | RuntimeException e) {
            return invalid(e);
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    private static long epochMillis(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            return (long) p.getDoubleValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        p.skipChildren();
        return Long.MIN_VALUE;
    }

    /**
     * The index just past the object that opens at {@code start}, or -1 when it does not close properly:
     * string-aware brace matching; a raw newline inside a string ends the attempt (JSON strings cannot hold one).
     */
    static int objectEnd(byte[] data, int start, int limit) {
        int max = Math.min(limit, start + MAX_OBJECT_BYTES);
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < max; i++) {
            byte b = data[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                } else if (b == '\n') {
                    return -1;
                }
                continue;
            }
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (++depth > MAX_DEPTH) {
                        return -1;
                    }
                }
                case '}', ']' -> {
                    if (--depth == 0) {
                        return i + 1;
                    }
                    if (depth < 0) {
                        return -1;
                    }
                }
                default -> { }
            }
        }
        return -1;
    }

    private boolean anyLineIsDatum(byte[] data, int[] lineStarts, int from, int to) {
        for (int l = from; l <= to; l++) {
            int s = skipWhitespace(data, lineStarts[l], lineEnd(data, lineStarts[l + 1]));
            int e = lineEnd(data, lineStarts[l + 1]);
            if (s < e && data[s] == '{') {
                int oe = objectEnd(data, s, e);
                if (oe > 0 && parseDatum(data, s, oe - s).datum != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean restOfLineIsBlank(byte[] data, int from, int end) {
        return skipWhitespace(data, from, end) == end;
    }

    /** Offsets where each line starts, plus a sentinel {@code data.length + 1}-style end marker. */
    private static int[] lineStarts(byte[] data) {
        int n = 1;
        for (byte b : data) {
            if (b == '\n') {
                n++;
            }
        }
        int[] starts = new int[n + 1];
        int k = 0;
        starts[k++] = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                starts[k++] = i + 1;
            }
        }
        // Sentinel: the "start" of the line after the last one, one past the end so lineEnd() sees no newline.
        starts[k] = data.length + 1;
        return starts;
    }

    /** End of a line (exclusive, without its '\n') given the start of the next line. */
    private static int lineEnd(byte[] data, int nextLineStart) {
        return Math.min(nextLineStart - 1, data.length);
    }

    private static int lineOf(int[] lineStarts, int offset) {
        int lo = 0;
        int hi = lineStarts.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static int skipWhitespace(byte[] data, int from, int end) {
        int i = from;
        while (i < end && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static String excerpt(byte[] data, int start, int end) {
        int len = Math.min(end - start, JunkLine.EXCERPT_CHARS);
        String s = new String(data, start, Math.max(0, len), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /** A parse attempt: a datum, or why there is none. */
    record Outcome(MetricDatum datum, String problem) {
        static Outcome of(MetricDatum d) {
            return new Outcome(d, null);
        }

        static Outcome problem(String why) {
            return new Outcome(null, why);
        }
    }
}
