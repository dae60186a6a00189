package dev.vigil.aws;

import java.util.SplittableRandom;

/**
 * Exponential backoff with "full jitter" (sleep a uniform random time in [0, min(cap, base·2^attempt)]), the
 * schedule AWS recommends for contended retries: it spreads retrying writers apart instead of synchronising them.
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
    private final SplittableRandom random;

    public Backoff(long baseMillis, long capMillis, int maxAttempts, Sleeper sleeper, long seed) {
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.maxAttempts = maxAttempts;
        this.sleeper = sleeper;
        this.random = new SplittableRandom(seed);
    }

    public static Backoff standard() {
        return new Backoff(25, 2_000, 8, Thread::sleep, System.nanoTime());
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Sleeps before retry number {@code attempt} (1-based). */
    public void pause(int attempt) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        long millis;
        synchronized (random) {
            millis = random.nextLong(ceiling + 1);
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
