package dev.vigil.core.remediation;

import java.util.Locale;

/** How much harm an action can do if it is wrong. HIGH needs two distinct approvers; AUTO is allowed for LOW only. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RiskLevel parse(String s) {
        for (RiskLevel r : values()) {
            if (r.code().equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown risk level '" + s + "' (low, medium, high)");
    }

    /** Approvals a human decision needs: two distinct people for HIGH, one otherwise. */
    public int requiredApprovals() {
        return this == HIGH ? 2 : 1;
    }
}
