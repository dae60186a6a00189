package dev.vigil.core.cost;

/** The billing export dialects Vigil reads. Detected from the manifest or the header, never configured. */
public enum ExportFormat {
    /** Legacy Cost and Usage Report: {@code lineItem/UnblendedCost} headers (CSV), or snake_case in Parquet. */
    CUR_LEGACY("cur", "legacy CUR"),
    /** CUR 2.0 from AWS Data Exports: fixed snake_case schema; {@code product}, {@code resource_tags} are maps. */
    CUR_2("cur2", "CUR 2.0"),
    /** FinOps FOCUS 1.0 to 1.2 (AWS Data Exports FOCUS tables and other providers). */
    FOCUS("focus", "FOCUS");

    private final String code;
    private final String label;

    ExportFormat(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }
}
