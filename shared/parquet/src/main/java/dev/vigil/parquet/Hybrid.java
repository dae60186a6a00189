package dev.vigil.parquet;

import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid encoding (levels and dictionary ids), decoded in bulk into an int array:
 * runs are {@code varint header}; an even header is an RLE run of {@code header/2} copies of one value
 * ({@code ceil(width/8)} bytes, little-endian); an odd one is {@code header/2} groups of 8 values bit-packed
 * LSB first in {@code width} bytes per group. One call per page instead of a decoder call per value.
 */
final class Hybrid {

    private Hybrid() {
    }

    /** Decodes {@code n} values from {@code b[p, end)} into {@code out[0, n)}; returns the position after them. */
    static int decode(byte[] b, int p, int end, int width, int[] out, int n) {
        if (width == 0) {
            java.util.Arrays.fill(out, 0, n, 0);
            return p;
        }
        int valueBytes = (width + 7) >>> 3;
        long mask = width == 32 ? 0xFFFFFFFFL : (1L << width) - 1;
        int i = 0;
        while (i < n) {
            // unsigned LEB128 header
            int header = 0;
            int shift = 0;
            while (true) {
                if (p >= end) {
                    throw new ParquetDecodingException("RLE/bit-packed run past the end of its page");
                }
                int c = b[p++] & 0xFF;
                header |= (c & 0x7F) << shift;
                if ((c & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 28) {
                    throw new ParquetDecodingException("bad RLE run header");
                }
            }
            if ((header & 1) == 0) {
                int count = header >>> 1;
                if (p + valueBytes > end) {
                    throw new ParquetDecodingException("RLE run past the end of its page");
                }
                int v = 0;
                for (int k = 0; k < valueBytes; k++) {
                    v |= (b[p++] & 0xFF) << (8 * k);
                }
                int stop = Math.min(n, i + count);
                java.util.Arrays.fill(out, i, stop, v);
                i = stop;
            } else {
                int groups = header >>> 1;
                long bytes = (long) groups * width;
                // the last group may be truncated in a page (values past n are padding)
                int avail = (int) Math.min(bytes, end - p);
                int stopByte = p + avail;
                int values = groups * 8;
                long buf = 0;
                int bits = 0;
                int q = p;
                for (int k = 0; k < values && i < n; k++) {
                    while (bits < width) {
                        if (q >= stopByte) {
                            throw new ParquetDecodingException("bit-packed run past the end of its page");
                        }
                        buf |= (long) (b[q++] & 0xFF) << bits;
                        bits += 8;
                    }
                    out[i++] = (int) (buf & mask);
                    buf >>>= width;
                    bits -= width;
                }
                p += avail;
            }
        }
        return p;
    }
}
