package dev.vigil.aws;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Exponential backoff with "full jitter" (sleep a uniform random time in [0, min(cap, base·2^attempt)]), the
 * schedule AWS recommends for contended retries: it spreads retrying writers apart instead of synchronising them.
 *
 * <p>Under SnapStart a random generator seeded in the init phase is restored identically into every execution
 * environment, so every restored copy would jitter the same way and retry in lockstep — what jitter is there to
 * prevent. The production constructor therefore draws each pause afresh ({@link SecureRandom}, which Lambda's
 * Java runtimes reseed on restore, mixed with the restored environment's own {@code System.nanoTime()}). A seeded
 * Backoff is deterministic: for tests.
 */
public final class Backoff {

    /** Sleeps; replaceable in tests so that retries cost no wall time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final long baseMillis;
    private final long capMillis;
    private final int maxAttempts;
    private final Sleeper sleeper;
    /** Null: a fresh draw per pause (production). */
    private final SplittableRandom random;

    private static final class Fresh {
        static final SecureRandom SECURE = new SecureRandom();
    }

    /** Deterministic jitter from {@code seed} (tests). */
    public Backoff(long baseMillis, long capMillis, int maxAttempts, Sleeper sleeper, long seed) {
        this(baseMillis, capMillis, maxAttempts, sleeper, new SplittableRandom(seed));
    }

    /** Jitter drawn afresh for every pause, so environments restored from one snapshot do not retry in step. */
    public Backoff(long baseMillis, long capMillis, int maxAttempts, Sleeper sleeper) {
        this(baseMillis, capMillis, maxAttempts, sleeper, (SplittableRandom) null);
    }

    private Backoff(long baseMillis, long capMillis, int maxAttempts, Sleeper sleeper, SplittableRandom random) {
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.maxAttempts = maxAttempts;
        this.sleeper = sleeper;
        this.random = random;
    }

    public static Backoff standard() {
        return new Backoff(25, 2_000, 8, Thread::sleep);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Sleeps before retry number {@code attempt} (1-based). */
    public void pause(int attempt) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        long millis;
        if (random == null) {
            // one SplitMix step over a fresh secure draw and this environment's clock
            millis = new SplittableRandom(Fresh.SECURE.nextLong() ^ System.nanoTime()).nextLong(ceiling + 1);
        } else {
            synchronized (random) {
                millis = random.nextLong(ceiling + 1);
            }
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
