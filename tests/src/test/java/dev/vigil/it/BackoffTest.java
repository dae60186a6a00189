package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.Backoff;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Full-jitter backoff: bounded pauses; production jitter drawn per pause, not fixed by an init-phase seed. */
class BackoffTest {

    static List<Long> pauses(java.util.function.Function<Backoff.Sleeper, Backoff> make, int n) {
        List<Long> out = new ArrayList<>();
        Backoff b = make.apply(out::add);
        for (int i = 1; i <= n; i++) {
            b.pause(6);   // ceiling min(cap 1000, 10·2^6 = 640) = 640 ms
        }
        return out;
    }

    @Test
    void aSeededBackoff_repeatsItself_soTwoEnvironmentsRestoredFromOneSnapshotWouldRetryInStep() {
        assertThat(pauses(s -> new Backoff(10, 1_000, 8, s, 42), 32))
                .isEqualTo(pauses(s -> new Backoff(10, 1_000, 8, s, 42), 32));
    }

    @Test
    void theProductionBackoff_drawsEachPauseAfresh_soTwoIdenticalCopiesJitterApart() {
        List<Long> a = pauses(s -> new Backoff(10, 1_000, 8, s), 32);
        List<Long> b = pauses(s -> new Backoff(10, 1_000, 8, s), 32);
        assertThat(a).isNotEqualTo(b);
        assertThat(a).allMatch(ms -> ms >= 0 && ms <= 640);
        // spread over the range, not stuck near one value (32 uniform draws: P(all in one half) ~ 2^-31)
        assertThat(a).anyMatch(ms -> ms < 320).anyMatch(ms -> ms >= 320);
    }
}
