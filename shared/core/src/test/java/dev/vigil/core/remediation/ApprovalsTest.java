package dev.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalsTest {

    private static final Instant T = Instant.parse("2024-05-01T10:15:00Z");
    private static final Set<String> APPROVERS = Set.of("U1", "U2", "U3");
    private final InMemoryApprovalStore store = new InMemoryApprovalStore();
    private final Approvals approvals = new Approvals(store);

    private void pending(String id, int required) {
        store.put(new ApprovalRecord(id, "token-" + id, "p-1", "inc-1", "exec-1",
                required == 2 ? RiskLevel.HIGH : RiskLevel.LOW, required, ApprovalRecord.Status.PENDING, null, null,
                null, null, "C1", "1.2", T, T.plus(Duration.ofMinutes(30)), T.plus(Duration.ofHours(2)), null, 0));
    }

    @Test
    void oneApproval_decidesALowRiskRequest_andASecondClickIsToldWhoDecided() {
        pending("a1", 1);
        var first = approvals.decide("a1", "U1", Approvals.Vote.APPROVE, APPROVERS, T.plusSeconds(10));
        assertThat(first).isInstanceOf(Approvals.Result.Approved.class);
        int writes = store.writes();
        var again = approvals.decide("a1", "U2", Approvals.Vote.APPROVE, APPROVERS, T.plusSeconds(11));
        assertThat(again).isInstanceOf(Approvals.Result.AlreadyDecided.class);
        assertThat(((Approvals.Result.AlreadyDecided) again).record().decidedBy()).isEqualTo("U1");
        assertThat(store.writes()).isEqualTo(writes);
    }

    @Test
    void highRisk_needsTwoDistinctApprovers() {
        pending("a2", 2);
        var first = approvals.decide("a2", "U1", Approvals.Vote.APPROVE, APPROVERS, T.plusSeconds(60));
        assertThat(first).isInstanceOf(Approvals.Result.AwaitingSecond.class);
        ApprovalRecord r = ((Approvals.Result.AwaitingSecond) first).record();
        assertThat(r.status()).isEqualTo(ApprovalRecord.Status.PENDING);
        // the window restarts from the first approval: 30 more minutes, within the 2-hour hard limit
        assertThat(r.expiresAt()).isEqualTo(T.plusSeconds(60).plus(Duration.ofMinutes(30)));
        int writes = store.writes();
        var same = approvals.decide("a2", "U1", Approvals.Vote.APPROVE, APPROVERS, T.plusSeconds(61));
        assertThat(same).isInstanceOf(Approvals.Result.SameApproverTwice.class);
        assertThat(store.writes()).isEqualTo(writes);
        var second = approvals.decide("a2", "U2", Approvals.Vote.APPROVE, APPROVERS, T.plusSeconds(62));
        assertThat(second).isInstanceOf(Approvals.Result.Approved.class);
        ApprovalRecord done = ((Approvals.Result.Approved) second).record();
        assertThat(done.firstApprover()).isEqualTo("U1");
        assertThat(done.decidedBy()).isEqualTo("U2");
    }

    @Test
    void oneRejection_isEnoughEvenForHighRisk() {
        pending("a3", 2);
        approvals.decide("a3", "U1", Approvals.Vote.APPROVE, APPROVERS, T.plusSeconds(5));
        var r = approvals.decide("a3", "U2", Approvals.Vote.REJECT, APPROVERS, T.plusSeconds(6));
        assertThat(r).isInstanceOf(Approvals.Result.Rejected.class);
        assertThat(store.find("a3").orElseThrow().status()).isEqualTo(ApprovalRecord.Status.REJECTED);
    }

    @Test
    void someoneWhoIsNotAnApprover_changesNothing() {
        pending("a4", 1);
        int writes = store.writes();
        assertThat(approvals.decide("a4", "U-stranger", Approvals.Vote.APPROVE, APPROVERS, T))
                .isInstanceOf(Approvals.Result.NotAllowed.class);
        assertThat(store.writes()).isEqualTo(writes);
        assertThat(store.find("a4").orElseThrow().status()).isEqualTo(ApprovalRecord.Status.PENDING);
    }

    @Test
    void aClickAfterTheWindow_expiresTheRequestInsteadOfApprovingIt() {
        pending("a5", 1);
        var r = approvals.decide("a5", "U1", Approvals.Vote.APPROVE, APPROVERS, T.plus(Duration.ofMinutes(31)));
        assertThat(r).isInstanceOf(Approvals.Result.Expired.class);
        assertThat(((Approvals.Result.Expired) r).expiredNow()).isTrue();
        var later = approvals.decide("a5", "U2", Approvals.Vote.APPROVE, APPROVERS, T.plus(Duration.ofMinutes(32)));
        assertThat(((Approvals.Result.Expired) later).expiredNow()).isFalse();
    }

    @Test
    void unknownIds_areReportedAsUnknown() {
        assertThat(approvals.decide("nope", "U1", Approvals.Vote.APPROVE, APPROVERS, T))
                .isInstanceOf(Approvals.Result.Unknown.class);
    }

    @Test
    void concurrentClicks_produceExactlyOneDecision() throws Exception {
        pending("a6", 1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        var results = new java.util.ArrayList<java.util.concurrent.Future<Approvals.Result>>();
        for (int i = 0; i < 16; i++) {
            String user = "U" + (1 + i % 3);
            Approvals.Vote vote = i % 2 == 0 ? Approvals.Vote.APPROVE : Approvals.Vote.REJECT;
            results.add(pool.submit(() -> approvals.decide("a6", user, vote, APPROVERS, T.plusSeconds(1))));
        }
        int decided = 0;
        for (var f : results) {
            var r = f.get();
            if (r instanceof Approvals.Result.Approved || r instanceof Approvals.Result.Rejected) {
                decided++;
            } else {
                assertThat(r).isInstanceOf(Approvals.Result.AlreadyDecided.class);
            }
        }
        pool.shutdown();
        assertThat(decided).isEqualTo(1);
    }
}
