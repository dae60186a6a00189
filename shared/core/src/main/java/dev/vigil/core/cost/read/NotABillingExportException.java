package dev.vigil.core.cost.read;

/** The input is not a CUR, CUR 2.0 or FOCUS export (or its manifest). Permanent: retrying cannot help. */
public final class NotABillingExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotABillingExportException(String message) {
        super(message);
    }
}
