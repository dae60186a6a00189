package dev.vigil.it.incident;

/** The topology the incident tests run with: a shop behind an ALB, and a payments worker on a queue. */
final class Configs {

    static final String SHOP = """
            correlation: {windowMinutes: 15, quietMinutes: 30}
            topology:
              edges:
                - {from: "alb:app/shop/*", to: "tg:targetgroup/checkout/*"}
                - {from: "tg:targetgroup/checkout/*", to: "ecs:prod/checkout"}
                - {from: "ecs:prod/checkout", to: "rds:orders-db"}
                - {from: "lambda:payments-worker", to: "sqs:payments-jobs"}
                - {from: "lambda:cart-api", to: "rds:orders-db"}
              services:
                - name: checkout
                  tags: {team: shop}
                  resources: ["alb:app/shop/*", "tg:targetgroup/checkout/*", "ecs:prod/checkout", "rds:orders-db"]
                - name: payments
                  tags: {team: payments}
                  resources: ["lambda:payments-*", "sqs:payments-*"]
            routing:
              channels:
                default: {default: "#alerts", critical: "#oncall"}
                payments: {default: "#payments", critical: "#payments-oncall"}
            """;

    private Configs() {
    }

    static String shopWith(String extra) {
        return SHOP + extra;
    }
}
