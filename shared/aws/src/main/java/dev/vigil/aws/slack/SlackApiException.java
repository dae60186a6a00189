package dev.vigil.aws.slack;

/** Slack answered {@code ok:false} with an error that retrying cannot fix (e.g. {@code channel_not_found}). */
public class SlackApiException extends RuntimeException {
    private final String error;

    public SlackApiException(String method, String error) {
        super("Slack " + method + " failed: " + error);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
