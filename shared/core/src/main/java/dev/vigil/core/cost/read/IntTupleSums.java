package dev.vigil.core.cost.read;

import java.util.Arrays;

/**
 * Sums of doubles keyed by fixed-arity int tuples, in flat arrays with open addressing: no object per key, so a
 * million keys cost tens of megabytes, not hundreds. The aggregation tables of {@link CostAggregator}.
 */
public final class IntTupleSums {

    private final int arity;
    private int[] keys;
    private double[] sums;
    private int[] slots;      // entry index + 1; 0 = empty
    private int mask;
    private int size;

    public IntTupleSums(int arity, int initialCapacity) {
        this.arity = arity;
        int cap = Integer.highestOneBit(Math.max(16, initialCapacity)) << 1;
        keys = new int[cap / 2 * arity];
        sums = new double[cap / 2];
        slots = new int[cap];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    public int arity() {
        return arity;
    }

    /** Adds {@code v} to the sum of the tuple held in {@code k[0..arity)}. */
    public void add(int[] k, double v) {
        int h = hash(k);
        int slot = h & mask;
        while (true) {
            int t = slots[slot];
            if (t == 0) {
                insert(k, v, slot);
                return;
            }
            int e = t - 1;
            if (same(e, k)) {
                sums[e] += v;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Whether the tuple is already a key (so adding to it cannot grow the table). */
    public boolean contains(int[] k) {
        int slot = hash(k) & mask;
        while (true) {
            int t = slots[slot];
            if (t == 0) {
                return false;
            }
            if (same(t - 1, k)) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean same(int e, int[] k) {
        int base = e * arity;
        for (int i = 0; i < arity; i++) {
            if (keys[base + i] != k[i]) {
                return false;
            }
        }
        return true;
    }

    private void insert(int[] k, double v, int slot) {
        if (size == sums.length) {
            int n = sums.length * 2;
            sums = Arrays.copyOf(sums, n);
            keys = Arrays.copyOf(keys, n * arity);
        }
        int e = size++;
        System.arraycopy(k, 0, keys, e * arity, arity);
        sums[e] = v;
        slots[slot] = e + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        int[] s = new int[slots.length * 2];
        int m = s.length - 1;
        int[] k = new int[arity];
        for (int e = 0; e < size; e++) {
            System.arraycopy(keys, e * arity, k, 0, arity);
            int slot = hash(k) & m;
            while (s[slot] != 0) {
                slot = (slot + 1) & m;
            }
            s[slot] = e + 1;
        }
        slots = s;
        mask = m;
    }

    private int hash(int[] k) {
        int h = 0x2545F491;
        for (int i = 0; i < arity; i++) {
            h = (h ^ k[i]) * 0x9E3779B1;
            h ^= h >>> 15;
        }
        return h;
    }

    /** The i-th component of entry {@code e}. */
    public int key(int e, int i) {
        return keys[e * arity + i];
    }

    public double sum(int e) {
        return sums[e];
    }

    public long bytesHeld() {
        return keys.length * 4L + sums.length * 8L + slots.length * 4L;
    }
}
