package dev.vigil.core.detect;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The knobs of {@link NoveltyDetector}. Every default is documented in {@code docs/detector.md} with what it trades
 * off; the short version is on each component below. Rates ("alpha") are per observation, half-lives are in
 * observations, thresholds are in the units named.
 *
 * @param warmup             observations before any verdict other than insufficientData. Longer = surer baselines,
 *                           later first alert
 * @param alertThreshold     the production decision: a reported score at or above it is an alert ({@code Anomalous}).
 *                           Higher = fewer, surer alerts
 * @param levelAlpha         EWMA weight of the level the next value is predicted from. Higher = follows wandering
 *                           series closely (sharper spike detection), but absorbs slow anomalies sooner
 * @param baselineAlpha      EWMA weight of the slow baseline a level shift is measured against. Lower = remembers
 *                           the old regime longer (finds slower shifts), re-baselines more slowly without drift
 * @param fastMeanAlpha      EWMA weight of the short-run mean compared with the baseline. Higher = reacts sooner to a
 *                           shift, noisier statistic
 * @param scaleAlpha         EWMA weight of the long-run noise scale (mean absolute residual)
 * @param shortScaleAlpha    EWMA weight of the short-run noise scale compared with the long-run one (variance change)
 * @param learnClip          residuals are clipped to this many σ before they are learned (Huber): an anomaly moves
 *                           the baseline by at most {@code alpha·learnClip·σ} per point. Lower = more robust, slower
 *                           to follow a genuine change (drift handles those)
 * @param seasonSlots        time-of-day slots of the daily profile (96 = 15 minutes). More = sharper daily shapes,
 *                           more state (4 bytes + 1 byte each) and slower learning per slot
 * @param seasonalAlpha      smallest EWMA weight of a slot (the first visits are plain averages). Higher = adapts to
 *                           a changing daily shape sooner, noisier profile
 * @param seasonalGain       the daily profile is used only while its prediction error is below this fraction of the
 *                           non-seasonal error. Lower = only strongly seasonal series get a profile
 * @param pointFloor         a single point is never an anomaly below this many σ, however quiet the history
 * @param shiftFloor         a mean shift is never an anomaly below this many standard errors of the short-run mean
 * @param varianceFloor      a scale change is never an anomaly below this factor (short-run σ / long-run σ, or its
 *                           inverse)
 * @param noveltyRatio       a statistic alerts at this multiple of the largest value it took in normal operation
 *                           (its "normal extreme"); the score is 0.5 there. Higher = fewer alerts
 * @param scoreSteepness     exponent of the ratio → score map {@code R^p / (R^p + noveltyRatio^p)}. Higher = more
 *                           decisive scores, less ranking information near the threshold
 * @param extremeHalfLifeDays half-life, in days, of the remembered normal extremes. Longer = a rare large swing
 *                           (or a daily pattern the profile cannot resolve) keeps its like from alerting for longer
 * @param holdHalfLife       half-life, in observations, of the suppression hold after a reported score. Longer = one
 *                           alert per longer incident, but a second incident soon after is reported only if larger
 * @param absorbRecord       share of the excess that a value beyond its normal extreme, but not alerting, adds to
 *                           that extreme. Higher = adapts to growing swings sooner, but slow creep is never novel
 * @param absorbAlert        share of the excess that the first point of an alert adds to the normal extreme. 1 = a
 *                           magnitude that alerted once is normal from then on (a repeating pattern alerts once);
 *                           lower = it alerts again until learned
 * @param escalation         within the hold of an incident, a new alert needs its statistic this many times the
 *                           incident's peak. Higher = fewer repeat alerts for one worsening incident
 * @param driftConfirm       consecutive observations a shift or scale change must persist before the detector
 *                           re-baselines on it (a drift). Lower = legitimate steps stop alerting sooner, but a long
 *                           anomaly may be learned as normal sooner
 * @param shiftClip          the short-run mean of the shift channel learns each value Huber-clipped at this many σ
 *                           from the prediction, so that one spike is not mistaken for a shift of the mean. Lower = the
 *                           shift channel ignores more of a step's first points (the point channel sees those);
 *                           higher = spikes leak into it
 * @param rangeTolerance     the range channel: a value beyond the range the series has taken (its decaying minimum
 *                           and maximum) by more than this share of that range (and by more than one σ) is novel.
 *                           Lower = more alerts on new highs and lows
 * @param rangeHalfLifeDays  half-life, in days, of the remembered range (it shrinks towards its midpoint). Longer = a
 *                           high reached once keeps its like from being news for longer
 * @param shiftScaleFactor   the shift statistic is measured in the larger of the standard error of the short-run mean
 *                           under independent noise and this many times the observed scale of |F − B| in normal
 *                           operation (0 = the former only). Autocorrelated series (temperatures, traffic, counts)
 *                           wander much more than independent noise would: 1 makes their normal wander the unit
 * @param shiftScaleDays     the time constant, in days, of that observed scale
 * @param referenceCadenceMinutes the spacing the per-observation knobs (rates, holdHalfLife, driftConfirm, warmup)
 *                           are stated for. A finer series (1-minute Metric Streams) takes proportionally smaller
 *                           steps, so its windows, hold, drift confirmation and warm-up last the same time; a coarser
 *                           one keeps the per-point values (an average must span enough points). 0 = per point
 */
