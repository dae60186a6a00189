package dev.vigil.aws.slack;

import dev.vigil.core.incident.IncidentNotifier;

/** Incident messages through the Slack Web API: chat.postMessage once, chat.update in place afterwards. */
public final class SlackIncidentNotifier implements IncidentNotifier {

    private final SlackWebApi slack;

    public SlackIncidentNotifier(SlackWebApi slack) {
        this.slack = slack;
    }

    @Override
    public Ref post(String channel, String text, String blocksJson) {
        SlackWebApi.MessageRef r = slack.postMessage(channel, text, blocksJson);
        return new Ref(r.channel(), r.ts());
    }

    @Override
    public void update(Ref ref, String text, String blocksJson) {
        slack.update(new SlackWebApi.MessageRef(ref.channel(), ref.ts()), text, blocksJson);
    }
}
