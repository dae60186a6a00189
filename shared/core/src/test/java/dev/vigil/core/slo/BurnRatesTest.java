package dev.vigil.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The burn-rate arithmetic against the worked examples of the Google SRE workbook, chapter 5 "Alerting on SLOs"
 * (Beyer et al., O'Reilly 2018): Table 5-4 (burn rates and time to exhaust a 30-day budget on a 99.9 % SLO) and
 * Table 5-8 (recommended multiwindow parameters: 2 % of budget in 1 h, 5 % in 6 h, 10 % in 3 days).
 */
class BurnRatesTest {

    private static final double SLO = 0.999;

    @Test
    void errorBudgetOf999OverThirtyDays_is43Point2Minutes() {
        SloDefinition d = new SloDefinition("x", null, null, SLO, 30, null);
        // 0.1 % of 30 × 24 × 60 = 43 200 minutes
        assertThat(d.budgetMinutes()).isCloseTo(43.2, within(1e-9));
    }

    @Test
    void burnRate_isTheErrorRatioOverTheBudgetFraction() {
        // 0.1 % errors against 99.9 % burns at exactly 1; 1.44 % at 14.4; 100 % at 1000 (the workbook's Table 5-4).
        assertThat(BurnRates.burnRate(1, 1000, SLO)).isCloseTo(1.0, within(1e-9));
        assertThat(BurnRates.burnRate(144, 10_000, SLO)).isCloseTo(14.4, within(1e-9));
        assertThat(BurnRates.burnRate(5, 5, SLO)).isCloseTo(1000, within(1e-6));
        assertThat(BurnRates.burnRate(0, 0, SLO)).isZero();
    }

    @Test
    void timeToExhaustTheBudget_matchesTable5_4() {
        // burn 1 → 30 days; 2 → 15 days; 10 → 3 days; 1000 → 43.2 minutes
        assertThat(BurnRates.minutesToExhaustion(1, 30)).isCloseTo(30 * 1440, within(1e-9));
        assertThat(BurnRates.minutesToExhaustion(2, 30)).isCloseTo(15 * 1440, within(1e-9));
        assertThat(BurnRates.minutesToExhaustion(10, 30)).isCloseTo(3 * 1440, within(1e-9));
        assertThat(BurnRates.minutesToExhaustion(1000, 30)).isCloseTo(43.2, within(1e-9));
    }

    @Test
    void thresholds_comeFromTheShareOfBudgetEachWindowMaySpend() {
        // 2 % of a 720 h budget in 1 h → 14.4; 5 % in 6 h → 6; 10 % in 72 h → 1
        assertThat(BurnRates.threshold(0.02, 30, 60)).isCloseTo(14.4, within(1e-9));
        assertThat(BurnRates.threshold(0.05, 30, 360)).isCloseTo(6.0, within(1e-9));
        assertThat(BurnRates.threshold(0.10, 30, 4320)).isCloseTo(1.0, within(1e-9));
        assertThat(BurnRates.WORKBOOK).extracting(BurnRates.Rule::threshold).containsExactly(14.4, 6.0, 1.0);
        assertThat(BurnRates.WORKBOOK).extracting(BurnRates.Rule::shortMinutes).containsExactly(5, 30, 360);
    }

    @Test
    void aTotalOutage_firesThePageRuleAfter52Seconds() {
        // detection time = threshold × (1 − SLO) / error ratio × window: 14.4 × 0.001 / 1.0 × 60 min = 0.864 min
        assertThat(BurnRates.detectionMinutes(1.0, SLO, BurnRates.WORKBOOK.get(0))).isCloseTo(0.864, within(1e-9));
        // the 6 h rule: 6 × 0.001 × 360 min = 2.16 min
        assertThat(BurnRates.detectionMinutes(1.0, SLO, BurnRates.WORKBOOK.get(1))).isCloseTo(2.16, within(1e-9));
    }

    @Test
    void bothWindowsMustBurn_andThePageRuleWinsOverTheTicket() {
        Map<Integer, Double> burning = Map.of(5, 20.0, 30, 20.0, 60, 15.0, 360, 7.0, 4320, 1.5);
        assertThat(BurnRates.firing(BurnRates.WORKBOOK, w -> burning.get(w)).level()).isEqualTo(BurnRates.Level.PAGE);

        // the long window still remembers the outage, the short one says it stopped: no page
        Map<Integer, Double> recovered = Map.of(5, 0.0, 30, 0.5, 60, 15.0, 360, 7.0, 4320, 1.5);
        assertThat(BurnRates.firing(BurnRates.WORKBOOK, w -> recovered.get(w)).level())
                .isEqualTo(BurnRates.Level.TICKET);

        Map<Integer, Double> slow = Map.of(5, 1.2, 30, 1.2, 60, 1.2, 360, 1.2, 4320, 1.1);
        assertThat(BurnRates.firing(BurnRates.WORKBOOK, w -> slow.get(w)).level()).isEqualTo(BurnRates.Level.TICKET);
        Map<Integer, Double> fine = Map.of(5, 0.5, 30, 0.5, 60, 0.5, 360, 0.5, 4320, 0.9);
        assertThat(BurnRates.firing(BurnRates.WORKBOOK, w -> fine.get(w))).isNull();
    }

    @Test
    void aSevenDayWindow_keepsTheBudgetSharesAndRescalesThresholds() {
        // 2 % of a 168 h budget in 1 h → 3.36
        assertThat(BurnRates.rulesFor(7).get(0).threshold()).isCloseTo(3.36, within(1e-9));
    }
}
