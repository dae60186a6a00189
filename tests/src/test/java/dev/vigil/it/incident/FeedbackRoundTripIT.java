package dev.vigil.it.incident;

import static dev.vigil.core.fakes.Anomalies.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.fakes.Anomalies;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentInteractionService;
import dev.vigil.core.incident.IncidentInteractions;
import dev.vigil.core.incident.Input;
import dev.vigil.core.incident.JsonValues;
import dev.vigil.core.scorecard.Counters;
import dev.vigil.core.scorecard.Scorecard;
import dev.vigil.it.support.IncidentRig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The feedback round trip on DynamoDB Local: the posted message carries the buttons, a click (as the slack-approval
 * function hands it over) is stored, and the scorecard reads it back: precision, MTTA, and the EMF counters.
 */
class FeedbackRoundTripIT {

    /** The buttons of a posted message: action_id → value. */
    @SuppressWarnings("unchecked")
    static Map<String, String> buttons(String blocksJson) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Object b : (List<Object>) JsonValues.read(blocksJson)) {
            if ("actions".equals(JsonValues.str(b, "type"))) {
                for (Object e : JsonValues.list(b, "elements")) {
                    out.put(JsonValues.str(e, "action_id"), JsonValues.str(e, "value"));
                }
            }
        }
        return out;
    }

    @Test
    void clicksOnTheMessage_areStored_andTheScorecardReadsThemBack() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            List<Counters> emitted = new ArrayList<>();
            IncidentInteractionService service = new IncidentInteractionService(rig.store, (c, at) -> emitted.add(c));
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(0), "high")));
            rig.send(IncidentRig.signal(Anomalies.rds("orders-db", "CPUUtilization", minute(1), "high")));
            assertThat(rig.slack.posts()).hasSize(2);

            Map<String, String> first = buttons(rig.slack.posts().get(0).blocks());
            assertThat(first).containsOnlyKeys(IncidentInteractions.ACK, IncidentInteractions.USEFUL,
                    IncidentInteractions.NOISE);
            String incidentA = first.get(IncidentInteractions.ACK);
            String incidentB = buttons(rig.slack.posts().get(1).blocks()).get(IncidentInteractions.NOISE);
            long notifiedA = rig.store.get(incidentA).orElseThrow().notifiedAt;

            // Ann acknowledges A 4 minutes after it was posted, then marks it useful; Bob marks it useful too.
            var ack = service.click(new IncidentInteractions.Click(IncidentInteractions.ACK, incidentA, "U1", "ann",
                    notifiedA + 240_000));
            assertThat(ack.text()).isEqualTo("Acknowledged " + incidentA + ".");
            service.click(new IncidentInteractions.Click(IncidentInteractions.USEFUL, incidentA, "U1", "ann",
                    notifiedA + 300_000));
            service.click(new IncidentInteractions.Click(IncidentInteractions.USEFUL, incidentA, "U2", "bob",
                    notifiedA + 360_000));
            // B: noise, then Cy changes her mind from useful to noise (one verdict per user).
            long notifiedB = rig.store.get(incidentB).orElseThrow().notifiedAt;
            service.click(new IncidentInteractions.Click(IncidentInteractions.USEFUL, incidentB, "U3", "cy",
                    notifiedB + 60_000));
            var changed = service.click(new IncidentInteractions.Click(IncidentInteractions.NOISE, incidentB, "U3", "cy",
                    notifiedB + 120_000));
            assertThat(changed.text()).isEqualTo("Changed your verdict on " + incidentB + " from useful to noise.");

            Scorecard s = Scorecard.from(rig.store.scorecardData());
            assertThat(s.judged()).isEqualTo(2);
            assertThat(s.useful()).isEqualTo(1);
            assertThat(s.precision()).isEqualTo(0.5);
            assertThat(s.acknowledged()).isEqualTo(2);
            assertThat(s.mttaSeconds()).isEqualTo((240 + 60) / 2.0);
            assertThat(rig.counters()).containsEntry(Counters.FEEDBACK_USEFUL, 3L)
                    .containsEntry(Counters.FEEDBACK_NOISE, 1L).containsEntry(Counters.ACKS, 2L);
            assertThat(emitted).isNotEmpty();
        }
    }

    @Test
    void aClickOnAnUnknownIncident_orAForeignAction_isRefusedPolitely_andStoresNothing() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            IncidentInteractionService service = new IncidentInteractionService(rig.store, (c, at) -> { });
            assertThat(service.click(new IncidentInteractions.Click(IncidentInteractions.USEFUL, "inc-000000000000",
                    "U1", "ann", minute(0))).text()).contains("not found");
            assertThat(service.click(new IncidentInteractions.Click("vigil.incident.delete", "inc-000000000000",
                    "U1", "ann", minute(0))).text()).contains("unknown incident action");
            assertThat(rig.store.scorecardData().feedback()).isEmpty();
        }
    }

    @Test
    void aResolvedIncidentsMessage_keepsTheFeedbackButtons_butNotAcknowledge() {
        try (IncidentRig rig = new IncidentRig(Configs.SHOP)) {
            rig.send(IncidentRig.signal(Anomalies.lambda("payments-worker", "Errors", minute(0), "high")));
            rig.send(new Input.Tick(minute(45)));
            var last = rig.slack.calls.get(rig.slack.calls.size() - 1);
            assertThat(last.kind()).isEqualTo("update");
            assertThat(buttons(last.blocks())).containsOnlyKeys(IncidentInteractions.USEFUL, IncidentInteractions.NOISE);
            assertThat(rig.incidents().get(0).status).isEqualTo(Incident.Status.RESOLVED);
        }
    }
}
