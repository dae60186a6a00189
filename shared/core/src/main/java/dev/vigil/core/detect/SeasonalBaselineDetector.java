package dev.vigil.core.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.apache.commons.math3.special.Erf;

/**
 * Detector v1: a seasonal, robust, exponentially weighted baseline.
 *
 * <pre>
 *   expected(t) = level + hourOfDay[h(t)] + dayOfWeek[d(t)]
 *   residual    = x − expected
 *   σ̂           = 1.2533 · MAD        (for Gaussian noise E|r| = σ·√(2/π), so σ = √(π/2)·E|r|)
 *   z           = residual / σ̂
 *   score       = erf(|z| / √2)        (the two-sided Gaussian confidence that r is not noise)
 * </pre>
 *
 * A point is anomalous when |z| ≥ threshold after the warm-up. Anomalies do not poison the baseline: the state
 * learns from the value clipped to the band edge. A run of {@code shiftRun} same-side anomalies is a level
 * shift: it is reported once and the level re-based onto the recent mean, so the new level stops alerting.
 */
public final class SeasonalBaselineDetector implements Detector {

    static final byte FORMAT_VERSION = 1;
    private static final double SIGMA_PER_MAD = Math.sqrt(Math.PI / 2);
    private static final double SQRT2 = Math.sqrt(2);

    private final DetectorConfig config;

    public SeasonalBaselineDetector(DetectorConfig config) {
        this.config = config;
    }

    public DetectorConfig config() {
        return config;
    }

    @Override
    public SeriesDetector newSeries() {
        return new State(config);
    }

    @Override
    public SeriesDetector restore(byte[] snapshot) {
        return State.read(config, snapshot);
    }

    static final class State implements SeriesDetector {
        private final DetectorConfig cfg;
        private long n;
        private double level;
        private double mad;
        private double recent;           // fast EWMA of the deseasonalised value, for re-basing on a shift
        private int run;                 // signed count of consecutive same-side anomalies
        private final double[] hour = new double[24];
        private final double[] day = new double[7];
        private final int[] hourSeen = new int[24];
        private final int[] daySeen = new int[7];

        State(DetectorConfig cfg) {
            this.cfg = cfg;
        }

        @Override
        public long observations() {
            return n;
        }

        @Override
        public Verdict observe(long epochMillis, double x) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("cannot score a non-finite value: " + x);
            }
            ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
            int h = t.getHour();
            int d = t.getDayOfWeek().getValue() - 1;
            double seasonal = seasonal(h, d);
            double deseasonal = x - seasonal;

            if (n == 0) {
                level = deseasonal;
                recent = deseasonal;
                mad = 0;
                n = 1;
                learnSeasonal(h, d, 0);
                return Verdict.insufficientData(epochMillis, x, n, cfg.warmup(), "learning the baseline");
            }
            double expected = level + seasonal;
            // Floor the scale so that a perfectly flat series does not turn rounding noise into alerts.
            double sigma = Math.max(SIGMA_PER_MAD * mad, 1e-9 + 1e-3 * Math.abs(level));
            double residual = x - expected;
            double z = residual / sigma;
            double band = cfg.threshold() * sigma;
            double score = Erf.erf(Math.abs(z) / SQRT2);
            boolean warm = n >= cfg.warmup();
            boolean anomalous = warm && Math.abs(z) >= cfg.threshold();

