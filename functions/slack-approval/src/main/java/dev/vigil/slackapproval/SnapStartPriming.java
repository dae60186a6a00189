package dev.vigil.slackapproval;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.slack.BlockActions;
import dev.vigil.core.slack.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * SnapStart priming: run the CPU-only request path (HMAC, form decoding, block_actions parsing, Block Kit JSON)
 * with a dummy secret before the snapshot, so its classes are loaded and initialised in it. No network call and no
 * real secret: the signing secret is fetched after restore.
 */
final class SnapStartPriming {

    private SnapStartPriming() {
    }

    static void register() {
        dev.vigil.aws.SnapStart.primeBeforeCheckpoint("slack-approval", SnapStartPriming::prime);
    }

    static void prime() {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0\",\"username\":\"prime\"},"
                + "\"container\":{\"channel_id\":\"C0\",\"message_ts\":\"1.2\"},"
                + "\"response_url\":\"https://example.invalid/r\","
                + "\"actions\":[{\"action_id\":\"vigil.approve\",\"value\":\"a0\",\"action_ts\":\"1.3\"}]}";
        byte[] body = ("payload=" + java.net.URLEncoder.encode(payload, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        byte[] secret = "prime-only-not-a-secret".getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String sig = SlackSignature.sign(secret, Long.toString(ts), body);
        SlackSignature.verify(secret, Long.toString(ts), sig, body, Instant.ofEpochSecond(ts));
        BlockActions.parse(BlockActions.payloadField(new String(body, StandardCharsets.UTF_8)));
        JsonTree.write(JsonTree.parse(payload));
        HttpApiEvent.deferredEvent(new HttpApiEvent(java.util.Map.of("x-slack-signature", sig), body));
    }
}
