package dev.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.testing.ProjectFiles;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunbookCatalogTest {

    private static final Instant T = Instant.parse("2024-05-01T10:12:00Z");
    private final RunbookCatalog catalog = RunbookCatalog.parse(ProjectFiles.read("infra/runbooks/catalog.yaml"));

    @Test
    void theBundledCatalog_parsesAndEveryActionDeclaresExactlyTheIamItsTypeNeeds() {
        assertThat(catalog.runbooks()).hasSizeGreaterThanOrEqualTo(5);
        for (ActionDefinition a : catalog.actions().values()) {
            assertThat(a.iam()).containsExactlyInAnyOrderElementsOf(a.type().requiredIam());
        }
        assertThat(catalog.actions().values()).extracting(ActionDefinition::type)
                .contains(ActionType.values());
    }

    @Test
    void anomaliesMatchTheFirstRunbookWhosePatternFits() {
        assertThat(catalog.match(Samples.throttles(T))).get().extracting(Runbook::id)
                .isEqualTo("lambda-throttles-raise-concurrency");
        assertThat(catalog.match(Samples.ordersLatency(T))).get().extracting(Runbook::id)
                .isEqualTo("orders-alb-latency-scale-out");
        assertThat(catalog.match(Samples.checkoutDuration(T))).get().extracting(Runbook::id)
                .isEqualTo("checkout-latency-rollback");
    }

    @Test
    void anAnomalyBelowItsBand_doesNotMatchAnAboveRunbook() {
        var below = Samples.anomaly("AWS/ApplicationELB", "TargetResponseTime",
                java.util.Map.of("LoadBalancer", "app/orders-alb/x"), T, 0.01, 0.08, 0.068, 0.092, "high", "dip",
                "Seconds", "average");
        assertThat(catalog.match(below)).isEmpty();
    }

    @Test
    void autoModeOnAHighRiskAction_isRejectedWithWhere() {
        String yaml = ProjectFiles.read("infra/runbooks/catalog.yaml")
                .replace("    action: rollback-lambda-alias\n", "    action: rollback-lambda-alias\n    mode: auto\n");
        assertThatThrownBy(() -> RunbookCatalog.parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("checkout-latency-rollback").hasMessageContaining("auto is allowed for low-risk");
    }

    @Test
    void anActionThatDeclaresTooLittleOrTooMuchIam_isRejected() {
        String less = ProjectFiles.read("infra/runbooks/catalog.yaml")
                .replace("iam: [ecs:UpdateService, ecs:DescribeServices, ecs:ListTagsForResource]",
                        "iam: [ecs:DescribeServices, ecs:ListTagsForResource]");
        assertThatThrownBy(() -> RunbookCatalog.parse(less)).hasMessageContaining("needs [ecs:UpdateService]");
        String more = ProjectFiles.read("infra/runbooks/catalog.yaml")
                .replace("iam: [ecs:UpdateService, ecs:DescribeServices, ecs:ListTagsForResource]",
                        "iam: [ecs:UpdateService, ecs:DescribeServices, ecs:ListTagsForResource, ecs:DeleteService]");
        assertThatThrownBy(() -> RunbookCatalog.parse(more)).hasMessageContaining("[ecs:DeleteService] are more than");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                version: 1
                actions:
                  a1:
                    type: ecs-desired-count
                    risk: low
                    iam: []
                    limits: { cooldownMinutes: 1, maxPerResourcePerHour: 1 }
                runbooks:
                  - id: r1
                    match: { namespace: N, metricName: M }
                    action: nope
                """;
        CatalogException e = org.junit.jupiter.api.Assertions.assertThrows(CatalogException.class,
                () -> RunbookCatalog.parse(yaml));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("actions.a1.iam"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("allowedArns"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("absoluteMax"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("no action 'nope'"));
    }

    @Test
    void brokenYaml_saysSo() {
        assertThatThrownBy(() -> RunbookCatalog.parse("actions: [unclosed")).hasMessageContaining("not valid YAML");
    }

    @Test
    void anSsmAutomationRunbookWithoutAnUndoDocument_isRefused() {
        String yaml = ProjectFiles.read("infra/runbooks/catalog.yaml")
                .replace("      undoDocumentName: Vigil-RestartConsumers-Undo\n", "");
        assertThatThrownBy(() -> RunbookCatalog.parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("must name its undoDocumentName");
    }
}
