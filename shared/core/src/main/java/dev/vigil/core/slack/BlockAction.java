package dev.vigil.core.slack;

/**
 * The part of a Slack {@code block_actions} interaction Vigil uses: who clicked (user id, name), which button
 * ({@code actionId}, and its {@code value}: the short approval id), where (channel, message ts) and the
 * {@code response_url} that updates the message.
 */
public record BlockAction(String userId, String userName, String teamId, String actionId, String blockId,
                          String value, String actionTs, String channelId, String messageTs, String responseUrl) {
}
