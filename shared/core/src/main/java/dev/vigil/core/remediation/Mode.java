package dev.vigil.core.remediation;

import java.util.Locale;

/**
 * What a runbook may do with its plan. {@code approve} is the default.
 * <ul>
 *   <li>{@code suggest}: a Slack message with the proposed action, and no button that acts;</li>
 *   <li>{@code shadow}: plan, and record what would have run (nothing is posted, nothing acts);</li>
 *   <li>{@code approve}: a human must approve (two distinct humans for high risk);</li>
 *   <li>{@code auto}: acts without asking, allowed only for low-risk actions within guardrails.</li>
 * </ul>
 */
public enum Mode {
    SUGGEST, SHADOW, APPROVE, AUTO;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String s) {
        for (Mode m : values()) {
            if (m.code().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + s + "' (suggest, shadow, approve, auto)");
    }
}
