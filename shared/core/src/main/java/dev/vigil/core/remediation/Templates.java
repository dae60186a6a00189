package dev.vigil.core.remediation;

import dev.vigil.core.anomaly.AnomalyEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} substitution over an anomaly: {@code accountId}, {@code region}, {@code namespace},
 * {@code metricName}, {@code seriesId}, {@code dimensions.<Name>}. An unknown or missing name is an error, never an
 * empty string: a half-resolved ARN must not reach an executor.
 */
public final class Templates {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.:/-]+)}");

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
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
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
