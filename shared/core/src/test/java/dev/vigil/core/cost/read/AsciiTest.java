package dev.vigil.core.cost.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AsciiTest {

    static double num(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Ascii.parseDouble(b, 0, b.length);
    }

    static long hour(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Ascii.epochHour(b, 0, b.length);
    }

    @Test
    void decimalsAsBillingExportsWriteThem() {
        assertThat(num("0.00000080000")).isEqualTo(8.0E-7);
        assertThat(num("-12.5")).isEqualTo(-12.5);
        assertThat(num("1.2E-5")).isEqualTo(1.2E-5);
        assertThat(num("3")).isEqualTo(3.0);
        assertThat(num(" 42.10 ")).isEqualTo(42.1);
        assertThat(num("0.123456789012345678901234")).isCloseTo(0.123456789012345678, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(num("12345678901234567890.5")).isEqualTo(1.2345678901234567E19);
        assertThat(num("abc")).isNaN();
        assertThat(num("1.2.3")).isNaN();
        assertThat(num("")).isNaN();
    }

    @Test
    void everyDoubleReadsBackExactlyAsJavaWritesIt() {
        // Double.toString writes up to 17 significant digits; the fast path alone is one ulp off for some of them
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble() * 1000;
                case 1 -> Math.exp(r.nextGaussian() * 1.5 - 2) * 0.7;
                case 2 -> Math.round(r.nextDouble() * 1e10) / 1e8;
                default -> Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL);
            };
            String s = Double.toString(d);
            assertThat(num(s)).as(s).isEqualTo(Double.parseDouble(s));
            String plain = new java.math.BigDecimal(s).toPlainString();
            if (plain.length() < 60) {
                assertThat(num(plain)).as(plain).isEqualTo(Double.parseDouble(plain));
            }
        }
    }

    @Test
    void timestampsInEveryDialect() {
        long h = Instant.parse("2024-09-18T22:00:00Z").getEpochSecond() / 3600;
        assertThat(hour("2024-09-18T22:00:00Z")).isEqualTo(h);
        assertThat(hour("2024-09-18T22:00:00.000Z")).isEqualTo(h);
        assertThat(hour("2024-09-18 22:00:00")).isEqualTo(h);          // FOCUS sample: a space, no zone
        assertThat(hour("2024-09-18T23:00:00+01:00")).isEqualTo(h);    // offsets are applied
        assertThat(hour("2024-09-18T15:00:00-0700")).isEqualTo(h);
        assertThat(hour("2024-09-18")).isEqualTo(h - 22);
        assertThat(hour("18/09/2024")).isEqualTo(Ascii.BAD_TIME);
        assertThat(hour("2024-13-01T00:00:00Z")).isEqualTo(Ascii.BAD_TIME);
        assertThat(hour("NULL")).isEqualTo(Ascii.BAD_TIME);
    }

    @Test
    void nullIsEmptyOrTheLiteralNull() {
        byte[] b = "NULL null Null x".getBytes(StandardCharsets.US_ASCII);
        assertThat(Ascii.isNull(b, 0, 4)).isTrue();
        assertThat(Ascii.isNull(b, 5, 9)).isTrue();
        assertThat(Ascii.isNull(b, 10, 14)).isTrue();
        assertThat(Ascii.isNull(b, 15, 16)).isFalse();
        assertThat(Ascii.isNull(b, 3, 3)).isTrue();
    }
}
