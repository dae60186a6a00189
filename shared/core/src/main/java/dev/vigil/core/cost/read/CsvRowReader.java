package dev.vigil.core.cost.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A streaming RFC 4180 CSV record reader over bytes, hand-rolled for throughput: one pass over a reusable buffer,
 * no String or object per field. {@link #next()} advances to the next record; its fields are then slices
 * ({@link #start(int)}, {@link #end(int)}) of {@link #buffer()}, valid until the next call.
 *
 * <p>RFC 4180: fields separated by commas, records by LF or CRLF; a field may be enclosed in double quotes, and
 * then contain commas, line breaks and doubled quotes ({@code ""} stands for one {@code "}). Quoted fields with
 * doubled quotes are unescaped in place once the whole record has been scanned (so a record re-scanned after a
 * buffer refill is never unescaped twice). Lenient where real exports are sloppy: a quote inside an unquoted field
 * is kept literally; text after a closing quote is appended to the field.
 *
 * <p>Memory: the buffer holds at least one whole record; it grows (doubling) only for a record longer than the
 * buffer, up to {@link #MAX_RECORD_BYTES}, beyond which the reader fails with a clear message.
 */
public final class CsvRowReader implements Closeable {

    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private byte[] buf;
    private int pos;          // next unread byte
    private int limit;        // end of valid bytes
    private boolean eof;
    private long bytesBefore; // bytes discarded from the buffer so far (compactions)

    private int fieldCount;
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int[] escaped = new int[16];
    private int escapedCount;

    private long nextLine = 1;        // physical line number of the next record's first byte
    private long recordLine;          // physical line number where the current record starts
    private long records;
    private boolean unterminatedQuote;

    public CsvRowReader(InputStream in) {
        this(in, 1 << 20);
    }

    public CsvRowReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(1024, bufferSize)];
    }

    /** Advances to the next record; false at the end of input. Blank lines are records of one empty field. */
    public boolean next() throws IOException {
        while (true) {
            int r = scan();
            if (r >= 0) {
                finishRecord();
                return true;
            }
            // need more bytes: keep the partial record, drop what was consumed
            if (eof) {
                if (pos >= limit) {
                    return false;
                }
                // last record without a trailing newline
                int rr = scanAtEof();
                finishRecord();
                return rr >= 0;
            }
            refill();
        }
    }

    /**
     * Scans one record starting at {@code pos}. Returns the index after its terminator, or -1 when the buffer ends
     * first (nothing is consumed then).
     */
    private int scan() {
        final byte[] b = buf;
        final int lim = limit;
        int p = pos;
        int f = 0;
        int fs = p;
        long lines = 0;
        unterminatedQuote = false;
        escapedCount = 0;
        while (true) {
            int q;
            if (p + 8 <= lim) {
                // eight bytes at a time: every comma of the word is a field end, up to the first quote or newline
                long w = (long) LONGS.get(b, p);
                long commas = zeroBytes(w ^ COMMAS);
                long other = zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ QUOTES);
                if (other != 0) {
                    commas &= (1L << Long.numberOfTrailingZeros(other)) - 1;
                }
                while (commas != 0) {
                    int c = p + (Long.numberOfTrailingZeros(commas) >>> 3);
                    f = addField(f, fs, c);
                    fs = c + 1;
                    commas &= commas - 1;
                }
                if (other == 0) {
                    p += 8;
                    continue;
                }
                q = p + (Long.numberOfTrailingZeros(other) >>> 3);
            } else {
                q = nextSpecial(b, p, lim);
                if (q >= lim) {
                    return -1;
                }
                if (b[q] == ',') {
                    f = addField(f, fs, q);
                    p = q + 1;
                    fs = p;
                    continue;
                }
            }
            if (b[q] == '\n') {
                int e = q;
                if (e > fs && b[e - 1] == '\r') {
                    e--;
                }
                f = addField(f, fs, e);
                return endRecord(f, q, lines);
            }
            // a quote
            if (q != fs) {
                p = q + 1;   // lenient: a quote inside an unquoted field is kept literally
                continue;
            }
            // quoted field: find the closing quote, skipping doubled quotes, counting line breaks
            int r = q + 1;
            boolean esc = false;
            while (true) {
                r = nextQuoteOrNewline(b, r, lim);
                if (r >= lim) {
                    return -1;
                }
                if (b[r] == '\n') {
                    lines++;
                    r++;
                    continue;
                }
                if (r + 1 >= lim) {
                    return -1;   // cannot tell "" from the closing quote yet
                }
                if (b[r + 1] == '"') {
                    esc = true;
                    r += 2;
                    continue;
                }
                break;
            }
            int contentStart = q + 1;
            int contentEnd = r;
            p = r + 1;
            // lenient: anything up to the next separator belongs to the field
            while (p < lim && b[p] != ',' && b[p] != '\n') {
                p++;
            }
            if (p >= lim) {
                return -1;
            }
            if (p > r + 1) {
                int tail = p;
                if (b[p] == '\n' && b[tail - 1] == '\r') {
                    tail--;
                }
                if (tail > r + 1) {
                    // text after the closing quote: keep the raw span (quotes included) as the value
                    contentStart = fs;
                    contentEnd = tail;
                    esc = false;
                }
            }
            if (esc) {
                markEscaped(f);
            }
            f = addField(f, contentStart, contentEnd);
            if (b[p] == '\n') {
                return endRecord(f, p, lines);
            }
            p++;
            fs = p;
        }
    }

    /** High bit of each byte of x that is zero, exactly (no borrow between bytes, unlike the classic trick). */
    private static long zeroBytes(long x) {
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }

    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long COMMAS = ONES * ',';
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';

    /**
     * The next comma, line feed or quote at or after {@code p} (or {@code lim}): eight bytes at a time (SWAR), so
     * the long runs of plain bytes that make up most of an export cost a few instructions per word.
     */
    static int nextSpecial(byte[] b, int p, int lim) {
        while (p + 8 <= lim) {
            long w = (long) LONGS.get(b, p);
            long m = zeroBytes(w ^ COMMAS) | zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ QUOTES);
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            p += 8;
        }
        while (p < lim) {
            byte c = b[p];
            if (c == ',' || c == '\n' || c == '"') {
                return p;
            }
            p++;
        }
        return lim;
    }

    /** The next quote or line feed at or after {@code p} (or {@code lim}), eight bytes at a time. */
    static int nextQuoteOrNewline(byte[] b, int p, int lim) {
        while (p + 8 <= lim) {
            long w = (long) LONGS.get(b, p);
            long m = zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ QUOTES);
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            p += 8;
        }
        while (p < lim) {
            byte c = b[p];
            if (c == '\n' || c == '"') {
                return p;
            }
            p++;
        }
        return lim;
    }

    private int endRecord(int f, int newlineAt, long linesInside) {
        fieldCount = f;
        recordLine = nextLine;
        nextLine += linesInside + 1;
        pos = newlineAt + 1;
        return pos;
    }

    /** The final record at end of input (no newline after it); an open quote runs to the end. */
    private int scanAtEof() {
        // Append a virtual newline by scanning with a sentinel: simplest is to grow and add '\n'.
        ensureCapacity(limit - pos + 2);
        boolean openQuote = isQuoteOpen(pos, limit);
        if (openQuote) {
            buf[limit++] = '"';
        }
        buf[limit++] = '\n';
        int r = scan();
        unterminatedQuote = openQuote;
        return r;
    }

    private boolean isQuoteOpen(int from, int to) {
        boolean inQuotes = false;
        boolean atFieldStart = true;
        for (int p = from; p < to; p++) {
            byte c = buf[p];
            if (inQuotes) {
                if (c == '"') {
                    if (p + 1 < to && buf[p + 1] == '"') {
                        p++;
                    } else {
                        inQuotes = false;
                    }
                }
            } else if (c == '"' && atFieldStart) {
                inQuotes = true;
                atFieldStart = false;
            } else {
                atFieldStart = c == ',' || c == '\n';
            }
        }
        return inQuotes;
    }

    private int addField(int f, int s, int e) {
        if (f == starts.length) {
            starts = Arrays.copyOf(starts, f * 2);
            ends = Arrays.copyOf(ends, f * 2);
        }
        starts[f] = s;
        ends[f] = e;
        return f + 1;
    }

    /** Field {@code f} has doubled quotes to undo once the record is complete (rare: a list, not a flag per field). */
    private void markEscaped(int f) {
        if (escapedCount == escaped.length) {
            escaped = Arrays.copyOf(escaped, escapedCount * 2);
        }
        escaped[escapedCount++] = f;
    }

    /** Unescapes doubled quotes in place, now that the record is complete. */
    private void finishRecord() {
        records++;
        for (int k = 0; k < escapedCount; k++) {
            int i = escaped[k];
            int w = starts[i];
            for (int r = starts[i]; r < ends[i]; r++) {
                buf[w++] = buf[r];
                if (buf[r] == '"') {
                    r++;   // skip the second quote of the pair
                }
            }
            ends[i] = w;
        }
        escapedCount = 0;
    }

    private void refill() throws IOException {
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            bytesBefore += pos;
            limit = keep;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_RECORD_BYTES) {
                throw new IOException("a CSV record at line " + nextLine + " is longer than " + MAX_RECORD_BYTES
                        + " bytes (unbalanced quote?)");
            }
            buf = Arrays.copyOf(buf, Math.min(MAX_RECORD_BYTES, buf.length * 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void ensureCapacity(int extra) {
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            bytesBefore += pos;
            limit = keep;
            pos = 0;
        }
        if (limit + extra > buf.length) {
            buf = Arrays.copyOf(buf, limit + extra + 16);
        }
    }

    public byte[] buffer() {
        return buf;
    }

    public int fieldCount() {
        return fieldCount;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    public int length(int field) {
        return ends[field] - starts[field];
    }

    public String string(int field) {
        return new String(buf, starts[field], ends[field] - starts[field], java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The physical (1-based) line where the current record starts; line 1 is the header. */
    public long line() {
        return recordLine;
    }

    /** Records read so far, including the header. */
    public long records() {
        return records;
    }

    /** True when the current (last) record ended inside an open quote at end of input. */
    public boolean unterminatedQuote() {
        return unterminatedQuote;
    }

    /** Bytes of input consumed so far (for progress). */
    public long bytesRead() {
        return bytesBefore + pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
