package dev.vigil.it.incident;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.DynamoIncidentStore;
import dev.vigil.aws.dynamo.IncidentTable;
import dev.vigil.aws.slack.SlackIncidentNotifier;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.incident.RunbookPolicies;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.incident.IncidentHandler;
import dev.vigil.incident.Wiring;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The incident function on its wire format: the bundled SQS event (events/incident-sqs-batch.json) through the
 * handler, DynamoDB Local for state, WireMock standing in for the Slack Web API.
 */
class IncidentHandlerIT {

    private final LocalDynamo dynamo = LocalDynamo.start();
    private final WireMockServer slack = new WireMockServer(options().dynamicPort());
    private final DynamoIncidentStore store;
    private final IncidentHandler handler;

    IncidentHandlerIT() {
        slack.start();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0PAGE\",\"ts\":\"1772445780.000100\"}")));
        slack.stubFor(post(urlEqualTo("/api/chat.update"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0PAGE\",\"ts\":\"1772445780.000100\"}")));
        IncidentTable.createIfMissing(dynamo.client(), "incidents");
        store = new DynamoIncidentStore(dynamo.client(), "incidents", new Backoff(1, 5, 3, ms -> { }, 1));
        SlackWebApi api = new SlackWebApi(URI.create(slack.baseUrl() + "/api/"), () -> "xoxb-test",
                new Backoff(1, 5, 3, ms -> { }, 1), 2000);
        handler = new IncidentHandler(Wiring.of(IncidentConfig.parse(Configs.SHOP, "test"), store,
                new SlackIncidentNotifier(api), (n, i) -> { throw new IllegalStateException("no remediation"); },
                RunbookPolicies.none(), StructuredLog.discard(), System::currentTimeMillis));
    }

    @AfterEach
    void stop() {
        slack.stop();
        dynamo.close();
    }

    static byte[] event() throws Exception {
        try (InputStream in = IncidentHandlerIT.class.getClassLoader().getResourceAsStream("events/incident-sqs-batch.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theBundledBatch_opensOneIncident_postsItWithButtons_andAcknowledgesEvenTheJunkMessage() throws Exception {
        String response = new String(handler.handleBytes(event()), StandardCharsets.UTF_8);

        // Junk is acknowledged (logged), not handed back: on the FIFO queue it would hold up every message behind it.
        assertThat(response).isEqualTo("{\"batchItemFailures\":[]}");
        List<Incident> incidents = store.scorecardData().incidents();
        // the RDS anomaly and the checkout SLO page belong to one service: one incident, root cause the database,
        // with the ModifyDBInstance change (7 minutes before) as evidence
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.members).hasSize(2);
        assertThat(i.route).isEqualTo("page");
        assertThat(i.rootCauses.get(0).resource()).endsWith("rds:orders-db");
        assertThat(i.rootCauses.get(0).evidence()).anyMatch(e -> e.contains("ModifyDBInstance by alice"));
        slack.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer xoxb-test"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("#oncall")))
                .withRequestBody(matchingJsonPath("$.blocks[?(@.type == 'actions')].elements[*].action_id",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("vigil.incident.noise"))));
        assertThat(store.get(i.id).orElseThrow().slackTs).isEqualTo("1772445780.000100");
    }

    @Test
    void theSameBatchDeliveredAgain_changesNothing_andPostsNothing() throws Exception {
        handler.handleBytes(event());
        int requests = slack.getAllServeEvents().size();
        String state = store.scorecardData().incidents().get(0).title;

        String response = new String(handler.handleBytes(event()), StandardCharsets.UTF_8);

        assertThat(response).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(slack.getAllServeEvents()).hasSize(requests);
        assertThat(store.scorecardData().incidents()).hasSize(1);
        assertThat(store.scorecardData().incidents().get(0).title).isEqualTo(state);
    }
}