public record NoveltyDetectorConfig(
        int warmup,
        double alertThreshold,
        double levelAlpha,
        double baselineAlpha,
        double fastMeanAlpha,
        double scaleAlpha,
        double shortScaleAlpha,
        double learnClip,
        int seasonSlots,
        double seasonalAlpha,
        double seasonalGain,
        double pointFloor,
        double shiftFloor,
        double varianceFloor,
        double noveltyRatio,
        double scoreSteepness,
        double extremeHalfLifeDays,
        double holdHalfLife,
        double absorbRecord,
        double absorbAlert,
        double escalation,
        int driftConfirm,
        double shiftClip,
        double rangeTolerance,
        double rangeHalfLifeDays,
        double shiftScaleFactor,
        double shiftScaleDays,
        double referenceCadenceMinutes) {

    public static NoveltyDetectorConfig defaults() {
        return new NoveltyDetectorConfig(
                150,    // warmup
                0.5,    // alertThreshold
                0.10,   // levelAlpha
                0.01,   // baselineAlpha
                0.15,   // fastMeanAlpha
                0.01,   // scaleAlpha
                0.05,   // shortScaleAlpha
                3.5,    // learnClip
                96,     // seasonSlots
                0.10,   // seasonalAlpha
                0.9,    // seasonalGain
                4.0,    // pointFloor
                4.0,    // shiftFloor
                2.5,    // varianceFloor
                1.3,    // noveltyRatio
                4.0,    // scoreSteepness
                7.0,    // extremeHalfLifeDays
                100,    // holdHalfLife
                0.25,   // absorbRecord
                1.0,    // absorbAlert
                2.0,    // escalation
                12,     // driftConfirm
                12.0,   // shiftClip
                0.05,   // rangeTolerance
                90.0,   // rangeHalfLifeDays
                1.0,    // shiftScaleFactor
                3.0,    // shiftScaleDays
                5.0);   // referenceCadenceMinutes
    }

    public NoveltyDetectorConfig {
        require(warmup >= 2, "warmup must be at least 2");
        require(alertThreshold > 0 && alertThreshold <= 1, "alertThreshold must be in (0,1]");
        for (double a : new double[] {levelAlpha, baselineAlpha, fastMeanAlpha, scaleAlpha, shortScaleAlpha,
                seasonalAlpha}) {
            require(a > 0 && a < 1, "every alpha must be in (0,1)");
        }
        require(learnClip > 0, "learnClip must be positive");
        require(seasonSlots >= 1 && seasonSlots <= 1440 && 1440 % seasonSlots == 0,
                "seasonSlots must divide the 1440 minutes of a day");
        require(seasonalGain > 0 && seasonalGain <= 1, "seasonalGain must be in (0,1]");
        require(pointFloor > 0 && shiftFloor > 0, "floors must be positive");
        require(varianceFloor > 1, "varianceFloor is a factor and must exceed 1");
        require(noveltyRatio > 0, "noveltyRatio must be positive");
        require(scoreSteepness > 0, "scoreSteepness must be positive");
        require(extremeHalfLifeDays > 0, "extremeHalfLifeDays must be positive");
        require(holdHalfLife >= 1, "holdHalfLife must be at least 1 observation");
        require(absorbRecord >= 0 && absorbRecord <= 1 && absorbAlert >= 0 && absorbAlert <= 1,
                "absorbRecord and absorbAlert must be in [0,1]");
        require(escalation >= 1, "escalation must be at least 1");
        require(driftConfirm >= 2, "driftConfirm must be at least 2");
        require(shiftClip > 0, "shiftClip must be positive");
        require(rangeTolerance > 0, "rangeTolerance must be positive");
        require(rangeHalfLifeDays > 0, "rangeHalfLifeDays must be positive");
        require(shiftScaleFactor >= 0, "shiftScaleFactor must not be negative");
        require(shiftScaleDays > 0, "shiftScaleDays must be positive");
        require(referenceCadenceMinutes >= 0, "referenceCadenceMinutes must not be negative");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The defaults overridden by {@code key=value} lines (a {@link Properties} file, keys named as the record
     * components, e.g. {@code noveltyRatio=1.6}). Unknown keys and unparsable values are errors, so that a typo
     * does not silently leave the default in force.
     */
    public static NoveltyDetectorConfig fromProperties(Reader reader) {
        Properties p = new Properties();
        try {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults().with(p);
    }

    /** {@link #fromProperties(Reader)} from a string. */
    public static NoveltyDetectorConfig fromProperties(String text) {
        return fromProperties(new StringReader(text));
    }

    /** This configuration with the given knobs overridden. */
    public NoveltyDetectorConfig with(Properties overrides) {
        Map<String, Object> values = asMap();
        TreeSet<String> unknown = new TreeSet<>();
        for (String key : overrides.stringPropertyNames()) {
            String name = key.trim();
            Object current = values.get(name);
            if (current == null) {
                unknown.add(name);
                continue;
            }
            String raw = overrides.getProperty(key).trim();
            try {
                values.put(name, current instanceof Integer ? (Object) Integer.parseInt(raw)
                        : (Object) Double.parseDouble(raw));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("detector config: " + name + " is not a number: '" + raw + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("detector config: unknown keys " + unknown + "; known keys are "
                    + values.keySet());
        }
        RecordComponent[] components = NoveltyDetectorConfig.class.getRecordComponents();
        List<Object> args = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args.add(values.get(components[i].getName()));
            types[i] = components[i].getType();
        }
        try {
            return NoveltyDetectorConfig.class.getDeclaredConstructor(types).newInstance(args.toArray());
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException("detector config: " + iae.getMessage(), iae);
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Knob name → value, in declaration order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : NoveltyDetectorConfig.class.getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }
}
