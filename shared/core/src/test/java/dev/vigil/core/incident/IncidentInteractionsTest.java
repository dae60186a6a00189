package dev.vigil.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.incident.IncidentInteractions.Click;
import dev.vigil.core.incident.IncidentInteractions.Command;
import org.junit.jupiter.api.Test;

class IncidentInteractionsTest {

    private static final long NOW = 1_780_000_000_000L;

    @Test
    void theThreeButtons_meanAcknowledgeUsefulAndNoise() {
        assertThat(IncidentInteractions.decide(new Click(IncidentInteractions.ACK, "inc-0123456789ab", "U1", "ann", NOW)))
                .isEqualTo(new IncidentInteractions.Acknowledge("inc-0123456789ab", "U1", NOW));
        assertThat(IncidentInteractions.decide(new Click(IncidentInteractions.NOISE, "inc-0123456789ab", "U1", "ann", NOW)))
                .isEqualTo(new IncidentInteractions.Verdict("inc-0123456789ab", "U1", "noise", NOW));
        assertThat(IncidentInteractions.decide(new Click(IncidentInteractions.USEFUL, "nope", "U1", "ann", NOW)))
                .isInstanceOf(IncidentInteractions.Reject.class);
        assertThat(IncidentInteractions.isIncidentAction("vigil.approval.approve")).isFalse();
    }

    @Test
    void silenceCommand_parsesTheMatcherDurationAndReason() {
        var d = IncidentInteractions.decide(new Command("/vigil",
                "silence resource=lambda:checkout-* FunctionName=checkout-api for 2h load test in progress", "U1",
                "ann", NOW));
        Silence s = ((IncidentInteractions.CreateSilence) d).silence();
        assertThat(s.matcher().resource()).isEqualTo("lambda:checkout-*");
        assertThat(s.matcher().dimensions()).containsEntry("FunctionName", "checkout-api");
        assertThat(s.until() - s.from()).isEqualTo(2 * 3600_000L);
        assertThat(s.reason()).isEqualTo("load test in progress");
        assertThat(s.createdBy()).isEqualTo("ann");
        assertThat(s.id()).matches("sil-[0-9a-f]{10}");
    }

    @Test
    void silenceCommand_refusesEmptyMatchersAndOverlongDurations_withUsage() {
        assertThat(IncidentInteractions.decide(new Command("/vigil", "silence everything", "U1", "ann", NOW)))
                .isInstanceOf(IncidentInteractions.Reject.class);
        var tooLong = IncidentInteractions.decide(new Command("/vigil", "silence team=payments for 30d", "U1", "a", NOW));
        assertThat(((IncidentInteractions.Reject) tooLong).message()).contains("7 days");
        assertThat(IncidentInteractions.decide(new Command("/vigil", "silences", "U1", "a", NOW)))
                .isInstanceOf(IncidentInteractions.ListSilences.class);
        assertThat(IncidentInteractions.decide(new Command("/vigil", "unsilence sil-0123456789", "U1", "a", NOW)))
                .isEqualTo(new IncidentInteractions.DeleteSilence("sil-0123456789"));
        assertThat(((IncidentInteractions.Reject) IncidentInteractions.decide(new Command("/vigil", "hello", "U1",
                "a", NOW))).message()).startsWith("usage:");
    }
}
