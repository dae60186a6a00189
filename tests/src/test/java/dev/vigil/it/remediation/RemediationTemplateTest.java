package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.ActionType;
import dev.vigil.core.remediation.Runbook;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.testing.ProjectFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/** template.yaml's remediation part against the code and the catalog it must agree with. */
class RemediationTemplateTest {

    /** Reads CloudFormation YAML, treating intrinsic tags (!Ref, !Sub…) as their plain value. */
    static final class Untagged extends StandardConstructor {
        Untagged(LoadSettings s) {
            super(s);
        }

        @Override
        protected Optional<ConstructNode> findConstructorFor(Node node) {
            if (node.getTag().getValue().startsWith("!")) {
                node.setTag(switch (node.getNodeType()) {
                    case SCALAR -> Tag.STR;
                    case SEQUENCE -> Tag.SEQ;
                    default -> Tag.MAP;
                });
            }
            return super.findConstructorFor(node);
        }
    }

    @SuppressWarnings("unchecked")
    static final Map<String, Object> TEMPLATE = (Map<String, Object>) (Object) new Load(LoadSettings.builder().build(),
            new Untagged(LoadSettings.builder().build())).loadFromString(ProjectFiles.read("template.yaml"));

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String name) {
        return (Map<String, Object>) ((Map<String, Object>) TEMPLATE.get("Resources")).get(name);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(String function) {
        Map<String, Object> props = JsonTree.obj(resource(function), "Properties");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object p : JsonTree.list(props, "Policies")) {
            for (Object s : JsonTree.list((Map<String, Object>) p, "Statement")) {
                if (s instanceof List<?> conditional && conditional.size() == 3
                        && conditional.get(1) instanceof Map<?, ?> then) {
                    out.add((Map<String, Object>) then);   // !If [condition, statement, AWS::NoValue]
                } else {
                    out.add((Map<String, Object>) s);
                }
            }
        }
        return out;
    }

    static Set<String> actions(String function, String prefixFilter) {
        Set<String> all = new TreeSet<>();
        for (Map<String, Object> s : statements(function)) {
            Object a = s.get("Action");
            for (Object x : a instanceof List<?> l ? l : List.of(a)) {
                if (x.toString().matches(prefixFilter)) {
                    all.add(x.toString());
                }
            }
        }
        return all;
    }

    @Test
    void theActingFunction_isGrantedExactlyTheIamTheActionTypesDeclare() {
        Set<String> declared = new TreeSet<>();
        for (ActionType t : ActionType.values()) {
            declared.addAll(t.requiredIam());
        }
        assertThat(actions("RemediationActFunction", "^(lambda|ecs|autoscaling|ssm):.*")).isEqualTo(declared);
    }

    @Test
    void onlyTheActingFunction_mayChangeResources() {
        Set<String> mutating = new TreeSet<>();
        for (ActionType t : ActionType.values()) {
            mutating.addAll(t.mutatingIam());
        }
        for (String f : List.of("RemediationPlanFunction", "RemediationNotifyFunction", "IncidentFunction",
                "SlackApprovalFunction")) {
            assertThat(actions(f, ".*")).as(f).doesNotContainAnyElementsOf(mutating);
        }
        assertThat(actions("SlackApprovalFunction", ".*")).doesNotContain("states:StartExecution")
                .contains("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat");
    }

    @Test
    void theStateMachinesSubstitutions_coverEveryPlaceholderInTheDefinition() {
        Map<String, Object> props = JsonTree.obj(resource("RemediationStateMachine"), "Properties");
        assertThat(props).containsEntry("DefinitionUri", "infra/statemachine/remediation.asl.json")
                .containsEntry("Type", "STANDARD");
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(
                ProjectFiles.read("infra/statemachine/remediation.asl.json"));
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(JsonTree.obj(props, "DefinitionSubstitutions").keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
    }

    @Test
    void remediationsStartFromIncidents_once_andNeverStraightFromAnAnomaly() {
        // [incident] issue 6: "an incident that matches a runbook policy starts the remediation workflow, once".
        Map<String, Object> props = JsonTree.obj(resource("IncidentFunction"), "Properties");
        Map<String, Object> env = JsonTree.obj(JsonTree.obj(props, "Environment"), "Variables");
        assertThat(String.valueOf(env.get("REMEDIATION_STATE_MACHINE_ARN"))).contains("RemediationStateMachine");
        assertThat(actions("IncidentFunction", "^states:.*")).containsExactly("states:StartExecution");
        assertThat((Map<String, Object>) TEMPLATE.get("Resources")).doesNotContainKey("RemediationStartFunction");
    }

    @Test
    void secretsAreReferencedByArn_neverInlined_andTheInteractivityUrlIsAnOutput() {
        String text = ProjectFiles.read("template.yaml");
        assertThat(text).doesNotContainPattern("xox[bpa]-[0-9]{4,}").doesNotContainPattern("(?i)signingSecret\\s*:\\s*[0-9a-f]{16,}");
        Map<String, Object> env = JsonTree.obj(JsonTree.obj(JsonTree.obj(resource("SlackApprovalFunction"),
                "Properties"), "Environment"), "Variables");
        assertThat(env).containsKey("SLACK_SECRET_ARN");
        assertThat(((Map<String, Object>) TEMPLATE.get("Outputs"))).containsKey("SlackInteractivityUrl");
    }

    @Test
    void theApprovalsTableExpiresItsItems_andTheAuditTableIsKept() {
        assertThat(JsonTree.obj(JsonTree.obj(resource("ApprovalsTable"), "Properties"), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", "ttl").containsEntry("Enabled", true);
        assertThat(resource("AuditTable")).containsEntry("DeletionPolicy", "Retain");
    }
}
