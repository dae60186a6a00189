package dev.vigil.cli;

import dev.vigil.core.remediation.ActionExecutor;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.ResourceState;
import dev.vigil.core.slack.SlackChat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dry-run stand-ins for the CLI: executors that read a simulated resource state and change nothing, and a Slack
 * client that captures messages instead of sending them. Used by {@code vigil demo}; never in a deployed function.
 */
final class DryRun {

    private DryRun() {
    }

    /** Every action type on a simulated resource (tagged for remediation, a plausible current state). */
    static Map<ActionType, ActionExecutor> executors() {
        Map<ActionType, ActionExecutor> m = new EnumMap<>(ActionType.class);
        for (ActionType t : ActionType.values()) {
            m.put(t, new Simulated(t));
        }
        return m;
    }

    static final class Simulated implements ActionExecutor {
        private final ActionType type;

        Simulated(ActionType type) {
            this.type = type;
        }

        @Override
        public ActionType type() {
            return type;
        }

        @Override
        public ResourceState read(String arn) {
            Map<String, String> tags = Map.of("vigil:remediation", "enabled");
            return switch (type) {
                case LAMBDA_RESERVED_CONCURRENCY -> new ResourceState(arn, Map.of("reservedConcurrency", "20"), tags);
                case ECS_DESIRED_COUNT -> new ResourceState(arn, Map.of("desiredCount", "3", "runningCount", "3"), tags);
                case ASG_DESIRED_CAPACITY -> new ResourceState(arn, Map.of("desiredCapacity", "4", "minSize", "2",
                        "maxSize", "10"), tags);
                case LAMBDA_ALIAS_ROLLBACK -> new ResourceState(arn, Map.of("functionVersion", "42",
                        "previousVersion", "41"), tags);
                case SSM_AUTOMATION -> new ResourceState(arn, Map.of("documentName", "Vigil-RestartConsumers"), tags);
                case NOTIFY_ONLY -> ResourceState.empty(arn);
            };
        }

        @Override
        public ResourceState apply(Plan plan, String idempotencyKey) {
            throw new IllegalStateException("dry run: nothing is applied");
        }

        @Override
        public ResourceState undo(Plan plan, ResourceState before, ResourceState after, String idempotencyKey) {
            throw new IllegalStateException("dry run: nothing is undone");
        }
    }

    /** Captures what would be posted. */
    static final class CapturingSlack implements SlackChat {
        record Message(String channel, String text, String blocksJson) {
        }

        final List<Message> posted = new ArrayList<>();

        @Override
        public Posted post(String channel, String text, String blocksJson) {
            posted.add(new Message(channel, text, blocksJson));
            return new Posted(channel, "dry-run." + posted.size());
        }

        @Override
        public void update(String channel, String ts, String text, String blocksJson) {
            posted.add(new Message(channel, text, blocksJson));
        }

        @Override
        public void respond(String responseUrl, String payloadJson) {
        }

        @Override
        public Set<String> usergroupMembers(String usergroupId) {
            return Set.of();
        }
    }
}
