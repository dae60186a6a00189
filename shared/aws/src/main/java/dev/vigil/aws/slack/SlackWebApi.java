package dev.vigil.aws.slack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.aws.Backoff;
import dev.vigil.core.slack.SlackChat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The few Slack Web API calls Vigil makes: {@code chat.postMessage}, {@code chat.update}, and a POST to an
 * interaction's {@code response_url}. Plain {@link HttpURLConnection} and Jackson streaming: nothing to load at cold
 * start. Rate limits (HTTP 429, honouring Retry-After), 5xx and network errors are retried with backoff; after the
 * last try a {@link SlackUnavailableException}. The bot token never appears in a message or log line.
 */
public final class SlackWebApi implements SlackChat {

    /** Where a posted message lives, for later updates. */
    public record MessageRef(String channel, String ts) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final URI baseUrl;
    private final Supplier<String> botToken;
    private final Backoff backoff;
    private final int timeoutMillis;
    private final long maxRetryAfterMillis;

    /**
     * @param baseUrl  {@code https://slack.com/api/} in production; a WireMock URL in tests
     * @param botToken read lazily (from Secrets Manager), so a cold start that never posts never fetches it
     */
    public SlackWebApi(URI baseUrl, Supplier<String> botToken, Backoff backoff, int timeoutMillis) {
        this(baseUrl, botToken, backoff, timeoutMillis, 30_000);
    }

    /**
     * @param maxRetryAfterMillis the longest {@code Retry-After} worth waiting for; a longer one gives up at once
     *                            (a caller inside Slack's 3-second budget cannot sleep 30 s in a 10 s function)
     */
    public SlackWebApi(URI baseUrl, Supplier<String> botToken, Backoff backoff, int timeoutMillis,
                       long maxRetryAfterMillis) {
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.botToken = botToken;
        this.backoff = backoff;
        this.timeoutMillis = timeoutMillis;
        this.maxRetryAfterMillis = maxRetryAfterMillis;
    }

    public static URI defaultBaseUrl() {
        return URI.create("https://slack.com/api/");
    }

    /** Posts a message with Block Kit {@code blocksJson} (a JSON array) and a plain-text fallback. */
    public MessageRef postMessage(String channel, String text, String blocksJson) {
        String body = message(channel, null, text, blocksJson);
        Reply r = call("chat.postMessage", body);
        return new MessageRef(r.channel != null ? r.channel : channel, r.ts);
    }

    /** Replaces a posted message in place. */
    public MessageRef update(MessageRef ref, String text, String blocksJson) {
        String body = message(ref.channel(), ref.ts(), text, blocksJson);
        Reply r = call("chat.update", body);
        return new MessageRef(ref.channel(), r.ts != null ? r.ts : ref.ts());
    }

    /**
     * Answers an interaction through its {@code response_url} (no token needed: the URL is the credential).
     * {@code payloadJson} is e.g. {@code {"replace_original":true,"text":…,"blocks":[…]}}.
     */
    public void respond(URI responseUrl, String payloadJson) {
        send("response_url", responseUrl, payloadJson, false);
    }

    // ---- remediation: the SlackChat port (the same calls, for the workflow and the approval function)

    @Override
    public Posted post(String channel, String text, String blocksJson) {
        MessageRef r = postMessage(channel, text, blocksJson);
        return new Posted(r.channel(), r.ts());
    }

    @Override
    public void update(String channel, String ts, String text, String blocksJson) {
        update(new MessageRef(channel, ts), text, blocksJson);
    }

    @Override
    public void respond(String responseUrl, String payloadJson) {
        respond(URI.create(responseUrl), payloadJson);
    }

    /** {@code usergroups.users.list}: who is in an approver user group (needs the usergroups:read scope). */
    @Override
    public Set<String> usergroupMembers(String usergroupId) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("usergroup", usergroupId);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Reply r = call("usergroups.users.list", w.toString());
        return r.users == null ? Set.of() : r.users;
    }
    // ---- end remediation

    private Reply call(String method, String body) {
        Reply r = send(method, baseUrl.resolve(method), body, true);
        if (!r.ok) {
            throw new SlackApiException(method, r.error == null ? "unknown_error" : r.error);
        }
        return r;
    }

    private Reply send(String what, URI url, String body, boolean authorised) {
        IOException last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
                c.setConnectTimeout(timeoutMillis);
                c.setReadTimeout(timeoutMillis);
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                if (authorised) {
                    c.setRequestProperty("Authorization", "Bearer " + botToken.get());
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                c.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
                int status = c.getResponseCode();
                if (status == 429 || status >= 500) {
                    long retryAfter = retryAfterMillis(c.getHeaderField("Retry-After"));
                    drain(c.getErrorStream());
                    last = new IOException("HTTP " + status);
                    if (attempt >= backoff.maxAttempts()
                            || (maxRetryAfterMillis < 30_000 && retryAfter > maxRetryAfterMillis)) {
                        break;
                    }
                    if (retryAfter > 0 && retryAfter <= 30_000) {
                        sleep(retryAfter);
                    } else {
                        backoff.pause(attempt);
                    }
                    continue;
                }
                String response = read(status >= 400 ? c.getErrorStream() : c.getInputStream());
                if (status >= 400) {
                    return new Reply(false, "http_" + status, null, null, null);
                }
                return parse(response);
            } catch (IOException e) {
                last = e;
                if (attempt >= backoff.maxAttempts()) {
                    break;
                }
                backoff.pause(attempt);
            }
        }
        throw new SlackUnavailableException("Slack " + what + " unreachable after " + backoff.maxAttempts()
                + " attempts: " + (last == null ? "?" : last.getMessage()), last);
    }

    private static long retryAfterMillis(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim()) * 1000L;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackUnavailableException("interrupted", e);
        }
    }

    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private record Reply(boolean ok, String error, String channel, String ts, Set<String> users) {
    }

    /** Slack's response_url answers "ok" as plain text; the Web API answers JSON. */
    private static Reply parse(String response) throws IOException {
        String trimmed = response.trim();
        if (!trimmed.startsWith("{")) {
            return new Reply(true, null, null, null, null);
        }
        boolean ok = false;
        String error = null;
        String channel = null;
        String ts = null;
        Set<String> users = null;
        try (JsonParser p = JSON.createParser(trimmed)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "ok" -> ok = t == JsonToken.VALUE_TRUE;
                    case "error" -> error = p.getValueAsString();
                    case "channel" -> channel = t == JsonToken.VALUE_STRING ? p.getValueAsString() : channel;
                    case "ts" -> ts = p.getValueAsString();
                    case "users" -> {
                        users = new HashSet<>();
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.VALUE_STRING) {
                                users.add(p.getValueAsString());
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new Reply(ok, error, channel, ts, users);
    }

    static String message(String channel, String ts, String text, String blocksJson) {
        StringWriter w = new StringWriter(256 + (blocksJson == null ? 0 : blocksJson.length()));
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("channel", channel);
            if (ts != null) {
                g.writeStringField("ts", ts);
            }
            g.writeStringField("text", text);
            if (blocksJson != null) {
                g.writeFieldName("blocks");
                g.writeRawValue(blocksJson);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
