package dev.vigil.aws.dynamo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Fixed-width UTC timestamps ({@code 2024-05-01T10:00:00.000Z}): they sort as strings in time order, which
 * {@link Instant#toString()} does not guarantee (it drops zero fractions).
 */
public final class Iso {
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Iso() {
    }

    public static String format(Instant t) {
        return t == null ? null : F.format(t);
    }

    public static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
