package dev.vigil.core.detect;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Detector v3: four self-calibrating evidence channels over a seasonal, robust baseline, with incident
 * suppression and drift re-baselining. The maths, every knob and the measured numbers are in
 * {@code docs/detector.md}; in short:
 *
 * <pre>
 *   seasonal     s(t)  = (A[slot] − mean A) + (D[dow] − mean D)   time-of-day means A, weekday residual means D
 *   prediction   x̂(t)  = L + s(t)  (or L' without s(t) when the profile does not beat it)
 *   residual     r     = x − x̂,   σ = √(π/2)·E|r|           (EWMA of Huber-clipped |r|)
 *
 *   channel      statistic f                                  reason
 *   point        |r| / σ                                      spike, dip, seasonal deviation
 *   shift        |F − B| / (σ·√(α_F/(2−α_F)))                 level shift, trend break
 *                 F = fast EWMA of the deseasonalised value clipped at shiftClip·σ from the prediction (a burst
 *                 moves it, one spike hardly), B = slow baseline; the denominator is the standard error of F under
 *                 unchanged noise, so f is an EWMA control chart
 *   variance     |ln(σ_short / σ)|                            variance change
 *   range        max(x − H, L − x) / (H − L)                  spike, dip (beyond anything seen recently)
 *                 H, L = the highest and lowest values seen, shrinking towards their midpoint (rangeHalfLifeDays);
 *                 its "normal extreme" is rangeTolerance·(H − L), at least σ, instead of a learned one
 *
 *   novelty      R = f / max(E, floor)    E = the statistic's "normal extreme": a decaying maximum of the values
 *                                         it took while nothing was alerting (half-life extremeHalfLifeDays)
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
 * alerts stop, and {@link SeriesDetector#drifts()} counts one drift event. The point-channel excursion the step
 * opened is dropped, not learned: a step is not evidence that jumps of its size are normal.
 */
public final class NoveltyDetector implements Detector {

    static final byte FORMAT_VERSION = 4;

    private static final double SIGMA_PER_MEAN_ABS = Math.sqrt(Math.PI / 2);
    private static final long DAY_MS = 86_400_000L;
    /** Weekday offsets learn over about two days of exposure to that weekday. */
    private static final double WEEKDAY_MS = 2.0 * DAY_MS;
    /** Slope smoothing of the Holt model, and how much better than the level model it must predict. */
    private static final double TREND_BETA = 0.15;
    private static final double TREND_WIN = 0.8;
    /** Rate at which the seasonal-vs-plain prediction errors are compared. */
    private static final double MODEL_ERROR_ALPHA = 0.01;
    /** Re-baselinings closer together than this many driftConfirm spans are one drift event. */
    private static final int DRIFT_EVENT_GAP = 4;

    private static final int POINT = 0;
    private static final int SHIFT = 1;
    private static final int VARIANCE = 2;
    private static final int RANGE = 3;
    /** The channels judged against a learned normal extreme (point, shift, variance); range has its own rule. */
    private static final int LEARNED = 3;
    private static final int CHANNELS = 4;
    private static final String[] CHANNEL_NAMES = {"point", "shift", "variance", "range"};
    /** A new high or low must also clear the noise: beyond the range by at least this many σ. */
    private static final double RANGE_MIN_SIGMAS = 1.0;
    /**
     * Before a series has been seen for a whole day (one cycle of its daily seasonality) nothing it does is known to
     * be unusual for its time of day: only a value this share of the range seen so far beyond that range (and beyond
     * the point floor) is reported; everything else is a "learning" verdict.
     */
    private static final double LEARNING_EXTREME = 0.5;

    private final NoveltyDetectorConfig config;
    private final double extremeHalfLifeMs;
    private final double rangeHalfLifeMs;
    private final double holdDecay;
    private final double referenceMs;
    private final double shiftStandardError;
    private final double[] floors;
    private final double ratioPow;
    private final boolean steepnessFour;
    private final long slotMillis;

    public NoveltyDetector(NoveltyDetectorConfig config) {
        this.config = config;
        this.extremeHalfLifeMs = config.extremeHalfLifeDays() * DAY_MS;
        this.rangeHalfLifeMs = config.rangeHalfLifeDays() * DAY_MS;
        this.holdDecay = StrictMath.pow(2.0, -1.0 / config.holdHalfLife());
        this.referenceMs = config.referenceCadenceMinutes() * 60_000.0;
        double a = config.fastMeanAlpha();
        this.shiftStandardError = Math.sqrt(a / (2 - a));
        this.floors = new double[] {config.pointFloor(), config.shiftFloor(), StrictMath.log(config.varianceFloor())};
        this.ratioPow = StrictMath.pow(config.noveltyRatio(), config.scoreSteepness());
        // The default steepness: two multiplications instead of a pow, four times per point.
        this.steepnessFour = config.scoreSteepness() == 4.0;
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
        double rp = ratio == 1 ? 1 : steepnessFour ? (ratio * ratio) * (ratio * ratio)
                : StrictMath.pow(ratio, config.scoreSteepness());
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
        private double steps;          // reference steps seen: Σ min(1, Δt / referenceCadence), the clock of warm-up

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
        private double trendLevel;     // Holt's linear model of the working series: level …
        private double trendSlope;     // … and slope per observation
        private double trendMiss;      // short-run E|x − Holt prediction|
        private double levelMiss;      // short-run E|x − level prediction| (same horizon, for the comparison)
        private double slotSum;        // Σ A[slot] over visited slots, kept incrementally (stored: rounding)
        private int visitedSlots;      // slots with at least one visit (derived from profileVisits)
        private boolean seasonal;      // is the profile in use
        private double hold;           // suppression hold of the reported score
        private float shiftRun;        // signed run (in reference steps) of same-side shift-channel excursions
        private float varianceRun;     // signed run (in reference steps) of same-side variance-channel excursions
        private byte incidentReason = -1;   // reason ordinal of the incident in progress, -1 none
        private double rangeHigh;      // the range the series has taken: decaying maximum …
        private double rangeLow;       // … and minimum (both shrink towards their midpoint)
        private double shiftAbs;       // long-run E|F − B| in normal operation: the shift's own observed scale
        private final double[] extreme = new double[LEARNED];
        private final double[] excursionPeak = new double[LEARNED];    // peak of the excursion beyond extreme
        // Half-life decays for the last elapsed time seen: consecutive datapoints are almost always equally spaced,
        // so the power is computed once per spacing rather than once per point (not stored; recomputed on demand).
        private double decayDt = -1;
        private double extremeDecay;
        private double rangeDecay;
        // Per-point rates for the last spacing: the knobs' rates are per reference step (referenceCadenceMinutes);
        // a finer series takes proportionally smaller steps, so that its windows mean the same time.
        private double u = 1;
        private double aLevel;
        private double aBaseline;
        private double aFast;
        private double aScale;
        private double aShort;
        private double aModelError;
        private double aTrend;
        private double holdDecay;
        private double shiftStandardError;
        private int excursionAlerted;                                   // bit k: channel k's excursion alerted
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
                trendLevel = x;
                rangeHigh = x;
                rangeLow = x;
                learnSeasonal(slot, dow, x, 0);
                n = 1;
                steps = 1;
                return Verdict.insufficientData(t, x, n, cfg.warmup(), "learning the baseline");
            }
            double dt = Math.max(0, t - lastT);
            lastT = t;
            decaysFor(dt);

            // ---- predict -------------------------------------------------------------------------------------
            double season = seasonalTerm(slot, dow, t);
            double seasonalPrediction = level + season;
            double prediction = seasonal ? seasonalPrediction : plainLevel;
            double working = seasonal ? x - season : x;        // the series the shift channel watches
            double r = x - prediction;
            double sigma = Math.max(SIGMA_PER_MEAN_ABS * meanAbs, scaleFloor());

            // ---- evidence ------------------------------------------------------------------------------------
            // The short-run mean learns Huber-clipped values: one spike is the point channel's business, a shift is
            // many points away from the baseline.
            double shiftLimit = cfg.shiftClip() * sigma;
            double shiftInput = Math.abs(r) <= shiftLimit ? working : working - r + clamp(r, shiftLimit);
            double fast = fastMean + aFast * (shiftInput - fastMean);
            double shortAbs = meanAbsShort + aShort
                    * (Math.min(Math.abs(r), 2 * cfg.learnClip() * sigma) - meanAbsShort);
            double eps = scaleFloor() / SIGMA_PER_MEAN_ABS;
            double span = rangeHigh - rangeLow;
            double beyond = Math.max(x - rangeHigh, rangeLow - x);   // > 0: outside the range seen so far
            double[] f = {
                Math.abs(r) / sigma,
                Math.abs(fast - baseline) / Math.max(sigma * shiftStandardError,
                        cfg.shiftScaleFactor() * SIGMA_PER_MEAN_ABS * shiftAbs),
                Math.abs(StrictMath.log((shortAbs + eps) / (meanAbs + eps))),
                span > 0 ? Math.max(beyond, 0) / span : 0
            };
            double[] ratio = new double[CHANNELS];
            for (int k = 0; k < LEARNED; k++) {
                ratio[k] = f[k] / Math.max(extreme[k], d.floors[k]);
            }
            // Range: judged once it has seen a whole day (a range learned over part of a day is not the series'
            // range). Its "normal extreme" is rangeTolerance of the range (at least one σ): like the others, it
            // alerts at noveltyRatio times that.
            boolean rangeArmed = t - firstT >= DAY_MS && span > 0;
            ratio[RANGE] = rangeArmed && beyond > 0
                    ? beyond / Math.max(cfg.rangeTolerance() * span, RANGE_MIN_SIGMAS * sigma)
                    : 0;
            int channel = POINT;
            double raw = 0;
            for (int k = 0; k < CHANNELS; k++) {
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
            boolean warm = steps >= cfg.warmup();
            double decayedHold = hold * holdDecay;
            double peak = ratio[channel];
            boolean incidentActive = incidentReason >= 0;
            double bar = incidentActive || decayedHold >= cfg.noveltyRatio()
                    ? decayedHold * cfg.escalation() : decayedHold;
            boolean fresh = peak > bar;
            double reported = warm && fresh ? raw : 0.0;
            boolean alert = reported >= cfg.alertThreshold();
            boolean inIncident = !alert && warm && raw >= cfg.alertThreshold();
            if (warm && raw >= cfg.alertThreshold()) {
                hold = Math.max(hold, peak);    // an incident in progress: its peak holds, undecayed
            } else {
                // Capped once the incident is over, so that one enormous excursion does not mute the series for
                // many half-lives afterwards.
                hold = Math.min(Math.max(decayedHold, peak), cfg.noveltyRatio() * cfg.escalation());
            }

            double band = sigma * Math.max(extreme[POINT], d.floors[POINT]) * cfg.noveltyRatio();
            Verdict verdict;
            // Learning: the first day (one daily cycle), and a first weekend (Saturday and Sunday, UTC, before
            // that weekday has been seen for a whole day): most CloudWatch load keeps a work week, and a first
            // weekend's lower level is the series' weekly cycle, not an incident. While learning (and in the second
            // half of the warm-up) only a value far beyond everything seen is reported.
            boolean learning = t - firstT < DAY_MS || (dow >= 5 && weekdayExposureDays[dow] < 1);
            boolean extremeNow = span > 0 && beyond > LEARNING_EXTREME * span
                    && Math.abs(r) > cfg.pointFloor() * cfg.noveltyRatio() * sigma
                    && steps >= cfg.warmup() / 4.0;
            if ((!warm || learning) && extremeNow) {
                Reason reason = x > rangeHigh ? Reason.SPIKE : Reason.DIP;
                verdict = Verdict.anomalous(t, x, new Explanation(prediction, prediction - band, prediction + band,
                        Math.max(Math.max(reported, raw), cfg.alertThreshold()), reason, String.format(Locale.ROOT,
                        "%.4g is %s everything seen so far (%.4g to %.4g) by %.0f%% of that range, while the series is still learning its cycle",
                        x, reason == Reason.SPIKE ? "above" : "below", rangeLow, rangeHigh, 100 * beyond / span)),
                        Severity.CRITICAL);
            } else if (!warm) {
                verdict = Verdict.insufficientData(t, x, (long) steps, cfg.warmup(), "learning the baseline");
            } else if (learning) {
                // The state learns as usual (what would have alerted is absorbed as this series' normal); only the
                // verdict says the series is still learning its cycle.
                verdict = Verdict.insufficientData(t, x, (long) steps, cfg.warmup(), t - firstT < DAY_MS
                        ? "learning: not yet a whole day of history; only values far beyond everything seen are reported"
                        : "learning: the first weekend; only values far beyond everything seen are reported");
            } else if (alert) {
                Reason reason = reasonOf(channel, r, x, sigma);
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
            learnTrend(working, r);
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
            level += aLevel * ((seasonalClean - season) - level);
            plainLevel += aLevel * (plainClean - plainLevel);
            double workingClean = seasonal ? clean - season : clean;
            // While warming up the baseline is the plain mean of what was seen (as the scales are), so that a slow
            // baseline does not carry its first value's noise for hours into the shift statistic.
            baseline += Math.max(1.0 / n, aBaseline) * (workingClean - baseline);
            fastMean = fast;
            double warmWeight = 1.0 / n;
            meanAbs += Math.max(warmWeight, aScale) * (Math.min(Math.abs(r), clip) - meanAbs);
            meanAbsShort = steps < 2 * cfg.warmup() ? meanAbs : shortAbs;
            double errorWeight = Math.max(warmWeight, aModelError);
            seasonalError += errorWeight * (Math.min(Math.abs(seasonalR), cfg.learnClip() * seasonalSigma)
                    - seasonalError);
            plainError += errorWeight * (Math.min(Math.abs(plainR), cfg.learnClip() * plainSigma) - plainError);
            // Model selection compares unclipped errors: a daily step is exactly the rare large error that the
            // clipped scales ignore, and exactly what the profile is for.
            // Over a day, not a few points: the plain model is only wrong around the day's transitions.
            double missWeight = Math.max(warmWeight, dt / (DAY_MS + dt));
            seasonalMiss += missWeight * (Math.abs(seasonalR) - seasonalMiss);
            plainMiss += missWeight * (Math.abs(plainR) - plainMiss);
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

            learnExtremes(f, warm, alert ? channel : -1, inIncident, dt);
            if (!inIncident && steps >= cfg.warmup() / 4.0 && ratio[SHIFT] < 1) {
                double dev = Math.abs(fast - baseline);
                double w = Math.max(warmWeight, dt / (cfg.shiftScaleDays() * DAY_MS + dt));
                shiftAbs += w * (Math.min(dev, 3 * SIGMA_PER_MEAN_ABS * shiftAbs + sigma * shiftStandardError)
                        - shiftAbs);
            }
            learnRange(x);
            detectDrift(f, ratio, fast - baseline, shortAbs - meanAbs);
            n++;
            steps += u;
            return verdict;
        }

        /**
         * Holt's linear (level + slope) model of the working series, used to tell a trend break from a level shift:
         * after a step the level model's error decays while Holt overshoots; along a new slope the level model
         * lags by slope·(1−α)/α at every point while Holt follows. The short-run errors of the two decide.
         */
        private void learnTrend(double working, double r) {
            double predicted = trendLevel + trendSlope;
            double err = working - predicted;
            double newLevel = predicted + aLevel * err;
            trendSlope += aTrend * (newLevel - trendLevel - trendSlope);
            trendLevel = newLevel;
            double w = aFast;
            trendMiss += w * (Math.abs(err) - trendMiss);
            levelMiss += w * (Math.abs(r) - levelMiss);
        }

        /** A scale below which differences are rounding, not signal: a flat series must not alert on noise. */
        private double scaleFloor() {
            return 1e-9 + 1e-4 * Math.abs(plainLevel);
        }

        private double seasonalTerm(int slot, int dow, long t) {
            if (t - firstT < DAY_MS || profileVisits[slot] == 0) {
                return 0;
            }
            return profile[slot] - slotSum / visitedSlots + weekdayOffset(dow);
        }

        /** D[dow] − mean D over the weekdays seen for at least a day; 0 until this weekday has been. */
        private double weekdayOffset(int dow) {
            if (weekdayExposureDays[dow] < 1) {
                return 0;
            }
            double sum = 0;
            int seen = 0;
            for (int i = 0; i < 7; i++) {
                if (weekdayExposureDays[i] >= 1) {
                    sum += weekday[i];
                    seen++;
                }
            }
            return weekday[dow] - sum / seen;
        }

        /**
         * Additive seasonal model x = L + (A[slot] − Ā) + (D[dow] − D̄) + e. A[slot] is the mean value in a
         * time-of-day slot: a plain average over its first visits, then an EWMA whose weight is seasonalAlpha per
         * day of visits (so it means the same at 1-minute and 5-minute resolution). D[dow] is the mean of x − A[slot]
         * on that weekday, learned over about two days of exposure. Offsets are taken from the means at query time,
         * so the profile needs no reference level and cannot be biased by how the level moved while it was learned.
         */
        private void learnSeasonal(int slot, int dow, double clean, double dt) {
            int visits = Byte.toUnsignedInt(profileVisits[slot]);
            double slotWeight = visits == 0 ? 1 : Math.min(1, Math.max(1.0 / (visits + 1),
                    cfg.seasonalAlpha() * dt / d.slotMillis));
            float before = profile[slot];
            profile[slot] = (float) (before + slotWeight * ((clean - weekdayOffset(dow)) - before));
            slotSum += (double) profile[slot] - before;
            if (visits == 0) {
                visitedSlots++;
            }
            if (visits < 255) {
                profileVisits[slot] = (byte) (visits + 1);
            }
            double dayWeight = dt / (WEEKDAY_MS + dt);
            weekday[dow] += (float) (dayWeight * ((clean - profile[slot]) - weekday[dow]));
            weekdayExposureDays[dow] = (float) Math.min(255, weekdayExposureDays[dow] + dt / DAY_MS);
        }

        /** Decay factors for an elapsed time of {@code dt} ms (cached: the spacing rarely changes). */
        private void decaysFor(double dt) {
            if (dt != decayDt) {
                decayDt = dt;
                extremeDecay = dt == 0 ? 1 : StrictMath.pow(2.0, -dt / d.extremeHalfLifeMs);
                rangeDecay = dt == 0 ? 1 : StrictMath.pow(2.0, -dt / d.rangeHalfLifeMs);
                // A rate α per reference step is 1 − (1 − α)^u per point of u reference steps. Coarser series
                // (u capped at 1) keep the per-point rates: an average must still span enough points to be one.
                u = d.referenceMs <= 0 ? 1 : Math.min(1.0, dt / d.referenceMs);
                aLevel = rate(cfg.levelAlpha(), u);
                aBaseline = rate(cfg.baselineAlpha(), u);
                aFast = rate(cfg.fastMeanAlpha(), u);
                aScale = rate(cfg.scaleAlpha(), u);
                aShort = rate(cfg.shortScaleAlpha(), u);
                aModelError = rate(MODEL_ERROR_ALPHA, u);
                aTrend = rate(TREND_BETA, u);
                holdDecay = u == 1 ? d.holdDecay : StrictMath.pow(d.holdDecay, u);
                shiftStandardError = u == 1 ? d.shiftStandardError : Math.sqrt(aFast / (2 - aFast));
            }
        }

        private static double rate(double alpha, double u) {
            return u == 1 ? alpha : -StrictMath.expm1(u * StrictMath.log1p(-alpha));
        }

        /**
         * The range the series has taken: a maximum and minimum that shrink towards their midpoint with half-life
         * rangeHalfLifeDays, so that a high reached months ago does not mute today's news for ever. Every value is
         * learned, anomalous or not: a value seen once is not new any more.
         */
        private void learnRange(double x) {
            double mid = 0.5 * (rangeHigh + rangeLow);
            rangeHigh = Math.max(mid + (rangeHigh - mid) * rangeDecay, x);
            rangeLow = Math.min(mid - (mid - rangeLow) * rangeDecay, x);
        }

        /**
         * Normal extremes: a decaying maximum of each statistic. During warm-up everything is learned. After it, a
         * value within the normal extreme is learned as is; a value beyond it starts an excursion, and only when
         * the excursion ends is its peak absorbed: by absorbAlert if it alerted, by absorbRecord if not. Absorbing
         * at the end rather than point by point matters for the smooth statistics (shift, variance): a growing
         * excursion would otherwise be absorbed as it grows and never look novel. An incident in progress freezes
         * the extremes.
         */
        private void learnExtremes(double[] f, boolean warm, int alertChannel, boolean inIncident, double dt) {
            if (steps < cfg.warmup() / 4.0) {
                return;   // the first estimates of level and scale are too raw to say what is extreme
            }
            // Decay by elapsed time, so that "normal in the last week" means the same at any resolution.
            double decay = extremeDecay;
            for (int k = 0; k < LEARNED; k++) {
                // A new high or low is also the point channel's excursion.
                if (k == alertChannel || (k == POINT && alertChannel == RANGE)) {
                    excursionAlerted |= 1 << k;
                }
                if (inIncident) {
                    continue;
                }
                extreme[k] *= decay;
                double eff = Math.max(extreme[k], d.floors[k]);
                if (!warm) {
                    extreme[k] = Math.max(extreme[k], f[k]);
                } else if (f[k] > eff) {
                    excursionPeak[k] = Math.max(excursionPeak[k], f[k]);
                } else {
                    if (excursionPeak[k] > eff) {
                        double share = (excursionAlerted & (1 << k)) != 0 ? cfg.absorbAlert() : cfg.absorbRecord();
                        extreme[k] = Math.max(extreme[k], eff + share * (excursionPeak[k] - eff));
                    }
                    excursionPeak[k] = 0;
                    excursionAlerted &= ~(1 << k);
                    extreme[k] = Math.max(extreme[k], f[k]);
                }
            }
        }

        /**
         * A shift (or scale change) beyond its normal extreme, on the same side for driftConfirm observations, is a
         * new regime: re-base on the recent values so that a legitimate step stops alerting.
         */
        private void detectDrift(double[] f, double[] ratio, double shiftSign, double varianceSign) {
            shiftRun = (float) nextRun(shiftRun, ratio[SHIFT] >= 1, shiftSign, u);
            varianceRun = (float) nextRun(varianceRun, ratio[VARIANCE] >= 1, varianceSign, u);
            boolean rebased = false;
            if (Math.abs(shiftRun) >= cfg.driftConfirm()) {
                double delta = fastMean - baseline;
                baseline = fastMean;
                // Only the working model re-bases: the shift is measured in its space (the other model's level
                // follows its own data, and must not inherit, say, a daily step it already predicts).
                if (seasonal) {
                    level += delta;
                } else {
                    plainLevel += delta;
                }
                // The point excursion still open is the step's own onset (the first points of a new level are far
                // from the old prediction): a step, explained by this re-basing, not a spike. Absorbed, it would
                // teach the point channel that jumps of the step's size are normal, in units of the old regime's
                // σ, and mute spikes of the new regime for days (about a week with the defaults). So it is dropped
                // instead; a spike is still learned from its own excursion.
                excursionPeak[POINT] = 0;
                excursionAlerted &= ~(1 << POINT);
                shiftRun = 0;
                rebased = true;
            }
            if (Math.abs(varianceRun) >= 2 * cfg.driftConfirm()) {
                meanAbs = meanAbsShort;
                varianceRun = 0;
                rebased = true;
            }
            if (rebased) {
                if (steps - lastDriftAt > (double) DRIFT_EVENT_GAP * cfg.driftConfirm()) {
                    drifts++;
                }
                lastDriftAt = (long) steps;
            }
        }

        private static double clamp(double v, double limit) {
            return Math.max(-limit, Math.min(limit, v));
        }

        private static double nextRun(double run, boolean beyond, double sign, double step) {
            if (!beyond) {
                return 0;
            }
            return sign >= 0 ? Math.max(run, 0) + step : Math.min(run, 0) - step;
        }

        private Reason reasonOf(int channel, double r, double x, double sigma) {
            switch (channel) {
                case SHIFT -> {
                    if (Math.abs(r) >= cfg.shiftClip() * sigma) {
                        // The mean moved because this very point is far out (a burst of spikes): a spike, not a step.
                        return r >= 0 ? Reason.SPIKE : Reason.DIP;
                    }
                    // A mean that moved while no single point jumped is a slope change, not a step.
                    return trendMiss < TREND_WIN * levelMiss ? Reason.TREND_BREAK : Reason.LEVEL_SHIFT;
                }
                case VARIANCE -> {
                    return Reason.VARIANCE_CHANGE;
                }
                case RANGE -> {
                    return x > rangeHigh ? Reason.SPIKE : Reason.DIP;
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
            String what = channel == RANGE ? String.format(Locale.ROOT,
                    "%.4g is %s anything seen recently (%.4g to %.4g) by %.0f%% of that range", r + expected,
                    reason == Reason.SPIKE ? "above" : "below", rangeLow, rangeHigh, 100 * f)
                    : channel == SHIFT && (reason == Reason.SPIKE || reason == Reason.DIP) ? String.format(Locale.ROOT,
                    "%.1fσ %s the expected %.4g, in a burst that moved the recent mean %.1f standard errors",
                    Math.abs(r) / sigma, r >= 0 ? "above" : "below", expected, f)
                    : switch (reason) {
                case SPIKE, DIP, SEASONAL_DEVIATION -> String.format(Locale.ROOT, "%.1fσ %s the expected %.4g%s",
                        Math.abs(r) / sigma, r >= 0 ? "above" : "below", expected,
                        reason == Reason.SEASONAL_DEVIATION ? " for this time of day" : "");
                case LEVEL_SHIFT -> String.format(Locale.ROOT,
                        "level shift: the recent mean moved %.1f standard errors from the baseline", f);
                case TREND_BREAK -> String.format(Locale.ROOT,
                        "trend break: the series left its level along a new slope (%.3g per point); the recent mean is %.1f standard errors away", trendSlope, f);
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

        /** Bytes of a snapshot: fixed fields, then the seasonal profile (4 + 1 bytes a slot), then the weekdays. */
        private int snapshotSize() {
            return 1 + 2 + 5 * 8 + 20 * 8 + LEARNED * 16 + 1 + 1 + 4 + 4 + 1 + profile.length * 5 + 7 * 8;
        }

        @Override
        public byte[] snapshot() {
            // A ByteBuffer, not Data*Stream: restore/snapshot run once per series per invocation, on the hot path.
            ByteBuffer out = ByteBuffer.allocate(snapshotSize());
            out.put(FORMAT_VERSION);
            out.putShort((short) profile.length);
            out.putLong(n);
            out.putLong(firstT);
            out.putLong(lastT);
            out.putLong(drifts);
            out.putLong(lastDriftAt);
            out.putDouble(level).putDouble(plainLevel).putDouble(baseline).putDouble(fastMean).putDouble(meanAbs)
                    .putDouble(meanAbsShort).putDouble(seasonalError).putDouble(plainError).putDouble(seasonalMiss)
                    .putDouble(plainMiss).putDouble(slotSum).putDouble(hold).putDouble(trendLevel)
                    .putDouble(trendSlope).putDouble(trendMiss).putDouble(levelMiss);
            out.putDouble(rangeHigh);
            out.putDouble(rangeLow);
            out.putDouble(shiftAbs);
            out.putDouble(steps);
            for (int k = 0; k < LEARNED; k++) {
                out.putDouble(extreme[k]);
                out.putDouble(excursionPeak[k]);
            }
            out.put((byte) excursionAlerted);
            out.put((byte) (seasonal ? 1 : 0));
            out.putFloat(shiftRun);
            out.putFloat(varianceRun);
            out.put(incidentReason);
            for (float v : profile) {
                out.putFloat(v);
            }
            out.put(profileVisits);
            for (int i = 0; i < 7; i++) {
                out.putFloat(weekday[i]);
                out.putFloat(weekdayExposureDays[i]);
            }
            if (out.hasRemaining()) {
                throw new IllegalStateException("snapshot size mismatch: " + out.remaining() + " bytes unused");
            }
            return out.array();
        }

        static State read(NoveltyDetector d, byte[] snapshot) {
            try {
                ByteBuffer in = ByteBuffer.wrap(snapshot);
                byte v = in.get();
                if (v != FORMAT_VERSION) {
                    throw new IllegalArgumentException("unknown detector state version " + v
                            + " (this detector writes version " + FORMAT_VERSION + ")");
                }
                int slots = (in.getShort() & 0xFFFF);
                if (slots != d.config.seasonSlots()) {
                    throw new IllegalArgumentException("detector state has " + slots
                            + " seasonal slots, the configuration " + d.config.seasonSlots());
                }
                State s = new State(d);
                s.n = in.getLong();
                s.firstT = in.getLong();
                s.lastT = in.getLong();
                s.drifts = in.getLong();
                s.lastDriftAt = in.getLong();
                s.level = in.getDouble();
                s.plainLevel = in.getDouble();
                s.baseline = in.getDouble();
                s.fastMean = in.getDouble();
                s.meanAbs = in.getDouble();
                s.meanAbsShort = in.getDouble();
                s.seasonalError = in.getDouble();
                s.plainError = in.getDouble();
                s.seasonalMiss = in.getDouble();
                s.plainMiss = in.getDouble();
                s.slotSum = in.getDouble();
                s.hold = in.getDouble();
                s.trendLevel = in.getDouble();
                s.trendSlope = in.getDouble();
                s.trendMiss = in.getDouble();
                s.levelMiss = in.getDouble();
                s.rangeHigh = in.getDouble();
                s.rangeLow = in.getDouble();
                s.shiftAbs = in.getDouble();
                s.steps = in.getDouble();
                for (int k = 0; k < LEARNED; k++) {
                    s.extreme[k] = in.getDouble();
                    s.excursionPeak[k] = in.getDouble();
                }
                s.excursionAlerted = (in.get() & 0xFF);
                s.seasonal = (in.get() != 0);
                s.shiftRun = in.getFloat();
                s.varianceRun = in.getFloat();
                s.incidentReason = in.get();
                for (int i = 0; i < slots; i++) {
                    s.profile[i] = in.getFloat();
                }
                in.get(s.profileVisits);
                for (byte b : s.profileVisits) {
                    s.visitedSlots += b != 0 ? 1 : 0;
                }
                for (int i = 0; i < 7; i++) {
                    s.weekday[i] = in.getFloat();
                    s.weekdayExposureDays[i] = in.getFloat();
                }
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException("detector state has trailing bytes");
                }
                if (s.n < 0 || s.incidentReason < -1 || s.incidentReason >= Reason.values().length) {
                    throw new IllegalArgumentException("corrupt detector state");
                }
                return s;
            } catch (java.nio.BufferUnderflowException e) {
                throw new IllegalArgumentException("corrupt detector state: truncated", e);
            }
        }
    }
}
