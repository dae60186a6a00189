package dev.vigil.core.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Detector v2: three self-calibrating evidence channels over a seasonal, robust baseline, with incident
 * suppression and drift re-baselining. The maths, every knob and the measured numbers are in
 * {@code docs/detector.md}; in short:
 *
 * <pre>
 *   seasonal     s(t)  = P[slot(t)] + W[dow(t)]            daily profile + weekday offset, both vs. a weekly mean M
 *   prediction   x̂(t)  = L + s(t)  (or L' without s(t) when the profile does not beat it)
 *   residual     r     = x − x̂,   σ = √(π/2)·E|r|           (EWMA of Huber-clipped |r|)
 *
 *   channel      statistic f                                  reason
 *   point        |r| / σ                                      spike, dip, seasonal deviation
 *   shift        |F − B| / (σ·√(α_F/(2−α_F)))                 level shift, trend break
 *                 F = fast EWMA of the deseasonalised value, B = slow baseline; the denominator is the standard
 *                 error of F under unchanged noise, so f is an EWMA control chart
 *   variance     |ln(σ_short / σ)|                            variance change
 *
 *   novelty      R = f / max(E, floor)    E = the statistic's "normal extreme": a decaying maximum of the values
 *                                         it took while nothing was alerting (half-life extremeHalfLife)
 *   score        R^p / (R^p + ρ^p)        0.5 exactly when f is ρ times its normal extreme
 * </pre>
 *
 * Self-calibration is what lets one configuration serve every series: a statistic is judged against what that very
 * statistic did on this series in normal times, so a series whose spikes routinely reach 8σ needs more than 8σ to
 * alert, while a quiet one alerts at the floor.
 *
 * <p><b>Suppression (hysteresis).</b> The reported score is the raw score only when it exceeds a hold that is set
 * to every raw score and decays with half-life holdHalfLife; otherwise it is 0. One incident therefore yields one
 * alert (plus one more each time it gets markedly worse), whatever threshold a consumer applies.
 *
 * <p><b>No poisoning.</b> Everything the baseline learns is Huber-clipped at learnClip·σ, and a statistic's normal
 * extreme absorbs an alerting value only once per incident and only partly.
 *
 * <p><b>Drift.</b> When the shift (or variance) channel stays beyond its normal extreme on the same side for
 * driftConfirm observations, the regime has changed: the levels (or the scale) are re-based on the recent values,
 * alerts stop, and {@link SeriesDetector#drifts()} counts one drift event.
 */
public final class NoveltyDetector implements Detector {

    static final byte FORMAT_VERSION = 2;

    private static final double SIGMA_PER_MEAN_ABS = Math.sqrt(Math.PI / 2);
    private static final long DAY_MS = 86_400_000L;
    /** The weekly mean the seasonal profile is measured against: 7 days. */
    private static final double WEEK_MS = 7.0 * DAY_MS;
    /** Weekday offsets learn over about two days of exposure to that weekday. */
    private static final double WEEKDAY_MS = 2.0 * DAY_MS;
    /** Rate at which the seasonal-vs-plain prediction errors are compared. */
    private static final double MODEL_ERROR_ALPHA = 0.01;
    /** Re-baselinings closer together than this many driftConfirm spans are one drift event. */
    private static final int DRIFT_EVENT_GAP = 4;

    private static final int POINT = 0;
    private static final int SHIFT = 1;
    private static final int VARIANCE = 2;
    private static final int CHANNELS = 3;
    private static final String[] CHANNEL_NAMES = {"point", "shift", "variance"};

    private final NoveltyDetectorConfig config;
    private final double extremeDecay;
    private final double holdDecay;
    private final double shiftStandardError;
    private final double[] floors;
    private final double ratioPow;
    private final long slotMillis;

    public NoveltyDetector(NoveltyDetectorConfig config) {
        this.config = config;
        this.extremeDecay = StrictMath.pow(2.0, -1.0 / config.extremeHalfLife());
        this.holdDecay = StrictMath.pow(2.0, -1.0 / config.holdHalfLife());
        double a = config.fastMeanAlpha();
        this.shiftStandardError = Math.sqrt(a / (2 - a));
        this.floors = new double[] {config.pointFloor(), config.shiftFloor(), StrictMath.log(config.varianceFloor())};
        this.ratioPow = StrictMath.pow(config.noveltyRatio(), config.scoreSteepness());
        this.slotMillis = DAY_MS / config.seasonSlots();
    }

    public NoveltyDetectorConfig config() {
        return config;
    }

    @Override
    public SeriesDetector newSeries() {
        return new State(this);
    }

    @Override
    public SeriesDetector restore(byte[] snapshot) {
        return State.read(this, snapshot);
    }

    /** The score for a statistic at {@code ratio} times its normal extreme. */
    double scoreOf(double ratio) {
        if (!(ratio > 0)) {
            return 0;
        }
        double rp = ratio == 1 ? 1 : StrictMath.pow(ratio, config.scoreSteepness());
        if (Double.isInfinite(rp)) {
            return 1;
        }
        return rp / (rp + ratioPow);
    }

    static final class State implements SeriesDetector {
        private final NoveltyDetector d;
        private final NoveltyDetectorConfig cfg;

        private long n;
        private long firstT;
        private long lastT;
        private long drifts;
        private long lastDriftAt = Long.MIN_VALUE / 2;

        private double level;          // L: level of the deseasonalised series, the prediction's base
        private double plainLevel;     // L': level of the raw series (the non-seasonal prediction)
        private double baseline;       // B: slow baseline of the working series (shift channel)
        private double fastMean;       // F: short-run mean of the working series
        private double meanAbs;        // E|r|, long run
        private double meanAbsShort;   // E|r|, short run (variance channel)
        private double seasonalError;  // EWMA of clipped |x − (L + s)|: the seasonal model's scale
        private double plainError;     // EWMA of clipped |x − L'|: the plain model's scale
        private double seasonalMiss;   // EWMA of unclipped |x − (L + s)|: model selection
        private double plainMiss;      // EWMA of unclipped |x − L'|
        private double weeklyMean;     // M: what the daily profile and weekday offsets are measured against
        private boolean seasonal;      // is the profile in use
        private double hold;           // suppression hold of the reported score
        private int shiftRun;          // signed run of same-side shift-channel excursions
        private int varianceRun;       // signed run of same-side variance-channel excursions
        private byte incidentReason = -1;   // reason ordinal of the incident in progress, -1 none
        private final double[] extreme = new double[CHANNELS];
        private final float[] profile;
        private final byte[] profileVisits;
        private final float[] weekday = new float[7];
        private final float[] weekdayExposureDays = new float[7];

        State(NoveltyDetector d) {
            this.d = d;
            this.cfg = d.config;
            this.profile = new float[cfg.seasonSlots()];
            this.profileVisits = new byte[cfg.seasonSlots()];
        }

        @Override
        public long observations() {
            return n;
        }

        @Override
        public long drifts() {
            return drifts;
        }

        @Override
        public Verdict observe(long t, double x) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("cannot score a non-finite value (" + x + ") at " + t
                        + "; callers must drop NaN and infinite datapoints before observe()");
            }
            int slot = (int) (Math.floorMod(t, DAY_MS) / d.slotMillis);
            int dow = (int) Math.floorMod(Math.floorDiv(t, DAY_MS) + 3, 7L);   // 1970-01-01 was a Thursday
            if (n == 0) {
                firstT = t;
                lastT = t;
                level = x;
                plainLevel = x;
                baseline = x;
                fastMean = x;
                weeklyMean = x;
                learnSeasonal(slot, dow, x, 0);
                n = 1;
                return Verdict.insufficientData(t, x, n, cfg.warmup(), "learning the baseline");
            }
            double dt = Math.max(0, t - lastT);
            lastT = t;

            // ---- predict -------------------------------------------------------------------------------------
            double season = seasonalTerm(slot, dow, t);
            double seasonalPrediction = level + season;
            double prediction = seasonal ? seasonalPrediction : plainLevel;
            double working = seasonal ? x - season : x;        // the series the shift channel watches
            double r = x - prediction;
            double sigma = Math.max(SIGMA_PER_MEAN_ABS * meanAbs, scaleFloor());

            // ---- evidence ------------------------------------------------------------------------------------
            double fast = fastMean + cfg.fastMeanAlpha() * (working - fastMean);
            double shortAbs = meanAbsShort + cfg.shortScaleAlpha()
                    * (Math.min(Math.abs(r), 2 * cfg.learnClip() * sigma) - meanAbsShort);
            double eps = scaleFloor() / SIGMA_PER_MEAN_ABS;
            double[] f = {
                Math.abs(r) / sigma,
                Math.abs(fast - baseline) / (sigma * d.shiftStandardError),
                Math.abs(StrictMath.log((shortAbs + eps) / (meanAbs + eps)))
            };
            double[] ratio = new double[CHANNELS];
            int channel = POINT;
            double raw = 0;
            for (int k = 0; k < CHANNELS; k++) {
                ratio[k] = f[k] / Math.max(extreme[k], d.floors[k]);
                double s = d.scoreOf(ratio[k]);
                if (s > raw) {
                    raw = s;
                    channel = k;
                }
            }

            // ---- report (suppression) ------------------------------------------------------------------------
            // The hold is the decaying peak of the raw novelty ratio. Outside an incident a point is reported when
            // it is the most novel in the hold; inside one (hold beyond noveltyRatio) only when it is `escalation`
            // times worse than the incident's peak.
            boolean warm = n >= cfg.warmup();
            double decayedHold = hold * d.holdDecay;
            double peak = ratio[channel];
            double bar = decayedHold >= cfg.noveltyRatio() ? decayedHold * cfg.escalation() : decayedHold;
            boolean fresh = peak > bar;
            double reported = warm && fresh ? raw : 0.0;
            boolean alert = reported >= cfg.alertThreshold();
            boolean inIncident = !alert && warm && raw >= cfg.alertThreshold();
            // Capped, so that one enormous excursion does not mute the series for many half-lives.
            hold = Math.min(Math.max(decayedHold, peak), cfg.noveltyRatio() * cfg.escalation());

            double band = sigma * Math.max(extreme[POINT], d.floors[POINT]) * cfg.noveltyRatio();
            Verdict verdict;
            if (!warm) {
                verdict = Verdict.insufficientData(t, x, n, cfg.warmup(), "learning the baseline");
            } else if (alert) {
                Reason reason = reasonOf(channel, r, x, fast);
                incidentReason = (byte) reason.ordinal();
                verdict = Verdict.anomalous(t, x,
                        new Explanation(prediction, prediction - band, prediction + band, reported, reason,
                                detail(reason, channel, f[channel], ratio[channel], r, sigma, prediction,
                                        (shortAbs + eps) / (meanAbs + eps))),
                        severity(ratio[channel]));
            } else if (inIncident && incidentReason >= 0) {
                verdict = Verdict.normal(t, x, new Explanation(prediction, prediction - band, prediction + band,
                        reported, Reason.values()[incidentReason], "part of the incident already alerted"));
            } else {
                if (raw < cfg.alertThreshold()) {
                    incidentReason = -1;
                }
                verdict = Verdict.normal(t, x, new Explanation(prediction, prediction - band, prediction + band,
                        reported, Reason.WITHIN_BAND, "within the expected band"));
            }

            // ---- learn ---------------------------------------------------------------------------------------
            // Each model learns from its own residual, Huber-clipped at learnClip times its own scale, so that an
            // anomaly moves it by at most alpha·learnClip·σ per point.
            double clip = cfg.learnClip() * sigma;
            double seasonalR = x - seasonalPrediction;
            double plainR = x - plainLevel;
            double seasonalSigma = Math.max(SIGMA_PER_MEAN_ABS * seasonalError, scaleFloor());
            double plainSigma = Math.max(SIGMA_PER_MEAN_ABS * plainError, scaleFloor());
            double seasonalClean = seasonalPrediction + clamp(seasonalR, cfg.learnClip() * seasonalSigma);
            double plainClean = plainLevel + clamp(plainR, cfg.learnClip() * plainSigma);
            double clean = seasonal ? seasonalClean : plainClean;   // the observation as the working model sees it
            level += cfg.levelAlpha() * ((seasonalClean - season) - level);
            plainLevel += cfg.levelAlpha() * (plainClean - plainLevel);
            double workingClean = seasonal ? clean - season : clean;
            baseline += cfg.baselineAlpha() * (workingClean - baseline);
            fastMean = fast;
            double warmWeight = 1.0 / n;
            meanAbs += Math.max(warmWeight, cfg.scaleAlpha()) * (Math.min(Math.abs(r), clip) - meanAbs);
            meanAbsShort = n < 2 * cfg.warmup() ? meanAbs : shortAbs;
            double errorWeight = Math.max(warmWeight, MODEL_ERROR_ALPHA);
            seasonalError += errorWeight * (Math.min(Math.abs(seasonalR), cfg.learnClip() * seasonalSigma)
                    - seasonalError);
            plainError += errorWeight * (Math.min(Math.abs(plainR), cfg.learnClip() * plainSigma) - plainError);
            // Model selection compares unclipped errors: a daily step is exactly the rare large error that the
            // clipped scales ignore, and exactly what the profile is for.
            seasonalMiss += errorWeight * (Math.abs(seasonalR) - seasonalMiss);
            plainMiss += errorWeight * (Math.abs(plainR) - plainMiss);
            boolean wasSeasonal = seasonal;
            seasonal = season != 0 && (seasonal ? seasonalMiss < plainMiss
                    : seasonalMiss < cfg.seasonalGain() * plainMiss);
            if (seasonal != wasSeasonal) {
                // Keep the working series continuous across a switch of model.
                fastMean += seasonal ? -season : season;
                baseline += seasonal ? -season : season;
            }
            // On the first day the profile has nothing to judge against: it takes the values as they come.
            learnSeasonal(slot, dow, t - firstT < DAY_MS ? x : seasonalClean, dt);

            learnExtremes(f, ratio, warm, alert ? channel : -1, inIncident);
            detectDrift(f, ratio, fast - baseline, shortAbs - meanAbs);
            n++;
            return verdict;
        }

        /** A scale below which differences are rounding, not signal: a flat series must not alert on noise. */
        private double scaleFloor() {
            return 1e-9 + 1e-4 * Math.abs(weeklyMean);
        }

        private double seasonalTerm(int slot, int dow, long t) {
            if (t - firstT < DAY_MS || profileVisits[slot] == 0) {
                return 0;
            }
            double s = profile[slot];
            if (weekdayExposureDays[dow] >= 1) {
                s += weekday[dow];
            }
            return s;
        }

        /**
         * Additive seasonal model x = M + P[slot] + W[dow] + e. M is a weekly EWMA; a slot is a plain average over
         * its first visits, then an EWMA whose weight is seasonalAlpha per day of visits (so it means the same at
         * 1-minute and 5-minute resolution); W learns over about two days of exposure to its weekday.
         */
        private void learnSeasonal(int slot, int dow, double clean, double dt) {
            double weekWeight = Math.max(1.0 / (n + 1), dt / (WEEK_MS + dt));
            weeklyMean += weekWeight * (clean - weeklyMean);
            int visits = Byte.toUnsignedInt(profileVisits[slot]);
            double w = weekdayExposureDays[dow] >= 1 ? weekday[dow] : 0;
            double slotWeight = Math.max(1.0 / (visits + 1), cfg.seasonalAlpha() * dt / d.slotMillis);
            profile[slot] += (float) (Math.min(1, slotWeight) * ((clean - weeklyMean - w) - profile[slot]));
            if (visits < 255) {
                profileVisits[slot] = (byte) (visits + 1);
            }
            double dayWeight = dt / (WEEKDAY_MS + dt);
            weekday[dow] += (float) (dayWeight * ((clean - weeklyMean - profile[slot]) - weekday[dow]));
            weekdayExposureDays[dow] = (float) Math.min(255, weekdayExposureDays[dow] + dt / DAY_MS);
        }

        /**
         * Normal extremes: a decaying maximum of each statistic. While warming up everything is learned; after,
         * a value within the normal extreme is learned, a record that does not alert is absorbed partly, the
         * first point of an alert a little (so a repeating pattern stops alerting), and an incident in progress
         * freezes the extremes.
         */
        private void learnExtremes(double[] f, double[] ratio, boolean warm, int alertChannel, boolean inIncident) {
            if (n < cfg.warmup() / 4) {
                return;   // the first estimates of level and scale are too raw to say what is extreme
            }
            for (int k = 0; k < CHANNELS; k++) {
                if (inIncident) {
                    continue;
                }
                extreme[k] *= d.extremeDecay;
                double eff = Math.max(extreme[k], d.floors[k]);
                if (f[k] <= eff) {
                    extreme[k] = Math.max(extreme[k], f[k]);
                } else if (k == alertChannel) {
                    extreme[k] = Math.max(extreme[k], eff + cfg.absorbAlert() * (f[k] - eff));
                } else if (ratio[k] < cfg.noveltyRatio()) {
                    extreme[k] = Math.max(extreme[k], eff + cfg.absorbRecord() * (f[k] - eff));
                }
            }
        }

        /**
         * A shift (or scale change) beyond its normal extreme, on the same side for driftConfirm observations, is a
         * new regime: re-base on the recent values so that a legitimate step stops alerting.
         */
        private void detectDrift(double[] f, double[] ratio, double shiftSign, double varianceSign) {
            shiftRun = nextRun(shiftRun, ratio[SHIFT] >= 1, shiftSign);
            varianceRun = nextRun(varianceRun, ratio[VARIANCE] >= 1, varianceSign);
            boolean rebased = false;
            if (Math.abs(shiftRun) >= cfg.driftConfirm()) {
                double delta = fastMean - baseline;
                baseline = fastMean;
                level += delta;
                plainLevel += delta;
                shiftRun = 0;
                rebased = true;
            }
            if (Math.abs(varianceRun) >= 2 * cfg.driftConfirm()) {
                meanAbs = meanAbsShort;
                varianceRun = 0;
                rebased = true;
            }
            if (rebased) {
                if (n - lastDriftAt > (long) DRIFT_EVENT_GAP * cfg.driftConfirm()) {
                    drifts++;
                }
                lastDriftAt = n;
            }
        }

        private static double clamp(double v, double limit) {
            return Math.max(-limit, Math.min(limit, v));
        }

        private static int nextRun(int run, boolean beyond, double sign) {
            if (!beyond) {
                return 0;
            }
            return sign >= 0 ? Math.max(run, 0) + 1 : Math.min(run, 0) - 1;
        }

        private Reason reasonOf(int channel, double r, double x, double fast) {
            switch (channel) {
                case SHIFT -> {
                    // A mean that moved while no single point jumped is a slope change, not a step.
                    return Math.abs(r) < 2 * SIGMA_PER_MEAN_ABS * meanAbs ? Reason.TREND_BREAK : Reason.LEVEL_SHIFT;
                }
                case VARIANCE -> {
                    return Reason.VARIANCE_CHANGE;
                }
                default -> {
                    if (seasonal) {
                        // Unremarkable against the series' overall level, remarkable for this time of day.
                        double plainSigma = SIGMA_PER_MEAN_ABS * plainError;
                        if (Math.abs(x - plainLevel) < cfg.pointFloor() * plainSigma) {
                            return Reason.SEASONAL_DEVIATION;
                        }
                    }
                    return r >= 0 ? Reason.SPIKE : Reason.DIP;
                }
            }
        }

        private String detail(Reason reason, int channel, double f, double ratio, double r, double sigma,
                              double expected, double noiseFactor) {
            String what = switch (reason) {
                case SPIKE, DIP, SEASONAL_DEVIATION -> String.format(Locale.ROOT, "%.1fσ %s the expected %.4g%s",
                        Math.abs(r) / sigma, r >= 0 ? "above" : "below", expected,
                        reason == Reason.SEASONAL_DEVIATION ? " for this time of day" : "");
                case LEVEL_SHIFT -> String.format(Locale.ROOT,
                        "level shift: the recent mean moved %.1f standard errors from the baseline", f);
                case TREND_BREAK -> String.format(Locale.ROOT,
                        "trend break: the recent mean drifted %.1f standard errors away without a jump", f);
                case VARIANCE_CHANGE -> String.format(Locale.ROOT,
                        "variance change: the recent noise is %.2f× the usual", noiseFactor);
                default -> "anomalous";
            };
            return String.format(Locale.ROOT, "%s (%s statistic at %.2f× its normal extreme)", what,
                    CHANNEL_NAMES[channel], ratio);
        }

        private static Severity severity(double ratio) {
            return ratio >= 4 ? Severity.CRITICAL : ratio >= 2.5 ? Severity.HIGH
                    : ratio >= 1.6 ? Severity.MEDIUM : Severity.LOW;
        }

        // ---- state ---------------------------------------------------------------------------------------------

        @Override
        public byte[] snapshot() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT_VERSION);
                out.writeShort(profile.length);
                out.writeLong(n);
                out.writeLong(firstT);
                out.writeLong(lastT);
                out.writeLong(drifts);
                out.writeLong(lastDriftAt);
                for (double v : new double[] {level, plainLevel, baseline, fastMean, meanAbs, meanAbsShort,
                        seasonalError, plainError, seasonalMiss, plainMiss, weeklyMean, hold}) {
                    out.writeDouble(v);
                }
                for (double v : extreme) {
                    out.writeDouble(v);
                }
                out.writeBoolean(seasonal);
                out.writeInt(shiftRun);
                out.writeInt(varianceRun);
                out.writeByte(incidentReason);
                for (float v : profile) {
                    out.writeFloat(v);
                }
                out.write(profileVisits);
                for (int i = 0; i < 7; i++) {
                    out.writeFloat(weekday[i]);
                    out.writeFloat(weekdayExposureDays[i]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static State read(NoveltyDetector d, byte[] snapshot) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
                byte v = in.readByte();
                if (v != FORMAT_VERSION) {
                    throw new IllegalArgumentException("unknown detector state version " + v
                            + " (this detector writes version " + FORMAT_VERSION + ")");
                }
                int slots = in.readUnsignedShort();
                if (slots != d.config.seasonSlots()) {
                    throw new IllegalArgumentException("detector state has " + slots
                            + " seasonal slots, the configuration " + d.config.seasonSlots());
                }
                State s = new State(d);
                s.n = in.readLong();
                s.firstT = in.readLong();
                s.lastT = in.readLong();
                s.drifts = in.readLong();
                s.lastDriftAt = in.readLong();
                s.level = in.readDouble();
                s.plainLevel = in.readDouble();
                s.baseline = in.readDouble();
                s.fastMean = in.readDouble();
                s.meanAbs = in.readDouble();
                s.meanAbsShort = in.readDouble();
                s.seasonalError = in.readDouble();
                s.plainError = in.readDouble();
                s.seasonalMiss = in.readDouble();
                s.plainMiss = in.readDouble();
                s.weeklyMean = in.readDouble();
                s.hold = in.readDouble();
                for (int k = 0; k < CHANNELS; k++) {
                    s.extreme[k] = in.readDouble();
                }
                s.seasonal = in.readBoolean();
                s.shiftRun = in.readInt();
                s.varianceRun = in.readInt();
                s.incidentReason = in.readByte();
                for (int i = 0; i < slots; i++) {
                    s.profile[i] = in.readFloat();
                }
                in.readFully(s.profileVisits);
                for (int i = 0; i < 7; i++) {
                    s.weekday[i] = in.readFloat();
                    s.weekdayExposureDays[i] = in.readFloat();
                }
                if (in.available() != 0) {
                    throw new IllegalArgumentException("detector state has trailing bytes");
                }
                if (s.n < 0 || s.incidentReason < -1 || s.incidentReason >= Reason.values().length) {
                    throw new IllegalArgumentException("corrupt detector state");
                }
                return s;
            } catch (IOException e) {
                throw new IllegalArgumentException("corrupt detector state: " + e.getMessage(), e);
            }
        }
    }
}
