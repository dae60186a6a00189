package dev.vigil.core.remediation;

import java.util.List;
import java.util.Map;

/**
 * An action's blast radius and pace.
 *
 * @param maxRelativeChange     largest |new − old| / old a scalar action may make (0.5 = ±50%); null: no limit
 * @param absoluteMin           smallest value a scalar action may set; null: none
 * @param absoluteMax           largest value a scalar action may set; null: none
 * @param allowedArns           the resources it may touch, as ARN globs ({@code *} matches within a segment or more)
 * @param requiredTags          tags each resource must carry (value {@code *}: any value)
 * @param cooldownMinutes       no new execution on a resource until this long after the last one
 * @param maxPerResourcePerHour executions (applied or undone) on one resource in any 60 minutes
 */
public record Limits(Double maxRelativeChange, Long absoluteMin, Long absoluteMax, List<String> allowedArns,
                     Map<String, String> requiredTags, int cooldownMinutes, int maxPerResourcePerHour) {

    public Limits {
        allowedArns = List.copyOf(allowedArns);
        requiredTags = Map.copyOf(requiredTags);
    }

    /** {@code *} matches any run of characters; everything else is literal. */
    public static boolean globMatches(String glob, String s) {
        if (s == null) {
            return false;
        }
        StringBuilder re = new StringBuilder("^");
        for (String part : glob.split("\\*", -1)) {
            if (re.length() > 1) {
                re.append(".*");
            }
            re.append(java.util.regex.Pattern.quote(part));
        }
        return s.matches(re.append('$').toString());
    }

    public boolean arnAllowed(String arn) {
        for (String g : allowedArns) {
            if (globMatches(g, arn)) {
                return true;
            }
        }
        return false;
    }

    /** A one-line summary for humans (Slack, the demo). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (maxRelativeChange != null) {
            b.append("max change ±").append(Math.round(maxRelativeChange * 100)).append("%; ");
        }
        if (absoluteMin != null || absoluteMax != null) {
            b.append("bounds [").append(absoluteMin == null ? "-" : absoluteMin).append(", ")
                    .append(absoluteMax == null ? "-" : absoluteMax).append("]; ");
        }
        b.append("cooldown ").append(cooldownMinutes).append(" min; ≤").append(maxPerResourcePerHour)
                .append("/resource/hour");
        return b.toString();
    }
}
