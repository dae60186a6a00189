package dev.vigil.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.testing.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {

    private final Map<String, Object> vector = JsonTree.object(
            ProjectFiles.read("events/slack/slack_signature_test_vector.json"));
    private final byte[] secret = vector.get("signing_secret").toString().getBytes(StandardCharsets.UTF_8);
    private final String ts = vector.get("X-Slack-Request-Timestamp").toString();
    private final byte[] body = vector.get("raw_body").toString().getBytes(StandardCharsets.UTF_8);
    private final String expected = vector.get("expected_X-Slack-Signature").toString();
    private final Instant atTimestamp = Instant.ofEpochSecond(Long.parseLong(ts));

    @Test
    void slacksPublishedExample_signsToThePublishedSignature() {
        assertThat(SlackSignature.sign(secret, ts, body)).isEqualTo(expected);
    }

    @Test
    void slacksPublishedExample_verifiesWithinTheWindow() {
        assertThat(SlackSignature.verify(secret, ts, expected, body, atTimestamp.plusSeconds(299)))
                .isEqualTo(SlackSignature.Verdict.VALID);
    }

    @Test
    void aTimestampOlderThanFiveMinutes_isStaleEvenWithAValidSignature() {
        assertThat(SlackSignature.verify(secret, ts, expected, body, atTimestamp.plusSeconds(301)))
                .isEqualTo(SlackSignature.Verdict.STALE);
    }

    @Test
    void aTimestampFromTheFuture_isRefusedToo() {
        assertThat(SlackSignature.verify(secret, ts, expected, body, atTimestamp.minusSeconds(301)))
                .isEqualTo(SlackSignature.Verdict.STALE);
    }

    @Test
    void oneChangedByteOfBody_isForged() {
        byte[] tampered = body.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(SlackSignature.verify(secret, ts, expected, tampered, atTimestamp))
                .isEqualTo(SlackSignature.Verdict.FORGED);
    }

    @Test
    void aSignatureMadeWithAnotherSecret_isForged() {
        String other = SlackSignature.sign("not-the-secret".getBytes(StandardCharsets.UTF_8), ts, body);
        assertThat(SlackSignature.verify(secret, ts, other, body, atTimestamp)).isEqualTo(SlackSignature.Verdict.FORGED);
    }

    @Test
    void missingOrMalformedHeaders_areRefusedWithoutComputingAnything() {
        assertThat(SlackSignature.verify(secret, null, expected, body, atTimestamp))
                .isEqualTo(SlackSignature.Verdict.MISSING_HEADERS);
        assertThat(SlackSignature.verify(secret, ts, null, body, atTimestamp))
                .isEqualTo(SlackSignature.Verdict.MISSING_HEADERS);
        assertThat(SlackSignature.verify(secret, "yesterday", expected, body, atTimestamp))
                .isEqualTo(SlackSignature.Verdict.BAD_TIMESTAMP);
    }

    @Test
    void theDerivedBlockActionsRequest_verifiesOnItsRawFormBody() {
        Map<String, Object> req = JsonTree.object(ProjectFiles.read("events/slack/DERIVED_block_actions_form_request.json"));
        Map<String, String> headers = JsonTree.strings(req, "headers");
        byte[] form = ProjectFiles.read("events/slack/DERIVED_block_actions_form_body.txt").trim()
                .getBytes(StandardCharsets.UTF_8);
        byte[] key = req.get("signing_secret").toString().getBytes(StandardCharsets.UTF_8);
        String t = headers.get("X-Slack-Request-Timestamp");
        assertThat(SlackSignature.verify(key, t, headers.get("X-Slack-Signature"), form,
                Instant.ofEpochSecond(Long.parseLong(t)).plusSeconds(1))).isEqualTo(SlackSignature.Verdict.VALID);
    }

    @Test
    void aTimestampThatWouldOverflowTheWindowCheck_isStale() {
        java.time.Instant now = java.time.Instant.ofEpochSecond(1_714_558_500L);
        byte[] secret = "s".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = "payload=x".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // now - ts overflows to Long.MIN_VALUE, whose absolute value is negative
        String ts = Long.toString(Long.MIN_VALUE + now.getEpochSecond());
        assertThat(SlackSignature.verify(secret, ts, SlackSignature.sign(secret, ts, body), body, now))
                .isEqualTo(SlackSignature.Verdict.STALE);
    }
}
