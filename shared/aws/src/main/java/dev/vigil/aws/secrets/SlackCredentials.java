package dev.vigil.aws.secrets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Slack app's secrets, from one Secrets Manager secret holding
 * {@code {"signingSecret":"…","botToken":"xoxb-…"}}. Fetched once per container; {@link #toString()} never shows them.
 */
public record SlackCredentials(String signingSecret, String botToken) {

    /** The bot token, read from Secrets Manager on first use (not in the init phase) and kept for the container. */
    public static java.util.function.Supplier<String> botTokenOnFirstUse(SecretsManagerClient client, String secretId) {
        return new java.util.function.Supplier<>() {
            private volatile String cached;

            @Override
            public String get() {
                if (cached == null) {
                    cached = load(client, secretId).botToken();
                }
                return cached;
            }
        };
    }

    public static SlackCredentials load(SecretsManagerClient client, String secretId) {
        String json = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        if (json == null) {
            throw new IllegalStateException("secret " + secretId + " has no string value");
        }
        return parse(json, secretId);
    }

    static SlackCredentials parse(String json, String secretId) {
        String signing = null;
        String token = null;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("secret " + secretId + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "signingSecret" -> signing = p.getValueAsString();
                    case "botToken" -> token = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            // Never include the secret text in the message.
            throw new IllegalStateException("secret " + secretId + " is not valid JSON");
        }
        if (signing == null || signing.isBlank() || token == null || token.isBlank()) {
            throw new IllegalStateException("secret " + secretId + " must hold signingSecret and botToken");
        }
        return new SlackCredentials(signing, token);
    }

    @Override
    public String toString() {
        return "SlackCredentials[signingSecret=***, botToken=***]";
    }
}
