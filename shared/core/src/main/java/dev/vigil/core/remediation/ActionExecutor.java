package dev.vigil.core.remediation;

/**
 * Carries out one {@link ActionType} (implemented in {@code shared/aws} through the AWS SDK). Every method is safe
 * to call again: {@link #apply} and {@link #undo} set absolute values (or pass an idempotency token), so a retried
 * step never applies anything twice.
 */
public interface ActionExecutor {

    ActionType type();

    /** The resource's current state and tags. */
    ResourceState read(String arn);

    /** Applies the plan's parameters; returns the state after. */
    ResourceState apply(Plan plan, String idempotencyKey);

    /**
     * Restores {@code before} (captured before acting); {@code after} is what {@link #apply} returned, or null when
     * apply never finished. Returns the state after.
     */
    ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey);
}
