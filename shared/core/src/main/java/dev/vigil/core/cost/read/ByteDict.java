package dev.vigil.core.cost.read;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Dictionary encoding of byte strings: maps each distinct value to a dense int id, with no allocation for a value
 * already seen (open addressing on a hash of the bytes; the bytes themselves live in one arena). Billing columns
 * repeat a few thousand values over millions of rows, so aggregation keys become small int tuples.
 * Id 0 is always the empty string. Not thread-safe.
 */
public final class ByteDict {

    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int[] hashes = new int[1024];
    private String[] strings = new String[1024];
    private int size;
    private int[] table = new int[2048];   // id + 1; 0 = empty slot
    private int mask = table.length - 1;

    public ByteDict() {
        id(new byte[0], 0, 0);
    }

    public int size() {
        return size;
    }

    public int id(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return id(b, 0, b.length);
    }

    public int id(byte[] b, int s, int e) {
        int h = hash(b, s, e);
        int slot = h & mask;
        int len = e - s;
        while (true) {
            int t = table[slot];
            if (t == 0) {
                return insert(b, s, len, h, slot);
            }
            int id = t - 1;
            if (hashes[id] == h && lengths[id] == len && Arrays.equals(arena, offsets[id], offsets[id] + len, b, s, e)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Looks a value up without adding it; -1 when absent. */
    public int find(byte[] b, int s, int e) {
        int h = hash(b, s, e);
        int slot = h & mask;
        int len = e - s;
        while (true) {
            int t = table[slot];
            if (t == 0) {
                return -1;
            }
            int id = t - 1;
            if (hashes[id] == h && lengths[id] == len && Arrays.equals(arena, offsets[id], offsets[id] + len, b, s, e)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    public String string(int id) {
        String s = strings[id];
        if (s == null) {
            s = new String(arena, offsets[id], lengths[id], StandardCharsets.UTF_8);
            strings[id] = s;
        }
        return s;
    }

    /** The raw bytes of an id (a copy). */
    public byte[] bytes(int id) {
        return Arrays.copyOfRange(arena, offsets[id], offsets[id] + lengths[id]);
    }

    private int insert(byte[] b, int s, int len, int h, int slot) {
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(b, s, arena, arenaUsed, len);
        if (size == offsets.length) {
            int n = size * 2;
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n);
            strings = Arrays.copyOf(strings, n);
        }
        int id = size++;
        offsets[id] = arenaUsed;
        lengths[id] = len;
        hashes[id] = h;
        arenaUsed += len;
        table[slot] = id + 1;
        if (size * 2 > table.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int m = t.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & m;
            while (t[slot] != 0) {
                slot = (slot + 1) & m;
            }
            t[slot] = id + 1;
        }
        table = t;
        mask = m;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Eight bytes per step, with a 64-bit multiply-xorshift mix (the values are ARNs and JSON, often 50+ bytes). */
    private static int hash(byte[] b, int s, int e) {
        long h = 0x9E3779B97F4A7C15L ^ (e - s);
        int p = s;
        while (p + 8 <= e) {
            h = (h ^ (long) LONGS.get(b, p)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            p += 8;
        }
        long tail = 0;
        for (int shift = 0; p < e; p++, shift += 8) {
            tail |= (b[p] & 0xFFL) << shift;
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (int) h;
    }

    /** Approximate heap bytes held (for memory reporting). */
    public long bytesHeld() {
        return arena.length + (long) offsets.length * 12 + (long) table.length * 4 + (long) strings.length * 8;
    }
}
