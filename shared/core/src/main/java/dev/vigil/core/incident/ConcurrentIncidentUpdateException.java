package dev.vigil.core.incident;

/** The engine state was saved by someone else since it was read; the batch is re-run on the new state. */
public final class ConcurrentIncidentUpdateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConcurrentIncidentUpdateException(String message) {
        super(message);
    }
}
