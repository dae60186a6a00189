package dev.vigil.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cold-start proxy of one handler, in a fresh JVM (run by bench/coldstart.sh): time to construct the handler
 * (Wiring.fromEnvironment: clients, config, tables named) and to answer its first event, against moto_server.
 * Prints one line: {@code handler ctorMs firstEventMs outcome}. The event's {@code ${NOW_SECONDS}} and, for a Slack
 * request, the {@code X-Slack-Signature} are filled in here so that the request is fresh and correctly signed.
 */
public final class ColdStart {

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String handlerClass = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        if (args.length > 2) {
            event = slackRequest(new String(event, StandardCharsets.UTF_8), args[2]);
        }
        Class<?> type = Class.forName(handlerClass);
        Object handler = type.getConstructor().newInstance();
        long t1 = System.nanoTime();
        Object context = Proxy.newProxyInstance(type.getClassLoader(),
                new Class<?>[] {Class.forName("com.amazonaws.services.lambda.runtime.Context")},
                (p, m, a) -> switch (m.getName()) {
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogger", "getIdentity", "getClientContext" -> null;
                    default -> "bench";
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String outcome;
        try {
            type.getMethod("handleRequest", InputStream.class, OutputStream.class,
                    Class.forName("com.amazonaws.services.lambda.runtime.Context"))
                    .invoke(handler, new ByteArrayInputStream(event), out, context);
            String body = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            outcome = "ok:" + (body.length() > 70 ? body.substring(0, 70) + "..." : body);
        } catch (java.lang.reflect.InvocationTargetException e) {
            outcome = "threw:" + e.getCause();
        }
        long t2 = System.nanoTime();
        System.out.printf("%s %.0f %.0f %s%n", type.getSimpleName(), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                outcome.replace('\n', ' '));
    }

    /** An HTTP API event carrying a form body, signed now with {@code secret} as Slack signs requests. */
    static byte[] slackRequest(String formBody, String secret) throws Exception {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String body = formBody.strip();
        byte[] sig = mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8));
        String hex = java.util.HexFormat.of().formatHex(sig);
        String b64 = java.util.Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        String json = "{\"version\":\"2.0\",\"routeKey\":\"POST /slack/interactivity\",\"rawPath\":\"/slack/interactivity\","
                + "\"headers\":{\"content-type\":\"application/x-www-form-urlencoded\",\"x-slack-request-timestamp\":\""
                + ts + "\",\"x-slack-signature\":\"v0=" + hex + "\"},\"requestContext\":{\"http\":{\"method\":\"POST\","
                + "\"path\":\"/slack/interactivity\"}},\"body\":\"" + b64 + "\",\"isBase64Encoded\":true}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
