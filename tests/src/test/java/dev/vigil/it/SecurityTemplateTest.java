package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.support.Template;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, High 1, checked on template.yaml: every rule says who may send what it matches, and Vigil's bus denies
 * {@code events:PutEvents} to every principal but Vigil's function roles (and the deploy-marker principals the
 * operator names). docs/security.md lists what each check stops.
 */
class SecurityTemplateTest {

    @SuppressWarnings("unchecked")
    @Test
    void everyRulePattern_namesItsSources_inEveryAlternative() throws IOException {
        Map<String, Object> t = Template.load();
        List<String> patterns = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        Template.resources(t, "AWS::Events::Rule").forEach((id, r) -> {
            Map<String, Object> p = (Map<String, Object>) r.get("Properties");
            Object pattern = p.get("EventPattern");
            if (pattern == null) {
                assertThat(p.get("ScheduleExpression")).as("%s has neither a pattern nor a schedule", id).isNotNull();
                return;
            }
            patterns.add(id);
            checkSources(id, (Map<String, Object>) pattern, offenders);
        });
        Template.resources(t, "AWS::Serverless::Function").forEach((id, f) -> {
            Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) f.get("Properties"))
                    .get("Events");
            if (events == null) {
                return;
            }
            events.forEach((name, e) -> {
                Map<String, Object> ev = (Map<String, Object>) e;
                if ("EventBridgeRule".equals(ev.get("Type")) || "CloudWatchEvent".equals(ev.get("Type"))) {
                    Map<String, Object> props = (Map<String, Object>) ev.get("Properties");
                    patterns.add(id + "." + name);
                    checkSources(id + "." + name, (Map<String, Object>) props.get("Pattern"), offenders);
                }
            });
        });
        assertThat(patterns).as("rules with a pattern").hasSizeGreaterThanOrEqualTo(4);
        assertThat(offenders).as("rule patterns (or $or alternatives) without a source").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void checkSources(String id, Map<String, Object> pattern, List<String> offenders) {
        Object or = pattern.get("$or");
        if (or != null) {
            int n = 0;
            for (Object alt : (List<Object>) or) {
                Map<String, Object> merged = new java.util.LinkedHashMap<>(pattern);
                merged.remove("$or");
                merged.putAll((Map<String, Object>) alt);
                checkSources(id + ".$or[" + n++ + "]", merged, offenders);
            }
            return;
        }
        Object src = pattern.get("source");
        if (!(src instanceof List<?> l) || l.isEmpty() || l.stream().anyMatch(s -> !(s instanceof String))) {
            offenders.add(id);
            return;
        }
        // A source list of exact names: a prefix or anything-but matcher would let a forged source through.
        for (Object s : l) {
            String name = (String) s;
            if (!(name.startsWith("aws.") || name.startsWith("vigil."))) {
                offenders.add(id + " source " + name);
            }
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void vigilsBus_deniesPutEventsToEveryPrincipalButVigilsFunctionRoles() throws IOException {
        Map<String, Object> t = Template.load();
        Map<String, Map<String, Object>> policies = Template.resources(t, "AWS::Events::EventBusPolicy");
        Map<String, Object> deny = null;
        for (Map<String, Object> p : policies.values()) {
            Map<String, Object> props = (Map<String, Object>) p.get("Properties");
            Map<String, Object> st = (Map<String, Object>) props.get("Statement");
            if (p.get("Condition") == null && st != null && "Deny".equals(st.get("Effect"))) {
                assertThat(props.get("EventBusName")).as("the policy is on Vigil's bus, by reference")
                        .isEqualTo("EventBus");
                deny = st;
            }
        }
        assertThat(deny).as("an unconditional Deny statement on the bus").isNotNull();
        assertThat(deny.get("Principal")).isEqualTo(Map.of("AWS", "*"));
        assertThat(deny.get("Action")).isEqualTo("events:PutEvents");
        Map<String, Object> cond = (Map<String, Object>) ((Map<String, Object>) deny.get("Condition"))
                .get("ArnNotLike");
        String allowed = String.valueOf(cond.get("aws:PrincipalArn"));

        // Every function whose policy may put events on the bus is in the exception list, and nobody else.
        List<String> publishers = new ArrayList<>();
        Template.resources(t, "AWS::Serverless::Function").forEach((id, f) -> {
            if (String.valueOf(((Map<String, Object>) f.get("Properties")).get("Policies"))
                    .contains("events:PutEvents")) {
                publishers.add(id);
            }
        });
        assertThat(publishers).isNotEmpty();
        for (String p : publishers) {
            assertThat(allowed).as("bus policy exempts %s's role", p).contains(p + "Role.Arn");
        }
        assertThat(allowed.split("Role\\.Arn", -1).length - 1)
                .as("exempted roles (once per branch of the deploy-principals If)").isEqualTo(2 * publishers.size());
        assertThat(allowed).contains("DeployMarkerPrincipalArns");
    }

    @SuppressWarnings("unchecked")
    @Test
    void namedDeployers_mayOnlySendDeployMarkers() throws IOException {
        Map<String, Object> t = Template.load();
        List<String> keys = new ArrayList<>();
        Template.resources(t, "AWS::Events::EventBusPolicy").forEach((id, p) -> {
            if ("HasDeployMarkerPrincipals".equals(p.get("Condition"))) {
                Map<String, Object> st = (Map<String, Object>) ((Map<String, Object>) p.get("Properties"))
                        .get("Statement");
                assertThat(st.get("Effect")).isEqualTo("Deny");
                Map<String, Object> c = (Map<String, Object>) st.get("Condition");
                assertThat(((Map<String, Object>) c.get("ArnLike")).get("aws:PrincipalArn"))
                        .isEqualTo("DeployMarkerPrincipalArns");
                keys.addAll(((Map<String, Object>) c.get("StringNotEquals")).keySet());
                assertThat(((Map<String, Object>) c.get("StringNotEquals")).values()).containsOnly("vigil.deploy");
            }
        });
        assertThat(keys).containsExactlyInAnyOrder("events:source", "events:detail-type");
    }
}
