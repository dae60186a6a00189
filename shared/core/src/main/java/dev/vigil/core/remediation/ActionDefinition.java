package dev.vigil.core.remediation;

import java.util.List;

/**
 * One action in the catalog: its type, the IAM permissions it declares, its parameter schema, its blast-radius
 * limits, cooldown and rate, its risk, and how it is undone.
 */
public record ActionDefinition(String id, ActionType type, String description, RiskLevel risk, List<String> iam,
                               List<ParamSpec> parameters, Limits limits, String undo) {

    public ActionDefinition {
        iam = List.copyOf(iam);
        parameters = List.copyOf(parameters);
    }

    public ParamSpec param(String name) {
        for (ParamSpec p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
