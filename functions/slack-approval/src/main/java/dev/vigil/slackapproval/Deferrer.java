package dev.vigil.slackapproval;

/**
 * Hands a verified request to a later, asynchronous invocation of the same function, so that the HTTP answer goes
 * back to Slack right after the signature and replay checks (Slack drops a reply that takes over 3 s; the rest of a
 * click can take several calls in series). In AWS: an asynchronous {@code Invoke} of the function's own ARN
 * ({@link LambdaSelfInvoke}); in tests, a list.
 */
public interface Deferrer {

    /** @param event the function's own event to run later ({@link HttpApiEvent#deferredEvent}) */
    void defer(byte[] event);
}
