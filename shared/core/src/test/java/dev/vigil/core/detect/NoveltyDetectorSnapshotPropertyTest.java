package dev.vigil.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the series and wherever it is cut, {@code restore(snapshot())} continues bit for bit where the live state
 * would have: the metric-stream Lambda snapshots every series after every batch, so any divergence would make
 * replayed or resumed scoring differ from a straight run.
 */
class NoveltyDetectorSnapshotPropertyTest {

    private final Detector detector = Detectors.standard();

    @Property(tries = 60)
    void aSnapshotTakenAnywhere_resumesBitIdentically(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 3000) int cut,
            @ForAll @DoubleRange(min = 0, max = 50) double noise,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double level,
            @ForAll @IntRange(min = 1, max = 15) int minutesPerPoint) {
        Random r = new Random(seed);
        int n = cut + 1500;
        long t = 1_704_067_200_000L + r.nextInt(86_400) * 1000L;
        SeriesDetector straight = detector.newSeries();
        SeriesDetector resumed = detector.newSeries();
        for (int i = 0; i < n; i++) {
            // A daily wave, spikes, a level shift and an occasional gap: every channel and the range get exercised.
            t += minutesPerPoint * 60_000L * (r.nextInt(200) == 0 ? 1 + r.nextInt(50) : 1);
            double x = level + 20 * Math.sin(2 * Math.PI * (t % 86_400_000L) / 86_400_000.0)
                    + noise * r.nextGaussian() + (r.nextInt(300) == 0 ? 40 * noise + 10 : 0) + (i > n / 2 ? 15 : 0);
            if (i == cut) {
                resumed = detector.restore(resumed.snapshot());
            }
            Verdict a = straight.observe(t, x);
            Verdict b = resumed.observe(t, x);
            assertThat(Double.doubleToRawLongBits(b.score())).as("score at %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(a.score()));
            assertThat(b.getClass()).as("verdict at %d", i).isEqualTo(a.getClass());
        }
        assertThat(resumed.snapshot()).isEqualTo(straight.snapshot());
        assertThat(resumed.drifts()).isEqualTo(straight.drifts());
    }
}
