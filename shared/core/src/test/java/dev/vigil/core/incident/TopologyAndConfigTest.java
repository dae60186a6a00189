package dev.vigil.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyAndConfigTest {

    static final String CONFIG = """
            correlation: {windowMinutes: 10, quietMinutes: 20}
            topology:
              edges:
                - {from: "alb:app/shop/*", to: "ecs:prod/checkout"}
                - {from: "ecs:prod/checkout", to: "rds:orders-db"}
              services:
                - {name: checkout, tags: {team: payments}, resources: ["alb:app/shop/*", "ecs:prod/checkout", "rds:orders-db"]}
            suppression:
              maintenance:
                - {name: patching, match: {resource: "rds:*"}, days: [SUN], start: "23:00", end: "01:00"}
            routing:
              channels:
                default: {default: "#alerts", critical: "#page"}
                payments: {critical: "#payments-page", ticket: "#payments-tickets"}
            slos:
              - name: checkout-availability
                service: checkout
                objective: 99.9
                sli:
                  bad: {namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count, dimensions: {LoadBalancer: "app/shop/*"}}
                  total: {namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: {LoadBalancer: "app/shop/*"}}
            """;

    @Test
    void dependenciesAreTransitive_throughDeclaredIntermediates_andScopedToAccountAndRegion() {
        IncidentConfig c = IncidentConfig.parse(CONFIG, "test");
        Topology t = c.topology();
        String alb = "1|r|alb:app/shop/50dc";
        String rds = "1|r|rds:orders-db";
        assertThat(t.dependsOn(alb, rds)).isTrue();
        assertThat(t.dependsOn(rds, alb)).isFalse();
        assertThat(t.dependsOn("1|r|alb:app/shop/50dc", "2|r|rds:orders-db")).isFalse();
        assertThat(t.servicesOf(List.of(rds))).containsExactly("checkout");
    }

    @Test
    void routing_prefersTheTeamsChannel_thenTheDefaults() {
        IncidentConfig c = IncidentConfig.parse(CONFIG, "test");
        assertThat(c.channelFor(List.of("payments"), "critical")).isEqualTo("#payments-page");
        assertThat(c.channelFor(List.of("payments"), "ticket")).isEqualTo("#payments-tickets");
        assertThat(c.channelFor(List.of("payments"), "medium")).isEqualTo("#alerts");
        assertThat(c.channelFor(List.of(), "critical")).isEqualTo("#page");
        assertThat(c.windowMinutes()).isEqualTo(10);
        assertThat(c.slos()).hasSize(1);
        assertThat(c.slos().get(0).objective()).isEqualTo(0.999, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aMaintenanceWindowAcrossMidnight_coversBothSides() {
        MaintenanceWindow w = IncidentConfig.parse(CONFIG, "test").maintenance().get(0);
        assertThat(w.activeAt(Instant.parse("2026-03-01T23:30:00Z").toEpochMilli())).isTrue();   // Sunday night
        assertThat(w.activeAt(Instant.parse("2026-03-02T00:30:00Z").toEpochMilli())).isTrue();   // Monday 00:30
        assertThat(w.activeAt(Instant.parse("2026-03-02T01:30:00Z").toEpochMilli())).isFalse();
        assertThat(w.activeAt(Instant.parse("2026-03-02T23:30:00Z").toEpochMilli())).isFalse();  // Monday night
    }

    @Test
    void aBadValue_failsAtLoad_namingItsPath() {
        assertThatThrownBy(() -> IncidentConfig.parse("correlation: {quietMinutes: soon}", "x.yaml"))
                .hasMessageContaining("correlation.quietMinutes must be a number");
        assertThatThrownBy(() -> IncidentConfig.parse("slos: [{name: a, objective: 140, sli: {}}]", "x.yaml"))
                .hasMessageContaining("slos[0].objective");
        assertThatThrownBy(() -> IncidentConfig.parse("suppression: {silences: [{match: {}}]}", "x.yaml"))
                .hasMessageContaining("suppression.silences[0].match must name at least one field");
    }

    @Test
    void resourcesFromDimensions_nameTheTopology() {
        assertThat(Resources.of("AWS/ApplicationELB", Map.of("LoadBalancer", "app/shop/1", "TargetGroup", "targetgroup/api/2")))
                .containsExactly("tg:targetgroup/api/2", "alb:app/shop/1");
        assertThat(Resources.of("AWS/ECS", Map.of("ClusterName", "prod", "ServiceName", "checkout")))
                .containsExactly("ecs:prod/checkout");
        assertThat(Resources.of("Custom/App", Map.of("Stage", "prod"))).containsExactly("other:Custom/App/Stage=prod");
        assertThat(Glob.matches("lambda:checkout-*", "lambda:checkout-api")).isTrue();
        assertThat(Glob.matches("alb:app/shop/*", "alb:app/shopping/1")).isFalse();
    }
}
