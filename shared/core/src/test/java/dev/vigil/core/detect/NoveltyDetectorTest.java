package dev.vigil.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The production detector on generated series whose answer is known: a Gaussian noise floor (fixed seed) with one
 * planted anomaly. One point per minute from Monday 2024-01-01 00:00 UTC, as the metric-stream Lambda sees them.
 */
class NoveltyDetectorTest {

    static final long MONDAY = 1_704_067_200_000L;
    static final long MINUTE = 60_000L;
    static final int DAY = 1440;

    final Detector detector = Detectors.standard();
    /** The knobs stated per point of one-minute data: the channel logic as it was tuned, without the cadence rule. */
    final Detector perMinute = Detectors.standard(NoveltyDetectorConfig.fromProperties("referenceCadenceMinutes=1"));

    /** Scores {@code n} points of {@code value(i)} plus N(0, noise²) noise, one per minute. */
    static List<Verdict> run(SeriesDetector s, int n, double noise, long seed, IntToDoubleFunction value) {
        Random random = new Random(seed);
        List<Verdict> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(s.observe(MONDAY + i * MINUTE, value.applyAsDouble(i) + noise * random.nextGaussian()));
        }
        return out;
    }

    List<Verdict> run(int n, double noise, IntToDoubleFunction value) {
        return run(detector.newSeries(), n, noise, 42, value);
    }

    static List<Integer> alerts(List<Verdict> verdicts) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i) instanceof Verdict.Anomalous) {
                at.add(i);
            }
        }
        return at;
    }

    static Verdict.Anomalous anomalous(List<Verdict> verdicts, int at) {
        assertThat(verdicts.get(at)).as("verdict at %d", at).isInstanceOf(Verdict.Anomalous.class);
        return (Verdict.Anomalous) verdicts.get(at);
    }

    /** 100 ± 2 at night, a 150 plateau from 09:00 to 12:00 every day. */
    static double dailyPeak(int i) {
        int minuteOfDay = i % DAY;
        return minuteOfDay >= 9 * 60 && minuteOfDay < 12 * 60 ? 150 : 100;
    }

    // ---- Issue A: the foundation ----------------------------------------------------------------------------

    @Test
    void aSpikeOnAFlatSeries_isFlagged() {
        List<Verdict> v = run(2000, 1.0, i -> i == 1500 ? 130 : 100);

        assertThat(alerts(v)).containsExactly(1500);
        Explanation why = anomalous(v, 1500).explanation();
        assertThat(why.reason()).isEqualTo(Reason.SPIKE);
        assertThat(why.expected()).isCloseTo(100, org.assertj.core.data.Offset.offset(1.0));
        assertThat(why.upper()).isLessThan(130).isGreaterThan(103);
        assertThat(why.lower()).isLessThan(97);
        assertThat(why.score()).isBetween(0.5, 1.0);
    }

    @Test
    void aSeasonalPeak_isNotFlaggedOnceLearned() {
        List<Verdict> v = run(6 * DAY, 2.0, NoveltyDetectorTest::dailyPeak);

        // The first days meet the plateau as news; once the profile has out-predicted the plain level over a day
        // (by day 4) its edges are the expected shape of the day: no spike or dip there any more.
        for (int i : alerts(v)) {
            int minuteOfDay = i % DAY;
            boolean atAnEdge = Math.abs(minuteOfDay - 9 * 60) <= 10 || Math.abs(minuteOfDay - 12 * 60) <= 10;
            assertThat(i < 3 * DAY || !atAnEdge).as("alert at %d", i).isTrue();
        }
        assertThat(alerts(v).stream().filter(i -> i >= 3 * DAY)).hasSizeLessThanOrEqualTo(3);
        Verdict peakOnDay5 = v.get(4 * DAY + 10 * 60);
        assertThat(peakOnDay5).isInstanceOf(Verdict.Normal.class);
        assertThat(((Verdict.Normal) peakOnDay5).explanation().expected())
                .isCloseTo(150, org.assertj.core.data.Offset.offset(5.0));
    }

    @Test
    void aLevelShift_isFoundOnce_thenAbsorbed() {
        SeriesDetector s = detector.newSeries();
        List<Verdict> v = run(s, 3000, 1.0, 7, i -> i < 1500 ? 100 : 120);

        assertThat(alerts(v)).hasSize(1);
        assertThat(alerts(v).get(0)).isBetween(1500, 1510);
        assertThat(s.drifts()).isEqualTo(1);
        // Re-baselined: the new level is what is expected now, and nothing alerts on it.
        Explanation late = ((Verdict.Normal) v.get(2500)).explanation();
        assertThat(late.expected()).isCloseTo(120, org.assertj.core.data.Offset.offset(1.0));
        assertThat(late.reason()).isEqualTo(Reason.WITHIN_BAND);
    }

    @Test
    void aDipSoonAfterALevelShift_isStillFound_theStepDoesNotTeachThatJumpsAreNormal() {
        // A 40σ step, absorbed as a new level, then a 10σ dip two days later (well within the week the normal
        // extremes remember). The step's onset is a level shift, not a spike: the point channel must not learn
        // 40σ as a normal jump, or the dip (inside the range the series has taken, so not the range channel's
        // business) would go unseen.
        SeriesDetector s = detector.newSeries();
        int step = 1500;
        int dip = step + 2 * DAY;
        List<Verdict> v = run(s, dip + 500, 1.0, 7, i -> i == dip ? 130 : i < step ? 100 : 140);

        assertThat(alerts(v)).hasSize(2);
        assertThat(alerts(v).get(0)).isBetween(step, step + 10);
        assertThat(s.drifts()).isPositive();
        assertThat(anomalous(v, dip).explanation().reason()).isEqualTo(Reason.DIP);
    }

    @Test
    void warmUp_staysSilent_evenOnWildValues() {
        // The warm-up is stated in reference steps (5 minutes): the first point counts one, each later one-minute
        // point a fifth, so it lasts five times the points. Then the series is still learning its first day.
        int warmup = 1 + 5 * (NoveltyDetectorConfig.defaults().warmup() - 1);
        List<Verdict> v = run(DAY + 50, 1.0, i -> i % 37 == 0 ? 1000 : 0);

        for (int i = 0; i < warmup; i++) {
            assertThat(v.get(i)).isInstanceOf(Verdict.InsufficientData.class);
            assertThat(v.get(i).score()).isZero();
        }
        assertThat(((Verdict.InsufficientData) v.get(warmup)).why()).startsWith("learning: not yet a whole day");
        assertThat(v.get(DAY + 1)).isNotInstanceOf(Verdict.InsufficientData.class);
        Verdict.InsufficientData first = (Verdict.InsufficientData) v.get(0);
        assertThat(first.need()).isEqualTo(NoveltyDetectorConfig.defaults().warmup());
    }

    @Test
    void aFreshSeries_reportsOnlyWhatIsExtremeAgainstEverythingSeen_untilItHasSeenAWholeDay() {
        // Hour 14 of the first day: a two-hour 4σ step (an afternoon the series has not shown before: a level shift
        // once its day is known), then at hour 20 a value fifteen times the range seen so far.
        List<Verdict> v = run(DAY + 600, 1.0, i -> i == 20 * 60 ? 200 : i >= 14 * 60 && i < 16 * 60 ? 104 : 100);

        for (int i = 0; i < 20 * 60; i++) {
            assertThat(v.get(i)).as("verdict at %d", i).isInstanceOf(Verdict.InsufficientData.class);
        }
        Verdict.Anomalous extreme = anomalous(v, 20 * 60);
        assertThat(extreme.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(extreme.explanation().detail()).contains("still learning its cycle");
        assertThat(alerts(v)).containsExactly(20 * 60);
    }

    @Test
    void nanAndInfinity_areRejectedWithAClearMessage_andLeaveTheStateUntouched() {
        SeriesDetector s = detector.newSeries();
        run(s, 300, 1.0, 1, i -> 10);
        byte[] before = s.snapshot();

        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> s.observe(MONDAY + 10_000 * MINUTE, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-finite")
                    .hasMessageContaining(String.valueOf(bad));
        }
        assertThat(s.snapshot()).isEqualTo(before);
    }

    // ---- Issue B: each kind of anomaly, with its reason ------------------------------------------------------

    @Test
    void aDipBelowAFlatSeries_isADip() {
        List<Verdict> v = run(2000, 1.0, i -> i == 1200 ? 70 : 100);

        assertThat(alerts(v)).containsExactly(1200);
        assertThat(anomalous(v, 1200).explanation().reason()).isEqualTo(Reason.DIP);
    }

    @Test
    void aModestStepThatNoSinglePointGives_isALevelShift() {
        // 3σ: no point is remarkable on its own, the run of them is.
        List<Verdict> v = run(3000, 1.0, i -> i < 1500 ? 100 : 103);

        assertThat(alerts(v)).hasSize(1);
        int at = alerts(v).get(0);
        assertThat(at).isBetween(1500, 1530);
        assertThat(anomalous(v, at).explanation().reason()).isEqualTo(Reason.LEVEL_SHIFT);
    }

    @Test
    void aNoiseFloorThatCollapses_isAVarianceChange() {
        Random quiet = new Random(3);
        List<Verdict> v = run(3000, 0.0, i -> 100 + (i < 1500 ? 5.0 : 0.3) * quiet.nextGaussian());

        List<Integer> at = alerts(v);
        assertThat(at).isNotEmpty();
        // The short-run scale has a time constant of 20 reference steps (100 minutes): a collapse this deep takes about
        // three hours to show, at one-minute as at five-minute data.
        assertThat(at.get(0)).isBetween(1500, 1700);
        assertThat(anomalous(v, at.get(0)).explanation().reason()).isEqualTo(Reason.VARIANCE_CHANGE);
    }

    @Test
    void aMissingDailyPeak_isASeasonalDeviation() {
        // Friday's peak (a first Saturday would be the series' first weekend: learning, not alerting).
        int day6Peak = 4 * DAY + 9 * 60;
        List<Verdict> v = run(5 * DAY, 2.0, i -> i >= day6Peak && i < day6Peak + 180 ? 100 : dailyPeak(i));

        List<Integer> late = alerts(v).stream().filter(i -> i >= 4 * DAY).toList();
        assertThat(late).isNotEmpty();
        assertThat(late.get(0)).isBetween(day6Peak, day6Peak + 10);
        assertThat(anomalous(v, late.get(0)).explanation().reason()).isEqualTo(Reason.SEASONAL_DEVIATION);
    }

    @Test
    void aSlopeAppearingOnAFlatSeries_isATrendBreak() {
        // Per-minute knobs: at the default 5-minute windows, a slope this steep first sets a new high (a range alert).
        List<Verdict> v = run(perMinute.newSeries(), 3000, 1.0, 42, i -> i < 1500 ? 100 : 100 + 0.2 * (i - 1500));

        List<Integer> at = alerts(v);
        assertThat(at).isNotEmpty();
        assertThat(at.get(0)).isBetween(1500, 1700);
        assertThat(anomalous(v, at.get(0)).explanation().reason()).isEqualTo(Reason.TREND_BREAK);
    }

    @Test
    void aSpikeAboveEverySpikeSeenBefore_isFlagged_thoughSpikesAreRoutine() {
        // Bursts to ~50 every 5 hours are normal for this series; 62 is only 1.2× the usual burst (not novel for the
        // point channel), but it is beyond anything the series has done: the range channel sees it.
        List<Verdict> v = run(perMinute.newSeries(), 6000, 1.0, 42, i -> i == 5000 ? 62 : i % 300 == 150 ? 50 : 0);

        assertThat(alerts(v)).contains(5000);
        Explanation why = anomalous(v, 5000).explanation();
        assertThat(why.reason()).isEqualTo(Reason.SPIKE);
        assertThat(why.detail()).contains("above anything seen recently");
        // The routine bursts stop alerting once they are known (they are a day old by the time the range is judged).
        assertThat(alerts(v).stream().filter(i -> i > 2000 && i != 5000)).isEmpty();
    }

    @Test
    void aSeriesWhoseCadenceChanges_isNotAnAnomalyByItself() {
        // The same daily wave, sampled every 5 minutes for four days, then every minute for two, then hourly for
        // two, then every minute again (a gap, then detailed monitoring switched on and off).
        SeriesDetector s = detector.newSeries();
        Random random = new Random(7);
        List<Long> alertsAt = new ArrayList<>();
        long t = MONDAY;
        long[][] phases = {{4 * DAY, 5}, {2 * DAY, 1}, {2 * DAY, 60}, {2 * DAY, 1}};
        for (long[] phase : phases) {
            long end = t + phase[0] * MINUTE;
            for (; t < end; t += phase[1] * MINUTE) {
                double minuteOfDay = Math.floorMod(t, 86_400_000L) / 60_000.0;
                double x = 100 + 20 * Math.sin(2 * Math.PI * minuteOfDay / DAY) + random.nextGaussian();
                if (s.observe(t, x) instanceof Verdict.Anomalous) {
                    alertsAt.add(t);
                }
            }
        }
        assertThat(alertsAt).as("alerts after the first day").allMatch(at -> at < MONDAY + DAY * MINUTE);
    }

    @Test
    void theRangeChannel_waitsForAWholeDayOfHistory() {
        // A new high at hour 3 of a fresh series is not news about the series' range: only the other channels
        // may alert on it, and this one is within their normal extremes (a 4σ point on the 4σ floor).
        List<Verdict> v = run(DAY, 0.0, i -> i == 180 ? 4.5 : (i % 7) * 0.1);

        assertThat(alerts(v)).isEmpty();
    }

    @Test
    void aTrainOfSingleSpikes_isNeverALevelShift() {
        // Each spike moves the short-run mean by at most fastMeanAlpha·shiftClip·σ, and when the shift channel does
        // fire on a spike (a burst lifted the recent mean), the point is labelled for what it is: a dip, not a step.
        List<Verdict> v = run(8000, 1.0, i -> i % 97 == 0 && i > 1000 ? 40 : 100);

        for (int i : alerts(v)) {
            assertThat(anomalous(v, i).explanation().reason()).as("alert at %d", i).isNotEqualTo(Reason.LEVEL_SHIFT);
        }
    }

    @Test
    void pureNoise_neverAlerts() {
        List<Verdict> v = run(20_000, 3.0, i -> 50);

        assertThat(alerts(v)).isEmpty();
    }

    // ---- Issue B: contracts ----------------------------------------------------------------------------------

    @Test
    void theSameInput_givesBitIdenticalScoresAndState() {
        SeriesDetector a = detector.newSeries();
        SeriesDetector b = detector.newSeries();
        List<Verdict> va = run(a, 5000, 2.0, 11, NoveltyDetectorTest::dailyPeak);
        List<Verdict> vb = run(b, 5000, 2.0, 11, NoveltyDetectorTest::dailyPeak);

        for (int i = 0; i < va.size(); i++) {
            assertThat(Double.doubleToRawLongBits(vb.get(i).score()))
                    .as("score %d", i).isEqualTo(Double.doubleToRawLongBits(va.get(i).score()));
        }
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
    }

    @Test
    void aSnapshotRestoredMidStream_continuesWithIdenticalScores() {
        Random r1 = new Random(5);
        double[] xs = new double[6000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = dailyPeak(i) + 2 * r1.nextGaussian() + (i == 4000 ? 60 : 0) + (i > 5000 ? 25 : 0);
        }
        SeriesDetector straight = detector.newSeries();
        SeriesDetector resumed = detector.newSeries();
        for (int i = 0; i < 2500; i++) {
            straight.observe(MONDAY + i * MINUTE, xs[i]);
            resumed.observe(MONDAY + i * MINUTE, xs[i]);
        }
        resumed = detector.restore(resumed.snapshot());

        int alertsSeen = 0;
        for (int i = 2500; i < xs.length; i++) {
            Verdict a = straight.observe(MONDAY + i * MINUTE, xs[i]);
            Verdict b = resumed.observe(MONDAY + i * MINUTE, xs[i]);
            assertThat(Double.doubleToRawLongBits(b.score())).as("score %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(a.score()));
            assertThat(b.getClass()).isEqualTo(a.getClass());
            alertsSeen += a instanceof Verdict.Anomalous ? 1 : 0;
        }
        assertThat(alertsSeen).as("the stream after the restore has anomalies to agree on").isPositive();
        assertThat(resumed.observations()).isEqualTo(straight.observations());
        assertThat(resumed.drifts()).isEqualTo(straight.drifts());
        assertThat(resumed.snapshot()).isEqualTo(straight.snapshot());
    }

    @Test
    void theStatePerSeries_staysWellUnderOneKilobyte_andNeverGrows() {
        SeriesDetector s = detector.newSeries();
        int fresh = s.snapshot().length;
        run(s, 3 * 7 * DAY, 2.0, 9, NoveltyDetectorTest::dailyPeak);

        assertThat(s.snapshot().length).isEqualTo(fresh).isLessThan(1024);
    }

    @Test
    void aStateFromAnotherDetectorVersion_isRefused() {
        // What detector v1 wrote: format byte 1, then its fields (a level, a scale, 24 hourly offsets...).
        byte[] v1 = java.nio.ByteBuffer.allocate(1 + 8 * 30).put((byte) 1).putLong(1).putDouble(1.0).array();

        assertThatThrownBy(() -> detector.restore(v1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> detector.restore(new byte[] {2, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyAlert_isExplainedWithABandAroundTheExpectedValue() {
        Random r = new Random(8);
        List<Verdict> v = run(8000, 0.0, i -> dailyPeak(i) + 2 * r.nextGaussian()
                + (i % 1000 == 999 ? 40 : 0) + (i > 6000 ? 30 : 0));

        assertThat(alerts(v)).isNotEmpty();
        for (int i : alerts(v)) {
            Explanation e = anomalous(v, i).explanation();
            assertThat(e.lower()).isLessThan(e.expected());
            assertThat(e.upper()).isGreaterThan(e.expected());
            assertThat(e.reason()).isNotEqualTo(Reason.WITHIN_BAND);
            assertThat(e.detail()).isNotBlank();
            assertThat(e.score()).isBetween(NoveltyDetectorConfig.defaults().alertThreshold(), 1.0);
        }
    }
}
