package dev.vigil.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.PlanResult;
import dev.vigil.core.remediation.Planner;
import dev.vigil.core.remediation.RiskLevel;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.testing.ProjectFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalMessagesTest {
    private static final Instant T = Instant.parse("2024-05-01T10:15:00Z");
    private final RunbookCatalog catalog = RunbookCatalog.parse(ProjectFiles.read("infra/runbooks/catalog.yaml"));
    private final Plan plan = ((PlanResult.Planned) Planner.plan("exec-1", "inc-1", Samples.ordersLatency(T),
            catalog.runbook("orders-alb-latency-scale-out").get(), catalog.action("scale-out-ecs-service"),
            Samples.ordersService(), List.of(0.08, 0.081, 0.079, 0.22, 0.21), T)).plan();

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocks(String json) {
        return (List<Map<String, Object>>) (Object) JsonTree.parse(json);
    }

    @Test
    void theRequest_showsWhatWasSeenTheExactParametersRiskExpiry_andTwoButtonsCarryingOnlyTheApprovalId() {
        ApprovalMessages.Message m = ApprovalMessages.request(plan, "a7k2m9", T.plusSeconds(1785));
        String json = m.blocksJson();
        assertThat(json).contains("TargetResponseTime").contains("0.22").contains("expected 0.08")
                .contains("{\\\"desiredCount\\\":6}").contains("Blast radius").contains("Risk").contains("Expires")
                .contains("▁").contains("console.aws.amazon.com/cloudwatch");
        Map<String, Object> actions = blocks(json).stream().filter(b -> "actions".equals(b.get("type")))
                .findFirst().orElseThrow();
        List<Map<String, Object>> buttons = (List<Map<String, Object>>) actions.get("elements");
        assertThat(buttons).extracting(b -> b.get("action_id"))
                .containsExactly(ApprovalMessages.APPROVE_ACTION, ApprovalMessages.REJECT_ACTION);
        assertThat(buttons).extracting(b -> b.get("value")).containsOnly("a7k2m9");
        assertThat(blocks(json)).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void aSuggestion_hasNoButtonThatActs() {
        assertThat(ApprovalMessages.suggestion(plan).blocksJson()).doesNotContain("\"actions\"")
                .contains("Suggest mode: nothing will run");
    }

    @Test
    void theDecisionUpdate_saysWhoDecidedAndWhen_andDropsTheButtons() {
        ApprovalRecord r = new ApprovalRecord("a1", "secret-token", "p", "i", "e", RiskLevel.HIGH, 2,
                ApprovalRecord.Status.APPROVED, "U1", T, "U2", T.plusSeconds(30), "C", "1.2", T, T.plusSeconds(900),
                T.plusSeconds(7200), null, 3);
        ApprovalMessages.Message m = ApprovalMessages.decided(plan, r);
        assertThat(m.blocksJson()).contains("Approved* by <@U1> and <@U2>").contains("<!date^" + (T.getEpochSecond() + 30))
                .doesNotContain("\"actions\"").doesNotContain("secret-token");
        assertThat(m.replaceOriginal()).startsWith("{\"replace_original\":true");
    }

    @Test
    void aFirstApprovalOfAHighRiskRequest_keepsTheButtonsForTheSecondApprover() {
        ApprovalRecord r = new ApprovalRecord("a1", "t", "p", "i", "e", RiskLevel.HIGH, 2,
                ApprovalRecord.Status.PENDING, "U1", T, null, null, "C", "1.2", T, T.plusSeconds(1800),
                T.plusSeconds(7200), null, 2);
        assertThat(ApprovalMessages.decided(plan, r).blocksJson()).contains("First approval").contains("\"actions\"");
    }
}
