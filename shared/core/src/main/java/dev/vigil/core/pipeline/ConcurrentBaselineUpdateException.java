package dev.vigil.core.pipeline;

import java.util.Set;

/**
 * Some series kept conflicting with other writers after every retry. The invocation fails so that Firehose
 * retries it; the watermark makes that retry harmless for the series that were saved.
 */
public class ConcurrentBaselineUpdateException extends RuntimeException {
    private final Set<String> seriesIds;

    public ConcurrentBaselineUpdateException(Set<String> seriesIds, int attempts) {
        super(seriesIds.size() + " series still conflicted after " + attempts + " attempts, e.g. "
                + seriesIds.iterator().next());
        this.seriesIds = Set.copyOf(seriesIds);
    }

    public Set<String> seriesIds() {
        return seriesIds;
    }
}
