package dev.vigil.core.metric.format;

import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire format, read by hand over a byte array: just what a Metric Streams record needs (varints,
 * fixed64, length-delimited fields, skipping unknown fields). No generated classes and no protobuf runtime on the hot
 * path: the core stays small, and a corrupt record costs one exception, never a half-filled message object.
 *
 * <p>Wire format (protobuf encoding spec): each field is a tag varint {@code (field_number << 3) | wire_type}, then
 * a value: type 0 a varint (7 bits a byte, low groups first, high bit = more), type 1 eight little-endian bytes,
 * type 2 a varint length and that many bytes, type 5 four little-endian bytes. Types 3 and 4 (groups) are obsolete
 * and never appear in OpenTelemetry messages; they are refused.
 *
 * <p>A reader is a window {@code [pos, limit)}; {@link #enter(int)} narrows it to a nested message and returns the
 * outer limit, which {@link #leave(int)} restores. Every length is checked against the current limit, so a
 * length that points past its message is an error, not an out-of-bounds read.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    /** A record that is not valid protobuf (or not the message we expect). The message says where and why. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);   // no stack trace: this is a data error, raised per bad record
        }
    }

    private final byte[] buf;
    private int pos;
    private int limit;

    ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.limit = to;
    }

    int pos() {
        return pos;
    }

    int limit() {
        return limit;
    }

    /** Moves to {@code p} within the current window (after a sub-reader has consumed a nested message). */
    void seek(int p) {
        if (p < pos || p > limit) {
            throw new IllegalArgumentException("seek to " + p + " outside [" + pos + ", " + limit + "]");
        }
        pos = p;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    /** The next tag, or 0 at the end of the current window. Field number 0 is invalid in protobuf. */
    int readTag() {
        if (pos >= limit) {
            return 0;
        }
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
            throw new Malformed("invalid field tag " + tag + " at byte " + pos);
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new Malformed("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new Malformed("varint longer than 10 bytes at byte " + pos);
    }

    long readFixed64() {
        if (limit - pos < 8) {
            throw new Malformed("truncated fixed64 at byte " + pos);
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    double readDouble() {
        return Double.longBitsToDouble(readFixed64());
    }

    /** Reads a length prefix and checks it fits the current window; returns the length. */
    int readLength() {
        long len = readVarint();
        if (len < 0 || len > limit - pos) {
            throw new Malformed("length " + len + " at byte " + pos + " runs past its message (" + (limit - pos)
                    + " bytes left)");
        }
        return (int) len;
    }

    /** Narrows the window to the length-delimited field that starts here; returns the outer limit for {@link #leave}. */
    int enter(int wireType) {
        expect(wireType, LEN);
        int len = readLength();
        int outer = limit;
        limit = pos + len;
        return outer;
    }

    /** Leaves a nested message: skips what was not read of it and restores the outer window. */
    void leave(int outerLimit) {
        pos = limit;
        limit = outerLimit;
    }

    String readString(int wireType) {
        expect(wireType, LEN);
        int len = readLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    double readDoubleField(int wireType) {
        expect(wireType, FIXED64);
        return readDouble();
    }

    long readFixed64Field(int wireType) {
        expect(wireType, FIXED64);
        return readFixed64();
    }

    /** Skips a field of any known wire type (unknown fields are how protobuf stays forward-compatible). */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                if (limit - pos < 8) {
                    throw new Malformed("truncated fixed64 at byte " + pos);
                }
                pos += 8;
            }
            case LEN -> {
                int len = readLength();   // not "pos += readLength()": that would add to pos as it was before the prefix
                pos += len;
            }
            case FIXED32 -> {
                if (limit - pos < 4) {
                    throw new Malformed("truncated fixed32 at byte " + pos);
                }
                pos += 4;
            }
            default -> throw new Malformed("unsupported wire type " + wireType + " at byte " + pos);
        }
    }

    private void expect(int wireType, int wanted) {
        if (wireType != wanted) {
            throw new Malformed("wire type " + wireType + " where " + wanted + " was expected, at byte " + pos);
        }
    }

    static int field(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }
}
