package dev.vigil.slackapproval;

import dev.vigil.core.config.Env;
import java.util.Set;

/**
 * Who may do what at the signed endpoint, beyond the approvals themselves (docs/security.md):
 *
 * <ul>
 *   <li>{@code teamId}, {@code appId}: the Slack workspace and app Vigil is installed in. When set, a signed request
 *       from another workspace or app (a signing secret shared across installs, or a leaked one) is refused, 403.</li>
 *   <li>{@code silencerIds}, {@code silencerGroup}: who besides the approvers may create and remove silences and mark
 *       cost anomalies expected (silences that cover critical signals still need an approver).</li>
 *   <li>{@code announceChannel}: where silences created and removed are announced, so that nobody mutes alerts
 *       unseen.</li>
 * </ul>
 *
 * <p>Environment: {@code SLACK_TEAM_ID}, {@code SLACK_APP_ID}, {@code SILENCER_USER_IDS} (comma-separated),
 * {@code SILENCER_USERGROUP_ID}, {@code SLACK_CHANNEL}; all optional.
 */
public record InteractionPolicy(String teamId, String appId, Set<String> silencerIds, String silencerGroup,
                                String announceChannel) {

    public InteractionPolicy {
        silencerIds = silencerIds == null ? Set.of() : Set.copyOf(silencerIds);
    }

    /** Approvers only, no workspace check, no announcement channel (announced where the command was typed). */
    public static InteractionPolicy approversOnly() {
        return new InteractionPolicy(null, null, Set.of(), null, null);
    }

    public static InteractionPolicy fromEnvironment() {
        Env env = Env.system();
        return new InteractionPolicy(blankToNull(env.optional("SLACK_TEAM_ID", null)),
                blankToNull(env.optional("SLACK_APP_ID", null)),
                ApprovalWiring.parseIds(env.optional("SILENCER_USER_IDS", "")),
                blankToNull(env.optional("SILENCER_USERGROUP_ID", null)),
                blankToNull(env.optional("SLACK_CHANNEL", null)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
