package dev.vigil.core.cost.read;

import java.nio.charset.StandardCharsets;

/** Allocation-free parsing of numbers and timestamps straight from the bytes of a CSV field. */
public final class Ascii {

    /** Returned by the time parsers when a field is not a timestamp. */
    public static final long BAD_TIME = Long.MIN_VALUE;

    private static final double[] POW10 = new double[23];
    /** Mantissas up to 2^53 convert to double exactly, so one scaling by an exact power of ten rounds correctly. */
    private static final long MAX_EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Ascii() {
    }

    /** {@code NULL}/{@code null} (unquoted, as some FOCUS exports write it) or an empty field. */
    public static boolean isNull(byte[] b, int s, int e) {
        int n = e - s;
        if (n == 0) {
            return true;
        }
        return n == 4 && (b[s] | 0x20) == 'n' && (b[s + 1] | 0x20) == 'u' && (b[s + 2] | 0x20) == 'l'
                && (b[s + 3] | 0x20) == 'l';
    }

    /**
     * A decimal such as {@code -12.5}, {@code 0.00000080000} or {@code 1.2E-5}. The digits are accumulated in a
     * long and scaled once by an exact power of ten, which is correctly rounded when the mantissa is at most 2^53
     * (15 significant digits and more: billing amounts); anything longer or stranger goes through
     * {@link Double#parseDouble}, so the result is always the correctly rounded double. Returns NaN for a field that is not a number. Surrounding spaces are ignored.
     */
    public static double parseDouble(byte[] b, int s, int e) {
        while (s < e && b[s] == ' ') {
            s++;
        }
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        if (s >= e) {
            return Double.NaN;
        }
        int p = s;
        boolean neg = false;
        if (b[p] == '-') {
            neg = true;
            p++;
        } else if (b[p] == '+') {
            p++;
        }
        long mant = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        boolean dot = false;
        for (; p < e; p++) {
            byte c = b[p];
            if (c >= '0' && c <= '9') {
                any = true;
                if (digits < 18) {
                    if (mant != 0 || c != '0') {
                        digits++;
                    }
                    mant = mant * 10 + (c - '0');
                    if (dot) {
                        scale++;
                    }
                } else if (!dot) {
                    return slow(b, s, e);
                }
                // beyond 18 significant digits after the dot: negligible, dropped
            } else if (c == '.' && !dot) {
                dot = true;
            } else if (c == 'e' || c == 'E') {
                break;
            } else {
                return Double.NaN;
            }
        }
        if (!any) {
            return Double.NaN;
        }
        int exp = 0;
        if (p < e) {   // exponent
            p++;
            boolean eneg = false;
            if (p < e && (b[p] == '-' || b[p] == '+')) {
                eneg = b[p] == '-';
                p++;
            }
            if (p >= e) {
                return Double.NaN;
            }
            for (; p < e; p++) {
                byte c = b[p];
                if (c < '0' || c > '9' || exp > 400) {
                    return c >= '0' && c <= '9' ? slow(b, s, e) : Double.NaN;
                }
                exp = exp * 10 + (c - '0');
            }
            if (eneg) {
                exp = -exp;
            }
        }
        if (mant > MAX_EXACT) {
            // 16+ significant digits (e.g. a Double.toString of a computed amount): the long-to-double conversion
            // would round once and the scaling again, one ulp off the correctly rounded value that Parquet writers
            // and Double.parseDouble give. Rare in exports; the exact slow path keeps CSV and Parquet identical.
            return slow(b, s, e);
        }
        int tenPow = exp - scale;
        double v;
        if (tenPow == 0) {
            v = mant;
        } else if (tenPow < 0 && -tenPow < POW10.length) {
            v = mant / POW10[-tenPow];
        } else if (tenPow > 0 && tenPow < POW10.length) {
            v = mant * POW10[tenPow];
        } else {
            return slow(b, s, e);
        }
        return neg ? -v : v;
    }

    private static double slow(byte[] b, int s, int e) {
        try {
            return Double.parseDouble(new String(b, s, e - s, StandardCharsets.US_ASCII));
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    /**
     * Hours since the epoch (UTC) of a timestamp written {@code yyyy-MM-dd}, {@code yyyy-MM-ddTHH:mm:ss[.fff]Z},
     * {@code yyyy-MM-dd HH:mm:ss} (a space instead of the T, as in real FOCUS data), or with a numeric offset
     * ({@code +02:00}, {@code -0700}), which is applied. {@link #BAD_TIME} when it is none of these.
     */
    public static long epochHour(byte[] b, int s, int e) {
        while (s < e && b[s] == ' ') {
            s++;
        }
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        if (e - s < 10 || b[s + 4] != '-' || b[s + 7] != '-') {
            return BAD_TIME;
        }
        int y = digits(b, s, 4);
        int m = digits(b, s + 5, 2);
        int d = digits(b, s + 8, 2);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
            return BAD_TIME;
        }
        int hour = 0;
        int p = s + 10;
        if (p < e) {
            byte sep = b[p];
            if (sep != 'T' && sep != ' ' && sep != 't') {
                return BAD_TIME;
            }
            if (e - p < 3) {
                return BAD_TIME;
            }
            hour = digits(b, p + 1, 2);
            if (hour < 0 || hour > 24) {
                return BAD_TIME;
            }
            p += 3;
            // skip :mm:ss.fff
            while (p < e && (b[p] == ':' || b[p] == '.' || (b[p] >= '0' && b[p] <= '9'))) {
                p++;
            }
            if (p < e) {
                byte z = b[p];
                if (z == 'Z' || z == 'z') {
                    if (p + 1 != e) {
                        return BAD_TIME;
                    }
                } else if (z == '+' || z == '-') {
                    int oh = digits(b, p + 1, 2);
                    if (oh < 0 || p + 3 > e) {
                        return BAD_TIME;
                    }
                    // local = UTC + offset, so UTC = local - offset (whole hours; half-hour offsets floor)
                    hour += z == '+' ? -oh : oh;
                } else {
                    return BAD_TIME;
                }
            }
        }
        return epochDay(y, m, d) * 24L + hour;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    public static long epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static int digits(byte[] b, int s, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int c = b[s + i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    /** ASCII case-insensitive comparison of a field with a lower-case constant. */
    public static boolean equalsLower(byte[] b, int s, int e, byte[] lower) {
        if (e - s != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b[s + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
