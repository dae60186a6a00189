package dev.vigil.core.incident;

/**
 * Mutes matching signals from {@code from} to {@code until} (epoch ms). From config ({@code source=config}) or from
 * the Slack command ({@code source=slack}, kept in DynamoDB until it expires).
 */
public record Silence(String id, Matcher matcher, long from, long until, String reason, String createdBy,
                      String source) {

    public boolean activeAt(long t) {
        return t >= from && t < until;
    }
}
