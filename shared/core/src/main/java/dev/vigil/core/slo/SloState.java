package dev.vigil.core.slo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One SLO's error-budget state, as stored in DynamoDB: bad and total counts per minute for the last 6 hours (the
 * 5m, 30m, 1h and 6h windows) and per hour for the SLO window (the 3-day window and the budget), the per-series
 * watermarks that make a replayed batch count nothing twice, the current alert level, and an outbox of burn events
 * not yet acknowledged by the bus.
 *
 * <p>Both rings are indexed by time modulo their size, each slot remembering which minute (hour) it holds, so an old
 * slot is recycled rather than summed. Long windows read whole hours plus the current partial hour, so the 3-day
 * window spans between 71 and 72 hours: close enough for a ticket-level alert.
 */
public final class SloState {

    /** The longest window read from the minute ring (6 h). */
    public static final int MINUTE_WINDOW_MAX = 360;
    /**
     * Slots: 6 h plus 1 h of slack. A delivery spans several minutes and is evaluated minute by minute after all of
     * it was counted; without the slack, the newest minutes would recycle the slots of the oldest minutes of the
     * windows ending earlier in the same delivery.
     */
    public static final int MINUTE_SLOTS = MINUTE_WINDOW_MAX + 60;
    private static final byte FORMAT = 1;
    /** Series silent for this long lose their watermark, so the item does not grow with departed series. */
    static final long WATERMARK_RETENTION_MS = 7L * 24 * 3600 * 1000;

    private final String name;
    private long version;
    private final Map<String, Long> watermarks = new HashMap<>();
    private final long[] minuteOf = new long[MINUTE_SLOTS];
    private final double[] minuteBad = new double[MINUTE_SLOTS];
    private final double[] minuteTotal = new double[MINUTE_SLOTS];
    private final int hourSlots;
    private final long[] hourOf;
    private final double[] hourBad;
    private final double[] hourTotal;
    private long newest = Long.MIN_VALUE;
    private BurnRates.Level level = BurnRates.Level.NONE;
    private long levelSince;
    private final List<String> outbox = new ArrayList<>();

    public SloState(String name, int windowDays) {
        this.name = name;
        this.hourSlots = Math.max(72, windowDays * 24) + 2;   // + slack, as for minutes
        this.hourOf = new long[hourSlots];
        this.hourBad = new double[hourSlots];
        this.hourTotal = new double[hourSlots];
        java.util.Arrays.fill(minuteOf, Long.MIN_VALUE);
        java.util.Arrays.fill(hourOf, Long.MIN_VALUE);
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    public void version(long v) {
        version = v;
    }

    /** The newest minute (epoch ms) that carried data; {@link Long#MIN_VALUE} before any. */
    public long newest() {
        return newest;
    }

    public BurnRates.Level level() {
        return level;
    }

    public long levelSince() {
        return levelSince;
    }

    public void level(BurnRates.Level l, long since) {
        level = l;
        levelSince = since;
    }

    public List<String> outbox() {
        return outbox;
    }

    /** The series' watermark (epoch ms), or {@link Long#MIN_VALUE}. */
    public long watermark(String seriesKey) {
        return watermarks.getOrDefault(seriesKey, Long.MIN_VALUE);
    }

    public void watermark(String seriesKey, long ts) {
        watermarks.put(seriesKey, ts);
    }

    /** Adds one minute's bad and total counts (epoch ms of the minute). */
    public void add(long minuteTs, double bad, double total) {
        long m = Math.floorDiv(minuteTs, 60_000L);
        int i = (int) Math.floorMod(m, MINUTE_SLOTS);
        if (minuteOf[i] != m) {
            if (minuteOf[i] != Long.MIN_VALUE && minuteOf[i] > m) {
                m = Long.MIN_VALUE;   // older than the ring: only the hourly ring takes it
            } else {
                minuteOf[i] = m;
                minuteBad[i] = 0;
                minuteTotal[i] = 0;
            }
        }
        if (m != Long.MIN_VALUE) {
            minuteBad[i] += bad;
            minuteTotal[i] += total;
        }
        long h = Math.floorDiv(minuteTs, 3_600_000L);
        int j = (int) Math.floorMod(h, hourSlots);
        if (hourOf[j] != h) {
            if (hourOf[j] != Long.MIN_VALUE && hourOf[j] > h) {
                return;   // older than the SLO window
            }
            hourOf[j] = h;
            hourBad[j] = 0;
            hourTotal[j] = 0;
        }
        hourBad[j] += bad;
        hourTotal[j] += total;
        if (total > 0 || bad > 0) {
            newest = Math.max(newest, Math.floorDiv(minuteTs, 60_000L) * 60_000L);
        }
    }

    /** {@code [bad, total]} over the {@code minutes} ending with (and including) the minute {@code endTs}. */
    public double[] window(int minutes, long endTs) {
        double bad = 0;
        double total = 0;
        if (minutes <= MINUTE_WINDOW_MAX) {
            long end = Math.floorDiv(endTs, 60_000L);
            for (int i = 0; i < MINUTE_SLOTS; i++) {
                if (minuteOf[i] != Long.MIN_VALUE && minuteOf[i] <= end && minuteOf[i] > end - minutes) {
                    bad += minuteBad[i];
                    total += minuteTotal[i];
                }
            }
        } else {
            long end = Math.floorDiv(endTs, 3_600_000L);
            long hours = Math.min(hourSlots - 2, minutes / 60);
            for (int j = 0; j < hourSlots; j++) {
                if (hourOf[j] != Long.MIN_VALUE && hourOf[j] <= end && hourOf[j] > end - hours) {
                    bad += hourBad[j];
                    total += hourTotal[j];
                }
            }
        }
        return new double[] {bad, total};
    }

    /** Forgets the watermarks of series silent for a week. */
    public void pruneWatermarks() {
        if (newest == Long.MIN_VALUE) {
            return;
        }
        for (Iterator<Map.Entry<String, Long>> it = watermarks.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < newest - WATERMARK_RETENTION_MS) {
                it.remove();
            }
        }
    }

