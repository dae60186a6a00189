package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aws.dynamo.ApprovalTable;
import dev.vigil.aws.dynamo.AuditTable;
import dev.vigil.aws.dynamo.DynamoApprovalStore;
import dev.vigil.aws.dynamo.DynamoAuditLog;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.Approvals;
import dev.vigil.core.remediation.AuditEntry;
import dev.vigil.core.remediation.RiskLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Approvals and Audit tables on embedded DynamoDB Local: conditional writes, exactly-once, append-only. */
class RemediationTablesDynamoDbLocalTest {

    static LocalDynamo local;
    static DynamoApprovalStore approvals;
    static DynamoAuditLog audit;
    static final Instant T = Instant.parse("2024-05-01T10:15:00Z");

    @BeforeAll
    static void start() {
        local = LocalDynamo.start();
        ApprovalTable.createIfMissing(local.client(), "approvals");
        AuditTable.createIfMissing(local.client(), "audit");
        approvals = new DynamoApprovalStore(local.client(), "approvals");
        audit = new DynamoAuditLog(local.client(), "audit");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    static ApprovalRecord pending(String id, int required) {
        return new ApprovalRecord(id, "token-" + id, "p-" + id, "inc-" + id, "exec-" + id,
                required == 2 ? RiskLevel.HIGH : RiskLevel.MEDIUM, required, ApprovalRecord.Status.PENDING, null, null,
                null, null, "C1", "1.2", T, T.plus(Duration.ofMinutes(30)), T.plus(Duration.ofHours(2)), "{}", 0);
    }

    @Test
    void anApprovalIsCreatedOnce_andAStaleVersionCannotOverwriteIt() {
        ApprovalRecord r = pending("x1", 1);
        assertThat(approvals.put(r)).isTrue();
        assertThat(approvals.put(r)).isFalse();
        ApprovalRecord v1 = r.withMessage("C9", "9.9");
        assertThat(approvals.put(v1)).isTrue();
        assertThat(approvals.put(r.withDecision(ApprovalRecord.Status.APPROVED, "U1", T))).isFalse();
        ApprovalRecord back = approvals.find("x1").orElseThrow();
        assertThat(back.channel()).isEqualTo("C9");
        assertThat(back.taskToken()).isEqualTo("token-x1");
        assertThat(back.status()).isEqualTo(ApprovalRecord.Status.PENDING);
    }

    @Test
    void sixteenConcurrentClicks_makeExactlyOneDecision() throws Exception {
        approvals.put(pending("x2", 1));
        Approvals rules = new Approvals(approvals);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Approvals.Result>> fs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String user = "U" + (1 + i % 4);
            Approvals.Vote v = i % 3 == 0 ? Approvals.Vote.REJECT : Approvals.Vote.APPROVE;
            fs.add(pool.submit(() -> rules.decide("x2", user, v, Set.of("U1", "U2", "U3", "U4"), T.plusSeconds(5))));
        }
        int decisions = 0;
        for (Future<Approvals.Result> f : fs) {
            Approvals.Result r = f.get();
            if (r instanceof Approvals.Result.Approved || r instanceof Approvals.Result.Rejected) {
                decisions++;
            }
        }
        pool.shutdown();
        assertThat(decisions).isEqualTo(1);
    }

    @Test
    void highRiskOnDynamo_needsTwoDistinctApprovers() {
        approvals.put(pending("x3", 2));
        Approvals rules = new Approvals(approvals);
        Set<String> who = Set.of("U1", "U2");
        assertThat(rules.decide("x3", "U1", Approvals.Vote.APPROVE, who, T.plusSeconds(1)))
                .isInstanceOf(Approvals.Result.AwaitingSecond.class);
        assertThat(rules.decide("x3", "U1", Approvals.Vote.APPROVE, who, T.plusSeconds(2)))
                .isInstanceOf(Approvals.Result.SameApproverTwice.class);
        assertThat(rules.decide("x3", "U2", Approvals.Vote.APPROVE, who, T.plusSeconds(3)))
                .isInstanceOf(Approvals.Result.Approved.class);
    }

    @Test
    void replayMarkers_admitASignatureOnce() {
        assertThat(approvals.firstSighting("sig-1", T.plusSeconds(600))).isTrue();
        assertThat(approvals.firstSighting("sig-1", T.plusSeconds(600))).isFalse();
        assertThat(approvals.find("replay#sig-1")).isEmpty();
    }

    @Test
    void theAuditTrail_isAppendOnly_orderedByTime_andCountsChangesPerResource() {
        String arn = "arn:aws:ecs:us-east-1:123456789012:service/orders/orders-api";
        AuditEntry plan = new AuditEntry("inc-a", AuditEntry.keyFor("p-a", AuditEntry.PLANNED), T, AuditEntry.PLANNED,
                "p-a", "vigil", null, Map.of("change", "desiredCount 3 → 6"));
        AuditEntry applied = new AuditEntry("inc-a", AuditEntry.keyFor("p-a", AuditEntry.APPLIED), T.plusSeconds(90),
                AuditEntry.APPLIED, "p-a", "vigil", arn, Map.of("before", Map.of("desiredCount", "3")));
        assertThat(audit.append(applied)).isTrue();
        assertThat(audit.append(plan)).isTrue();
        AuditEntry overwrite = new AuditEntry("inc-a", plan.key(), T.plusSeconds(500), AuditEntry.PLANNED, "p-a",
                "mallory", null, Map.of("change", "something else"));
        assertThat(audit.append(overwrite)).isFalse();
        List<AuditEntry> trail = audit.trail("inc-a");
        assertThat(trail).extracting(AuditEntry::kind).containsExactly(AuditEntry.PLANNED, AuditEntry.APPLIED);
        assertThat(trail.get(0).detail()).containsEntry("change", "desiredCount 3 → 6");
        assertThat(trail.get(0).actor()).isEqualTo("vigil");
        assertThat(audit.changesOf(arn, T)).containsExactly(T.plusSeconds(90));
        assertThat(audit.changesOf(arn, T.plusSeconds(91))).isEmpty();
    }
}
