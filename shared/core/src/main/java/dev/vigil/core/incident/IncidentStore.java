package dev.vigil.core.incident;

import dev.vigil.core.scorecard.Counters;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incident state: DynamoDB ({@code DynamoIncidentStore}) in AWS, tests and the CLI; {@link InMemoryIncidentStore} for unit tests. */
public interface IncidentStore extends ChangeLog {

    /** The engine state and the open incidents it lists. */
    record Snapshot(EngineState state, Map<String, Incident> open) {
    }

    /** A human verdict on an incident. */
    record Feedback(String incidentId, String userId, String verdict, long at) {
    }

    /** A first human action (MTTA ends here). */
    record FirstAction(String incidentId, String userId, String action, long at) {
    }

    /** A remediation start or outcome, per incident and runbook. */
    record RemediationRecord(String incidentId, String executionName, String status, long at) {
    }

    /** Everything the scorecard is computed from. */
    record ScorecardData(List<Incident> incidents, List<Feedback> feedback, List<FirstAction> firstActions,
                         List<RemediationRecord> remediations, Counters counters) {
    }

    Snapshot loadOpen();

    /**
     * Saves one batch's outcome atomically: the engine state (only if its stored version is
     * {@code state.version - 1}, else {@link ConcurrentIncidentUpdateException}), the changed incidents, the new
     * changes and the day counters. The caller has already incremented {@code state.version}.
     */
    void commit(EngineState state, List<Incident> changed, List<Change> newChanges, Counters counters);

    /** Records where an incident's message lives and which revision it shows (not the engine's fields). */
    void recordDelivery(Incident i);

    void recordRemediation(RemediationRecord r);

    Optional<Incident> get(String incidentId);

    /** Silences that have not ended by {@code at}. */
    List<Silence> silences(long at);

    void putSilence(Silence s);

    /** @return true if it existed */
    boolean deleteSilence(String id);

    /** One verdict per user and incident (a user may change their mind); returns the previous verdict or null. */
    String recordFeedback(Feedback f);

    /** @return true if this is the incident's first human action (only the first is kept) */
    boolean recordFirstAction(FirstAction a);

    /** Adds counters outside a batch (human actions): atomic additions per day. */
    void addCounters(Counters c);

    ScorecardData scorecardData();
}
