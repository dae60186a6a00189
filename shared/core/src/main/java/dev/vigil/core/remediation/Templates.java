package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} substitution over an anomaly: {@code accountId}, {@code region}, {@code namespace},
 * {@code metricName}, {@code seriesId}, {@code dimensions.<Name>}. An unknown or missing name is an error, never an
 * empty string: a half-resolved ARN must not reach an executor.
 *
 * <p>The values come from an anomaly event, so from whoever could publish one; every value is checked before it is
 * substituted (docs/security.md). A dimension value may hold only the characters AWS resource names use
 * ({@link #NAME}): no {@code :} or {@code /} that would move it into another part of an ARN, no {@code *} or
 * {@code ?} that would widen one, no {@code $}, braces or quotes that would change an SSM parameter. An account is
 * twelve digits, a region looks like one.
 */
public final class Templates {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.:/-]+)}");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ._@+=,#-]{1,255}");
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    /** namespace, metric name, series id: printable, no wildcard, substitution or quoting characters. */
    static final Pattern TEXT = Pattern.compile("[\\x21-\\x7E&&[^*?${}\"'\\\\`]][\\x20-\\x7E&&[^*?${}\"'\\\\`]]{0,2047}");

    private Templates() {
    }

    public static String resolve(String template, AnomalyEvent e) {
        if (template == null) {
            return null;
        }
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = value(name, e);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("template " + template + ": ${" + name + "} has no value for "
                        + "this anomaly");
            }
            if (!safe(name, v)) {
                throw new IllegalArgumentException("template " + template + ": ${" + name + "} = '"
                        + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "' is not a safe value to substitute");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean safe(String name, String v) {
        Pattern p = name.startsWith("dimensions.") ? NAME
                : name.equals("accountId") ? ACCOUNT : name.equals("region") ? REGION : TEXT;
        return p.matcher(v).matches();
    }

    static String value(String name, AnomalyEvent e) {
        if (name.startsWith("dimensions.")) {
            return e.dimensions().get(name.substring("dimensions.".length()));
        }
        return switch (name) {
            case "accountId" -> e.accountId();
            case "region" -> e.region();
            case "namespace" -> e.namespace();
            case "metricName" -> e.metricName();
            case "seriesId" -> e.seriesId();
            default -> throw new IllegalArgumentException("unknown template variable ${" + name + "}");
        };
    }

    public static boolean isTemplate(String s) {
        return s != null && VAR.matcher(s).find();
    }
}
