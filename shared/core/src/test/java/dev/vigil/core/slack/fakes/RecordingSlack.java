package dev.vigil.core.slack.fakes;

import dev.vigil.core.slack.SlackChat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Records every Slack call; can be switched to "down" (throws what the supplier gives, like the real client). */
public final class RecordingSlack implements SlackChat {

    public record Call(String kind, String target, String text, String json) {
    }

    public final List<Call> calls = new ArrayList<>();
    public Supplier<RuntimeException> down;
    public Set<String> group = Set.of();
    private int ts = 100;

    @Override
    public synchronized Posted post(String channel, String text, String blocksJson) {
        check();
        calls.add(new Call("post", channel, text, blocksJson));
        return new Posted(channel, "1714558500.000" + (ts++));
    }

    @Override
    public synchronized void update(String channel, String ts, String text, String blocksJson) {
        check();
        calls.add(new Call("update", channel + "/" + ts, text, blocksJson));
    }

    @Override
    public synchronized void respond(String responseUrl, String payloadJson) {
        check();
        calls.add(new Call("respond", responseUrl, null, payloadJson));
    }

    @Override
    public Set<String> usergroupMembers(String usergroupId) {
        check();
        return group;
    }

    public synchronized List<Call> of(String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    private void check() {
        if (down != null) {
            throw down.get();
        }
    }
}
