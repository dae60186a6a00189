package dev.vigil.core.slack;

/**
 * Slack mrkdwn escaping for text built from data (dimension values, anomaly details, silence reasons, user names):
 * Slack gives {@code &}, {@code <} and {@code >} meaning ({@code <!channel>}, {@code <@U…>}, {@code <http://…|label>}),
 * so data carrying them could ping a channel or show a link that is not what it says. Escaped, they are shown as
 * typed. Everything else is literal in Slack's parser.
 */
public final class Mrkdwn {

    private Mrkdwn() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) {
            return s;
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
