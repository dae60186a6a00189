package dev.vigil.core.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack request signing, version {@code v0}: {@code X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signingSecret,
 * "v0:" + X-Slack-Request-Timestamp + ":" + rawBody))}, over the raw body bytes exactly as received. The comparison
 * is constant-time ({@link MessageDigest#isEqual}); a timestamp more than five minutes away from now (either way) is
 * refused before any HMAC is computed, which bounds how long a captured request could be replayed.
 */
public final class SlackSignature {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    public enum Verdict {
        VALID, MISSING_HEADERS, BAD_TIMESTAMP, STALE, FORGED
    }

    private SlackSignature() {
    }

    public static Verdict verify(byte[] signingSecret, String timestampHeader, String signatureHeader, byte[] rawBody,
                                 Instant now) {
        if (timestampHeader == null || signatureHeader == null || rawBody == null) {
            return Verdict.MISSING_HEADERS;
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        // Compared as a range, not |now - ts|: that difference overflows for timestamps near Long.MIN_VALUE, and
        // Math.abs(Long.MIN_VALUE) is negative, which would pass any window.
        long n = now.getEpochSecond();
        if (ts < n - MAX_AGE.toSeconds() || ts > n + MAX_AGE.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = sign(signingSecret, timestampHeader.trim(), rawBody).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.FORGED;
    }

    /** {@code v0=<hex>} for a timestamp and body (also used by tests to sign their requests). */
    public static String sign(byte[] signingSecret, String timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            mac.update(rawBody);
            return "v0=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