            Verdict verdict;
            if (!warm) {
                verdict = Verdict.insufficientData(epochMillis, x, n, cfg.warmup(), "learning the baseline");
            } else if (!anomalous) {
                verdict = Verdict.normal(epochMillis, x,
                        new Explanation(expected, expected - band, expected + band, score, Reason.WITHIN_BAND,
                                "within the expected band"));
            } else {
                run = residual > 0 ? Math.max(run, 0) + 1 : Math.min(run, 0) - 1;
                Reason reason = residual > 0 ? Reason.SPIKE : Reason.DIP;
                String detail = String.format("%.1fσ %s the expected %.4g", Math.abs(z),
                        residual > 0 ? "above" : "below", expected);
                if (Math.abs(run) >= cfg.shiftRun()) {
                    reason = Reason.LEVEL_SHIFT;
                    detail = String.format("level shift: %d points in a row %s the band; re-baselined",
                            Math.abs(run), residual > 0 ? "above" : "below");
                }
                verdict = Verdict.anomalous(epochMillis, x,
                        new Explanation(expected, expected - band, expected + band, score, reason, detail),
                        severity(z));
            }
            if (!anomalous) {
                run = 0;
            }

            // Learn. An anomaly is clipped to the band edge so that it cannot drag the baseline after it.
            double learnX = anomalous ? expected + Math.copySign(band, residual) : x;
            double learnDeseasonal = learnX - seasonal;
            recent += 0.2 * (deseasonal - recent);
            double err = learnDeseasonal - level;
            level += cfg.levelAlpha() * err;
            mad += cfg.scaleAlpha() * (Math.abs(learnX - expected) - mad);
            learnSeasonal(h, d, learnX - level - seasonal);
            if (Math.abs(run) >= cfg.shiftRun()) {
                level = recent;   // absorb the new level
                run = 0;
            }
            n++;
            return verdict;
        }

        private double seasonal(int h, int d) {
            // Offsets only count once seen on two separate days, so one odd day cannot create a pattern.
            double s = 0;
            if (hourSeen[h] >= 2) {
                s += hour[h];
            }
            if (daySeen[d] >= 2) {
                s += day[d];
            }
            return s;
        }

        private void learnSeasonal(int h, int d, double remainder) {
            double a = cfg.seasonalAlpha();
            hour[h] += a * remainder;
            day[d] += a * remainder * 0.1;   // day-of-week effects move slowly: they see 24× fewer cycles
            if (hourSeen[h] < Integer.MAX_VALUE) {
                hourSeen[h]++;
            }
            if (daySeen[d] < Integer.MAX_VALUE) {
                daySeen[d]++;
            }
        }

        private Severity severity(double z) {
            double a = Math.abs(z) / cfg.threshold();
            return a >= 4 ? Severity.CRITICAL : a >= 2 ? Severity.HIGH : a >= 1.3 ? Severity.MEDIUM : Severity.LOW;
        }

        @Override
        public byte[] snapshot() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT_VERSION);
                out.writeLong(n);
                out.writeDouble(level);
                out.writeDouble(mad);
                out.writeDouble(recent);
                out.writeInt(run);
                for (double v : hour) {
                    out.writeDouble(v);
                }
                for (double v : day) {
                    out.writeDouble(v);
                }
                for (int v : hourSeen) {
                    out.writeInt(v);
                }
                for (int v : daySeen) {
                    out.writeInt(v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static State read(DetectorConfig cfg, byte[] snapshot) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
                byte v = in.readByte();
                if (v != FORMAT_VERSION) {
                    throw new IllegalArgumentException("unknown detector state version " + v);
                }
                State s = new State(cfg);
                s.n = in.readLong();
                s.level = in.readDouble();
                s.mad = in.readDouble();
                s.recent = in.readDouble();
                s.run = in.readInt();
                for (int i = 0; i < 24; i++) {
                    s.hour[i] = in.readDouble();
                }
                for (int i = 0; i < 7; i++) {
                    s.day[i] = in.readDouble();
                }
                for (int i = 0; i < 24; i++) {
                    s.hourSeen[i] = in.readInt();
                }
                for (int i = 0; i < 7; i++) {
                    s.daySeen[i] = in.readInt();
                }
                if (in.available() != 0) {
                    throw new IllegalArgumentException("detector state has trailing bytes");
                }
                return s;
            } catch (IOException e) {
                throw new IllegalArgumentException("corrupt detector state: " + e.getMessage(), e);
            }
        }
    }
}
