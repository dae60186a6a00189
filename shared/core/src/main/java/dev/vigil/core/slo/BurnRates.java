package dev.vigil.core.slo;

import java.util.List;

/**
 * Multi-window, multi-burn-rate alerting, after the Google SRE workbook, chapter 5 ("Alerting on SLOs").
 *
 * <p><b>Burn rate</b> is how fast the error budget is being spent relative to the SLO window: an error ratio
 * {@code e} against an objective {@code o} burns at {@code e / (1 - o)}. A burn rate of 1 spends exactly the whole
 * budget over the window; at a burn rate {@code b} a W-day budget is gone in {@code W / b} days (1000× on a 99.9 %
 * SLO, i.e. 100 % errors, empties 30 days of budget in 43.2 minutes).
 *
 * <p><b>Thresholds</b> come from the share of budget a window may spend before someone must act: spending a
 * fraction {@code f} of a {@code W}-hour budget within a {@code w}-hour window means a burn rate of
 * {@code f × W / w}. For a 30-day (720 h) window: 2 % in 1 h → 14.4; 5 % in 6 h → 6; 10 % in 3 days (72 h) → 1.
 *
 * <p><b>Two windows per rule</b>: the long window makes the alert significant, the short one (1/12 of it) makes it
 * stop soon after the problem does. A rule fires only when both windows burn above its threshold.
 */
public final class BurnRates {

    /** Alert levels, least to most urgent. */
    public enum Level {
        NONE, TICKET, PAGE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One rule: fire {@code level} when both windows burn at least {@code threshold}. */
    public record Rule(Level level, int longMinutes, int shortMinutes, double threshold, double budgetShare) {
        public String describe() {
            return window(longMinutes) + "/" + window(shortMinutes) + " burn >= " + fmt(threshold)
                    + " (" + fmt(budgetShare * 100) + "% of budget)";
        }
    }

    /** The workbook's recommended set for a 30-day window (Table 5-8). */
    public static final List<Rule> WORKBOOK = List.of(
            new Rule(Level.PAGE, 60, 5, 14.4, 0.02),
            new Rule(Level.PAGE, 360, 30, 6.0, 0.05),
            new Rule(Level.TICKET, 4320, 360, 1.0, 0.10));

    /** The windows the rules read, in minutes. */
    public static final int[] WINDOWS = {5, 30, 60, 360, 4320};

    private BurnRates() {
    }

    /** {@code errorRatio / (1 - objective)}; 0 when there were no events. */
    public static double burnRate(double bad, double total, double objective) {
        if (!(total > 0)) {
            return 0;
        }
        double ratio = Math.min(1.0, Math.max(0.0, bad / total));
        return ratio / (1.0 - objective);
    }

    /**
     * The burn-rate threshold that spends {@code budgetShare} of a {@code sloWindowDays} budget within
     * {@code alertWindowMinutes}: {@code budgetShare × (sloWindowDays × 1440) / alertWindowMinutes}.
     */
    public static double threshold(double budgetShare, int sloWindowDays, int alertWindowMinutes) {
        return budgetShare * sloWindowDays * 1440.0 / alertWindowMinutes;
    }

    /** Rules for an SLO window other than 30 days: same budget shares and windows, thresholds rescaled. */
    public static List<Rule> rulesFor(int sloWindowDays) {
        if (sloWindowDays == 30) {
            return WORKBOOK;
        }
        return WORKBOOK.stream().map(r -> new Rule(r.level(), r.longMinutes(), r.shortMinutes(),
                threshold(r.budgetShare(), sloWindowDays, r.longMinutes()), r.budgetShare())).toList();
    }

    /** Minutes until the budget is gone at a constant burn rate: {@code window / burnRate}. */
    public static double minutesToExhaustion(double burnRate, int sloWindowDays) {
        return burnRate <= 0 ? Double.POSITIVE_INFINITY : sloWindowDays * 1440.0 / burnRate;
    }

    /**
     * How long a total outage-like error ratio {@code e} takes to fire a rule whose long window is {@code w} minutes:
     * the long window's error ratio reaches {@code threshold × (1 - o)} after {@code threshold × (1 - o) / e × w}.
     */
    public static double detectionMinutes(double errorRatio, double objective, Rule rule) {
        return rule.threshold() * (1 - objective) / errorRatio * rule.longMinutes();
    }

    /** The most urgent level whose rule fires, given a burn rate per window (indexed like {@link #WINDOWS}). */
    public static Rule firing(List<Rule> rules, java.util.function.IntToDoubleFunction burnForWindow) {
        Rule best = null;
        for (Rule r : rules) {
            if (burnForWindow.applyAsDouble(r.longMinutes()) >= r.threshold()
                    && burnForWindow.applyAsDouble(r.shortMinutes()) >= r.threshold()) {
                if (best == null || r.level().ordinal() > best.level().ordinal()) {
                    best = r;
                }
            }
        }
        return best;
    }

    static String window(int minutes) {
        if (minutes % 1440 == 0) {
            return minutes / 1440 + "d";
        }
        if (minutes % 60 == 0) {
            return minutes / 60 + "h";
        }
        return minutes + "m";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
