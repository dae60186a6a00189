package dev.vigil.core.slo;

import java.util.Map;

/**
 * The {@code vigil.slo-burn} event (source {@code vigil.slo}): an SLO's alert level changed.
 *
 * @param level         {@code page}, {@code ticket}, or {@code none} (the burn stopped: informational)
 * @param rule          the rule that fired, e.g. {@code 1h/5m burn >= 14.4 (2% of budget)}; empty for {@code none}
 * @param burnRates     burn rate per window ({@code 5m, 30m, 1h, 6h, 3d})
 * @param budgetRemaining the fraction of the window's error budget left (negative when overspent)
 * @param timestamp     the minute evaluated (epoch ms)
 */
public record SloBurnEvent(String id, String slo, String service, String team, double objective, String level,
                           String previousLevel, String rule, Map<String, Double> burnRates, double budgetRemaining,
                           long timestamp) {

    public SloBurnEvent {
        burnRates = Map.copyOf(burnRates);
    }
}
