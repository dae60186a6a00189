package dev.vigil.core.slack;

import java.util.Set;

/**
 * The Slack calls Vigil makes ({@code shared/aws}'s SlackWebApi in production, WireMock behind it in integration
 * tests, a recording fake in unit tests). Methods throw the adapter's unavailability exception after its retries.
 */
public interface SlackChat {

    /** Where a posted message lives. */
    record Posted(String channel, String ts) {
    }

    Posted post(String channel, String text, String blocksJson);

    void update(String channel, String ts, String text, String blocksJson);

    /** POSTs {@code payloadJson} to an interaction's response_url. */
    void respond(String responseUrl, String payloadJson);

    /** The user ids in a Slack user group ({@code usergroups.users.list}). */
    Set<String> usergroupMembers(String usergroupId);
}
