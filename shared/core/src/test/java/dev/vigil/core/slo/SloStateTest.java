package dev.vigil.core.slo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SloStateTest {

    private static final long T = 1_780_000_000_000L / 3_600_000L * 3_600_000L;

    @Test
    void windowsSumTheMinutesInside_andTheLongWindowsReadTheHourlyRing() {
        SloState s = new SloState("x", 30);
        for (int m = 0; m < 600; m++) {
            s.add(T + m * 60_000L, m >= 590 ? 10 : 0, 100);
        }
        long end = T + 599 * 60_000L;
        assertThat(s.window(5, end)).containsExactly(50, 500);
        assertThat(s.window(60, end)).containsExactly(100, 6000);
        assertThat(s.window(360, end)).containsExactly(100, 36000);
        // 3 days: every hour of the 10 h seen (the current partial hour included)
        assertThat(s.window(4320, end)).containsExactly(100, 60000);
    }

    @Test
    void encodeDecode_roundTrips() {
        SloState s = new SloState("x", 30);
        s.add(T, 1, 10);
        s.add(T + 60_000, 2, 20);
        s.watermark("series", T + 60_000);
        s.level(BurnRates.Level.TICKET, T);
        s.outbox().add("{\"id\":\"a\"}");
        SloState r = SloState.decode("x", 30, 7, s.encode());
        assertThat(r.version()).isEqualTo(7);
        assertThat(r.window(5, T + 60_000)).containsExactly(3, 30);
        assertThat(r.watermark("series")).isEqualTo(T + 60_000);
        assertThat(r.level()).isEqualTo(BurnRates.Level.TICKET);
        assertThat(r.outbox()).containsExactly("{\"id\":\"a\"}");
        assertThat(s.encode()).hasSizeLessThan(200);
    }
}
