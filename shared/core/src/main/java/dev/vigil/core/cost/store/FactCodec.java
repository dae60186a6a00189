package dev.vigil.core.cost.store;

import dev.vigil.core.cost.ChargeCategory;
import dev.vigil.core.cost.CostFact;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Facts as compact, gzip-compressed tab-separated chunks, each under a size limit (a DynamoDB item holds 400 KB).
 * Facts are sorted first, so the same facts always give the same chunks: re-writing a generation is idempotent.
 */
public final class FactCodec {

    private FactCodec() {
    }

    public static final Comparator<CostFact> ORDER = Comparator.comparing(CostFact::grain)
            .thenComparingLong(CostFact::epochDay).thenComparing(CostFact::category).thenComparing(CostFact::account)
            .thenComparing(CostFact::service).thenComparing(CostFact::a).thenComparing(CostFact::b);

    /** Chunks of at most {@code maxCompressedBytes} each. */
    public static List<byte[]> encode(List<CostFact> facts, int maxCompressedBytes) {
        List<CostFact> sorted = new ArrayList<>(facts);
        sorted.sort(ORDER);
        List<byte[]> out = new ArrayList<>();
        encode(sorted, 0, sorted.size(), maxCompressedBytes, out);
        return out;
    }

    private static void encode(List<CostFact> f, int from, int to, int max, List<byte[]> out) {
        // aim at ~8x compression; split in halves until each chunk fits
        int step = Math.max(1, Math.min(to - from, max * 8 / 70));
        for (int s = from; s < to; s += step) {
            int e = Math.min(to, s + step);
            byte[] chunk = gzip(f, s, e);
            if (chunk.length > max && e - s > 1) {
                int mid = (s + e) >>> 1;
                encode(f, s, mid, max, out);
                encode(f, mid, e, max, out);
            } else {
                out.add(chunk);
            }
        }
    }

    private static byte[] gzip(List<CostFact> f, int from, int to) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(b), StandardCharsets.UTF_8)) {
            for (int i = from; i < to; i++) {
                CostFact c = f.get(i);
                w.write(c.grain().code());
                w.write('\t');
                w.write(Long.toString(c.epochDay()));
                w.write('\t');
                w.write(c.category().code());
                w.write('\t');
                w.write(esc(c.account()));
                w.write('\t');
                w.write(esc(c.service()));
                w.write('\t');
                w.write(esc(c.a()));
                w.write('\t');
                w.write(esc(c.b()));
                w.write('\t');
                w.write(Double.toString(c.cost()));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static List<CostFact> decode(byte[] chunk) {
        List<CostFact> out = new ArrayList<>();
        try (Reader r = new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(chunk)),
                StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(128);
            int c;
            while ((c = r.read()) >= 0) {
                if (c == '\n') {
                    out.add(parse(line.toString()));
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static CostFact parse(String line) {
        String[] p = line.split("\t", -1);
        if (p.length != 8) {
            throw new IllegalStateException("corrupt cost chunk line: " + line);
        }
        return new CostFact(CostFact.Grain.ofCode(p[0].charAt(0)), Long.parseLong(p[1]), ChargeCategory.fromCode(p[2]),
                unesc(p[3]), unesc(p[4]), unesc(p[5]), unesc(p[6]), Double.parseDouble(p[7]));
    }

    static String esc(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\\') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    static String unesc(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
