package dev.vigil.aws.slack;

/**
 * Slack could not be reached, or kept refusing, after every retry. Workflows catch this class by name
 * (errors are an API: do not move or rename it) and fail safe: nothing acts without an answer from a human.
 */
public class SlackUnavailableException extends RuntimeException {
    public SlackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
