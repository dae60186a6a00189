package dev.vigil.core.slack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Slack interactivity requests: an {@code application/x-www-form-urlencoded} body whose {@code payload} field
 * is JSON. Only {@code block_actions} is accepted; the first action is the click (Slack sends one per request for
 * buttons). Jackson streaming, no data binding: this runs on the latency-critical path.
 */
public final class BlockActions {

    private static final JsonFactory JSON = new JsonFactory();

    private BlockActions() {
    }

    /** The {@code payload} form field, URL-decoded; null when absent. */
    public static String payloadField(String formBody) {
        return formField(formBody, "payload");
    }

    /** A form field, URL-decoded; null when absent (slash commands send {@code command}, {@code text}, {@code user_id}…). */
    public static String formField(String formBody, String name) {
        for (String pair : formBody.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Parses the payload JSON; throws IllegalArgumentException with the reason when it is not a block action. */
    public static BlockAction parse(String payloadJson) {
        String type = null;
        String userId = null;
        String userName = null;
        String teamId = null;
        String channelId = null;
        String messageTs = null;
        String responseUrl = null;
        List<String[]> actions = new ArrayList<>();
        try (JsonParser p = JSON.createParser(payloadJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the payload is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "type" -> type = p.getValueAsString();
                    case "response_url" -> responseUrl = p.getValueAsString();
                    case "user" -> {
                        if (t == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                switch (k) {
                                    case "id" -> userId = p.getValueAsString();
                                    case "username" -> userName = p.getValueAsString();
                                    case "name" -> userName = userName == null ? p.getValueAsString() : userName;
                                    case "team_id" -> teamId = p.getValueAsString();
                                    default -> p.skipChildren();
                                }
                            }
                        }
                    }
                    case "container" -> {
                        if (t == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                switch (k) {
                                    case "channel_id" -> channelId = p.getValueAsString();
                                    case "message_ts" -> messageTs = p.getValueAsString();
                                    default -> p.skipChildren();
                                }
                            }
                        }
                    }
                    case "channel" -> {
                        if (t == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                if (k.equals("id") && channelId == null) {
                                    channelId = p.getValueAsString();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    case "actions" -> {
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                String[] a = new String[4];
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String k = p.currentName();
                                    p.nextToken();
                                    switch (k) {
                                        case "action_id" -> a[0] = p.getValueAsString();
                                        case "block_id" -> a[1] = p.getValueAsString();
                                        case "value" -> a[2] = p.getValueAsString();
                                        case "action_ts" -> a[3] = p.getValueAsString();
                                        default -> p.skipChildren();
                                    }
                                }
                                actions.add(a);
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the payload is not valid JSON: " + e.getMessage(), e);
        }
        if (!"block_actions".equals(type)) {
            throw new IllegalArgumentException("not a block_actions interaction (type " + type + ")");
        }
        if (userId == null) {
            throw new IllegalArgumentException("block_actions without a user id");
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("block_actions without an action");
        }
        String[] a = actions.get(0);
        return new BlockAction(userId, userName, teamId, a[0], a[1], a[2], a[3], channelId, messageTs, responseUrl);
    }
}
