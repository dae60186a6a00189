package dev.vigil.slackapproval;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.dynamo.DynamoIncidentStore;
import dev.vigil.core.config.Env;
import dev.vigil.core.cost.store.CostStore;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.MetricsSink;
import java.time.Instant;

/**
 * The other Slack interactions that arrive at the same signed endpoint, each optional: the incident buttons
 * (acknowledge, useful, noise) and the {@code /vigil} silence command, and the cost digest's "Mark expected" button.
 * One endpoint, one signature check, one replay guard for all of them.
 *
 * <p>Environment: {@code INCIDENT_TABLE} enables the incident routes, {@code COST_TABLE} the cost marks.
 */
public record InteractionRoutes(IncidentInteractionService incidents, CostStore costMarks) {

    public static InteractionRoutes none() {
        return new InteractionRoutes(null, null);
    }

    public static InteractionRoutes fromEnvironment() {
        Env env = Env.system();
        String incidentTable = env.optional("INCIDENT_TABLE", null);
        String costTable = env.optional("COST_TABLE", null);
        IncidentInteractionService incidents = incidentTable == null ? null
                : new IncidentInteractionService(new DynamoIncidentStore(AwsClients.dynamoDb(), incidentTable,
                        new Backoff(50, 400, 3, Thread::sleep)), MetricsSink.none());
        CostStore costs = costTable == null ? null
                : new DynamoCostStore(AwsClients.dynamoDb(), costTable, new Backoff(50, 400, 3, Thread::sleep),
                        new CapacityMeter(), Instant::now);
        return new InteractionRoutes(incidents, costs);
    }
}
