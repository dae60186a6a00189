package dev.vigil.core.incident;

/** Where incident messages go: Slack ({@code SlackIncidentNotifier} over the Web API). Failures throw. */
public interface IncidentNotifier {

    record Ref(String channel, String ts) {
    }

    Ref post(String channel, String text, String blocksJson);

    void update(Ref ref, String text, String blocksJson);
}
