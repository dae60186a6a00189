package dev.vigil.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoveltyDetectorConfigTest {

    @Test
    void aPropertiesFile_overridesOnlyTheKnobsItNames() {
        NoveltyDetectorConfig c = NoveltyDetectorConfig.fromProperties("""
                # fewer, surer alerts
                noveltyRatio = 1.8
                warmup=500
                """);

        assertThat(c.noveltyRatio()).isEqualTo(1.8);
        assertThat(c.warmup()).isEqualTo(500);
        java.util.Map<String, Object> rest = c.asMap();
        java.util.Map<String, Object> defaults = NoveltyDetectorConfig.defaults().asMap();
        rest.keySet().removeAll(java.util.Set.of("noveltyRatio", "warmup"));
        defaults.keySet().removeAll(java.util.Set.of("noveltyRatio", "warmup"));
        assertThat(rest).isEqualTo(defaults);
    }

    @Test
    void anUnknownKey_isAnErrorThatNamesIt() {
        assertThatThrownBy(() -> NoveltyDetectorConfig.fromProperties("noveltyRatoi=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noveltyRatoi")
                .hasMessageContaining("noveltyRatio");
    }

    @Test
    void anOutOfRangeOrUnparsableValue_isAnErrorThatSaysWhy() {
        assertThatThrownBy(() -> NoveltyDetectorConfig.fromProperties("levelAlpha=1.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> NoveltyDetectorConfig.fromProperties("warmup=soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmup");
        assertThatThrownBy(() -> NoveltyDetectorConfig.fromProperties("seasonSlots=7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seasonSlots");
    }

    @Test
    void aHigherNoveltyRatio_givesFewerAlerts() {
        NoveltyDetectorConfig strict = NoveltyDetectorConfig.fromProperties("noveltyRatio=3");
        java.util.function.IntToDoubleFunction spikes = i -> 100 + (i > 1000 && i % 500 == 0 ? 6 + i / 1000 : 0);

        int loose = NoveltyDetectorTest.alerts(NoveltyDetectorTest.run(Detectors.standard().newSeries(), 6000, 1.0,
                4, spikes)).size();
        int tight = NoveltyDetectorTest.alerts(NoveltyDetectorTest.run(Detectors.standard(strict).newSeries(), 6000,
                1.0, 4, spikes)).size();

        assertThat(loose).isPositive();
        assertThat(tight).isLessThan(loose);
    }
}
