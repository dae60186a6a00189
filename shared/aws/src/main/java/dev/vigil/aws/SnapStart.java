package dev.vigil.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming for every function: run a function's CPU-only hot path once before the snapshot is taken, so its
 * classes are loaded and initialised inside the snapshot. Priming must not call the network (connections opened
 * before a snapshot are stale after restore) nor touch secrets (they would be frozen into the snapshot).
 */
public final class SnapStart {

    /** CRaC holds resources weakly: they are kept here, one per name, for the life of the container. */
    private static final Map<String, Resource> REGISTERED = new ConcurrentHashMap<>();

    /** A priming step that may throw: a failure aborts the snapshot, which is better than a slow first request. */
    @FunctionalInterface
    public interface Priming {
        void prime() throws Exception;
    }

    private SnapStart() {
    }

    /** Registers {@code priming} to run before the checkpoint; registering the same name again does nothing. */
    public static void primeBeforeCheckpoint(String name, Priming priming) {
        REGISTERED.computeIfAbsent(name, n -> {
            Resource r = new Resource() {
                @Override
                public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
                    priming.prime();
                }

                @Override
                public void afterRestore(Context<? extends Resource> context) {
                    // SDK clients reconnect lazily; secrets are fetched on first use.
                }
            };
            Core.getGlobalContext().register(r);
            return r;
        });
    }
}
