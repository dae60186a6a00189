package dev.vigil.core.incident;

import dev.vigil.core.detect.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a click on an incident message or a {@code /vigil} command means: pure functions, payload in, decision out.
 * No signature check here: requests reach this only through the {@code slack-approval} function, which verifies
 * Slack's signature first (one verifier in the system). It routes every {@code block_actions} action whose
 * {@code action_id} starts with {@value #ACTION_PREFIX}, and the {@code /vigil} slash command, to
 * {@link IncidentInteractionService}.
 */
public final class IncidentInteractions {

    public static final String ACTION_PREFIX = "vigil.incident.";
    public static final String ACK = ACTION_PREFIX + "ack";
    public static final String USEFUL = ACTION_PREFIX + "useful";
    public static final String NOISE = ACTION_PREFIX + "noise";

    /** The most a silence may last: a forgotten silence is an outage nobody hears about. */
    public static final Duration MAX_SILENCE = Duration.ofDays(7);

    private IncidentInteractions() {
    }

    /** A button click: the fields of a Slack {@code block_actions} payload this needs. */
    public record Click(String actionId, String value, String userId, String userName, long at) {
    }

    /** A slash command: Slack's {@code command}, {@code text}, {@code user_id}, {@code user_name}. */
    public record Command(String command, String text, String userId, String userName, long at) {
    }

    /** The closed set of decisions. */
    public sealed interface Decision {
    }

    public record Acknowledge(String incidentId, String userId, long at) implements Decision {
    }

    public record Verdict(String incidentId, String userId, String verdict, long at) implements Decision {
    }

    public record CreateSilence(Silence silence) implements Decision {
    }

    public record ListSilences() implements Decision {
    }

    public record DeleteSilence(String id) implements Decision {
    }

    public record Reject(String message) implements Decision {
    }

    /**
     * Who is asking, as the slack-approval function established it (approver ids and group, the silencer ids and
     * group the operator configured). Silences mute pages and block remediation (suppression runs first), so they
     * are not for every workspace member.
     */
    public enum Role {
        /** May approve remediations: may silence anything a silence may cover. */
        APPROVER,
        /** Named silencer: may silence and unsilence, but not critical signals. */
        SILENCER,
        /** Any other workspace member: may list silences and click incident buttons. */
        MEMBER
    }

    /**
     * The decision, if {@code role} may make it; else a {@link Reject} that says why. Creating or removing a silence
     * needs a silencer or an approver; a silence that covers critical signals (no {@code maxSeverity} below
     * critical) needs an approver.
     */
    public static Decision authorise(Decision d, Role role) {
        if (d instanceof CreateSilence cs) {
            if (role == Role.MEMBER) {
                return new Reject("Only approvers and members of the silencer group may create silences.");
            }
            Severity max = cs.silence().matcher().maxSeverity();
            boolean coversCritical = max == null || max.ordinal() >= Severity.CRITICAL.ordinal();
            if (coversCritical && role != Role.APPROVER) {
                return new Reject("This silence would mute critical signals, which needs an approver. Add "
                        + "maxSeverity=high to let criticals through, or ask an approver.");
            }
        }
        if (d instanceof DeleteSilence && role == Role.MEMBER) {
            return new Reject("Only approvers and members of the silencer group may remove silences.");
        }
        return d;
    }

    /**
     * True when the matcher pins nothing: every value it names is only wildcards ({@code namespace=*}), or it names
     * only a signal kind. Such a silence mutes everything (and blocks every remediation).
     */
    static boolean matchesEverything(dev.vigil.core.incident.Matcher m) {
        List<String> pinned = new ArrayList<>();
        for (String v : new String[] {m.resource(), m.namespace(), m.metric(), m.service(), m.team(), m.account(),
                m.region()}) {
            if (v != null) {
                pinned.add(v);
            }
        }
        pinned.addAll(m.dimensions().values());
        for (String v : pinned) {
            if (!v.chars().allMatch(ch -> ch == '*' || ch == '?')) {
                return false;
            }
        }
        return true;
    }

    public static boolean isIncidentAction(String actionId) {
        return actionId != null && actionId.startsWith(ACTION_PREFIX);
    }

    public static Decision decide(Click c) {
        if (c.value() == null || !c.value().matches("inc-[0-9a-f]{12}")) {
            return new Reject("this button does not name an incident");
        }
        if (c.userId() == null || c.userId().isBlank()) {
            return new Reject("no user on the click");
        }
        return switch (c.actionId() == null ? "" : c.actionId()) {
            case ACK -> new Acknowledge(c.value(), c.userId(), c.at());
            case USEFUL -> new Verdict(c.value(), c.userId(), "useful", c.at());
            case NOISE -> new Verdict(c.value(), c.userId(), "noise", c.at());
            default -> new Reject("unknown incident action " + c.actionId());
        };
    }

    static final String USAGE = "usage: /vigil silence <key=value…> for <30m|2h|1d> [reason…]  ·  /vigil silences"
            + "  ·  /vigil unsilence <id>\n  keys: resource (glob, e.g. lambda:checkout-*), service, team, namespace,"
            + " metric, account, region, kind, maxSeverity, or any dimension (FunctionName=checkout)";

    private static final Pattern SILENCE = Pattern.compile(
            "^silence\\s+(.+?)\\s+for\\s+(\\d+)\\s*([mhd])\\b\\s*(.*)$", Pattern.CASE_INSENSITIVE);

    public static Decision decide(Command c) {
        String text = c.text() == null ? "" : c.text().trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("silences") || lower.equals("silence list")) {
            return new ListSilences();
        }
        if (lower.startsWith("unsilence ")) {
            String id = text.substring("unsilence ".length()).trim();
            return id.matches("sil-[0-9a-f]{10}") ? new DeleteSilence(id) : new Reject("no such silence id: " + id);
        }
        Matcher m = SILENCE.matcher(text);
        if (!m.matches()) {
            return new Reject(USAGE);
        }
        dev.vigil.core.incident.Matcher matcher;
        try {
            matcher = dev.vigil.core.incident.Matcher.parse(m.group(1));
        } catch (IllegalArgumentException e) {
            return new Reject(e.getMessage() + "\n" + USAGE);
        }
        if (matcher.isEmpty()) {
            return new Reject("a silence must name at least one key\n" + USAGE);
        }
        if (matchesEverything(matcher)) {
            return new Reject("a silence must pin at least one value that is not a wildcard (it would mute "
                    + "everything, and block every remediation)\n" + USAGE);
        }
        // The digits can be as long as the user types: too many of them is "too long", not a NumberFormatException.
        String digits = m.group(2).replaceFirst("^0+(?=.)", "");
        long amount = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        long minutes = switch (m.group(3).toLowerCase(Locale.ROOT)) {
            case "m" -> amount;
            case "h" -> amount > MAX_SILENCE.toHours() ? Long.MAX_VALUE : amount * 60;
            default -> amount > MAX_SILENCE.toDays() ? Long.MAX_VALUE : amount * 1440;
        };
        if (minutes == 0 || minutes > MAX_SILENCE.toMinutes()) {
            return new Reject("a silence lasts between 1 minute and " + MAX_SILENCE.toDays() + " days");
        }
        String id = "sil-" + IncidentEngine.sha(c.userId() + "|" + c.at() + "|" + text).substring(0, 10);
        String reason = m.group(4).isBlank() ? "(no reason given)" : m.group(4).trim();
        Duration d = Duration.ofMinutes(minutes);
        return new CreateSilence(new Silence(id, matcher, c.at(), c.at() + d.toMillis(), reason,
                c.userName() != null ? c.userName() : c.userId(), "slack"));
    }
}