    // ---- binary form (sparse: only slots that hold data), a few KB for a continuously fed SLO

    public byte[] encode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeByte(FORMAT);
            out.writeInt(hourSlots);
            out.writeLong(newest);
            out.writeByte(level.ordinal());
            out.writeLong(levelSince);
            out.writeInt(watermarks.size());
            for (Map.Entry<String, Long> w : watermarks.entrySet()) {
                out.writeUTF(w.getKey());
                out.writeLong(w.getValue());
            }
            writeRing(out, minuteOf, minuteBad, minuteTotal);
            writeRing(out, hourOf, hourBad, hourTotal);
            out.writeInt(outbox.size());
            for (String e : outbox) {
                out.writeUTF(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static void writeRing(DataOutputStream out, long[] of, double[] bad, double[] total) throws IOException {
        int n = 0;
        for (long o : of) {
            n += o == Long.MIN_VALUE ? 0 : 1;
        }
        out.writeInt(n);
        for (int i = 0; i < of.length; i++) {
            if (of[i] != Long.MIN_VALUE) {
                out.writeLong(of[i]);
                out.writeDouble(bad[i]);
                out.writeDouble(total[i]);
            }
        }
    }

    /** Restores a state; a state written for another window size is re-learned (returns a fresh state). */
    public static SloState decode(String name, int windowDays, long version, byte[] bytes) {
        SloState s = new SloState(name, windowDays);
        s.version = version;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException("unknown SLO state format");
            }
            if (in.readInt() != s.hourSlots) {
                return s;   // the window changed: the hourly ring no longer lines up
            }
            s.newest = in.readLong();
            s.level = BurnRates.Level.values()[in.readByte()];
            s.levelSince = in.readLong();
            int w = in.readInt();
            for (int i = 0; i < w; i++) {
                s.watermarks.put(in.readUTF(), in.readLong());
            }
            readRing(in, s.minuteOf, s.minuteBad, s.minuteTotal);
            readRing(in, s.hourOf, s.hourBad, s.hourTotal);
            int o = in.readInt();
            for (int i = 0; i < o; i++) {
                s.outbox.add(in.readUTF());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt SLO state for " + name + ": " + e.getMessage(), e);
        }
        return s;
    }

    private static void readRing(DataInputStream in, long[] of, double[] bad, double[] total) throws IOException {
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
            long t = in.readLong();
            int i = (int) Math.floorMod(t, of.length);
            of[i] = t;
            bad[i] = in.readDouble();
            total[i] = in.readDouble();
        }
    }
}
