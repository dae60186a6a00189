package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.support.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slack on its own: one secret parameter, the signed endpoint whenever Slack is set, remediation a separate opt-in. */
@SuppressWarnings("unchecked")
class SlackTemplateTest {

    static final Map<String, Object> T;

    static {
        try {
            T = Template.load();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, Object> res(String id) {
        return (Map<String, Object>) ((Map<String, Object>) T.get("Resources")).get(id);
    }

    static Map<String, Object> env(String fn) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) res(fn).get("Properties"))
                .get("Environment")).get("Variables");
    }

    @Test
    void oneParameterNamesTheSlackSecret() {
        Map<String, Object> params = (Map<String, Object>) T.get("Parameters");
        List<String> secretParams = params.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase().contains("secret")
                        || String.valueOf(((Map<String, Object>) e.getValue()).get("AllowedPattern")).contains("secret"))
                .map(Map.Entry::getKey).toList();
        assertThat(secretParams).containsExactly("SlackSecretArn");
        // Every function that talks to Slack reads that one parameter.
        assertThat(String.valueOf(env("IncidentFunction").get("SLACK_SECRET_ARN"))).contains("SlackSecretArn");
        assertThat(String.valueOf(env("SlackApprovalFunction").get("SLACK_SECRET_ARN"))).contains("SlackSecretArn");
        assertThat(String.valueOf(env("CostReportFunction").get("SLACK_SECRET_ID"))).contains("SlackSecretArn");
    }

    @Test
    void theSignedEndpoint_existsWheneverSlackIsConfigured_notOnlyWithRemediation() {
        for (String id : List.of("SlackApprovalApi", "SlackApprovalFunction", "SlackApprovalLogGroup", "ApprovalsTable")) {
            assertThat(res(id).get("Condition")).as(id).isEqualTo("HasSlack");
        }
        Map<String, Object> out = (Map<String, Object>) ((Map<String, Object>) T.get("Outputs")).get("SlackInteractivityUrl");
        assertThat(out.get("Condition")).isEqualTo("HasSlack");
        Map<String, Object> conditions = (Map<String, Object>) T.get("Conditions");
        assertThat(String.valueOf(conditions.get("HasSlack"))).contains("SlackSecretArn");
    }

    @Test
    void remediation_isASeparateOptIn_offByDefault_onTopOfSlack() {
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) T.get("Parameters")).get("EnableRemediation");
        assertThat(p.get("Default")).isEqualTo("false");
        String remediation = String.valueOf(((Map<String, Object>) T.get("Conditions")).get("Remediation"));
        assertThat(remediation).contains("HasSlack").contains("EnableRemediation");
        for (String id : List.of("AuditTable", "RemediationPlanFunction", "RemediationActFunction",
                "RemediationNotifyFunction", "RemediationStateMachine")) {
            assertThat(res(id).get("Condition")).as(id).isEqualTo("Remediation");
        }
        // The endpoint without remediation: no Audit table to name.
        assertThat(String.valueOf(env("SlackApprovalFunction").get("AUDIT_TABLE"))).contains("Remediation");
    }

    @Test
    void theCostDigest_postsOnlyWhereItsButtonsHaveAnEndpoint() {
        String digest = String.valueOf(((Map<String, Object>) T.get("Conditions")).get("HasCostDigest"));
        assertThat(digest).contains("HasSlack").contains("CostDigestSlackChannel");
    }
}
