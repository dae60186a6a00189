package dev.vigil.core.cost.read;

/** The logical columns Vigil reads, whatever their names in a given dialect. */
public enum Field {
    ACCOUNT, SERVICE, REGION, USAGE_TYPE, RESOURCE, CHARGE_TYPE, CHARGE_FREQUENCY, START, END,
    UNBLENDED, EFFECTIVE, SP_EFFECTIVE, SP_TOTAL_COMMIT, SP_USED_COMMIT, RI_EFFECTIVE, RI_UNUSED_AMORT,
    RI_UNUSED_RECUR, RI_ARN, TAGS, CURRENCY, PERIOD_START
}
