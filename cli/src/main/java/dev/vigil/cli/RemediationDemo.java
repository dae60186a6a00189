package dev.vigil.cli;

import dev.vigil.aws.dynamo.ApprovalTable;
import dev.vigil.aws.dynamo.AuditTable;
import dev.vigil.aws.dynamo.DynamoApprovalStore;
import dev.vigil.aws.dynamo.DynamoAuditLog;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.remediation.AuditEntry;
import dev.vigil.core.remediation.Plan;
import dev.vigil.core.remediation.Runbook;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.remediation.NotifyHandler;
import dev.vigil.remediation.PlanHandler;
import dev.vigil.core.incident.RemediationStarter;
import dev.vigil.remediation.Wiring;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's remediation section, in dry run: the first demo anomaly a runbook answers goes through the real plan,
 * guardrails and approval-request handlers (audit and approvals on DynamoDB Local), against simulated resource
 * state; the Slack message is captured, not sent, and nothing is executed.
 */
final class RemediationDemo {

    static final String CHANNEL = "C0DEMO0001";

    private RemediationDemo() {
    }

    static void section(Path outDir, PrintStream out) throws IOException {
        out.println("== Remediation (dry run): anomaly -> runbook -> plan -> guardrails -> Slack approval request");
        RunbookCatalog catalog = RunbookCatalog.fromClasspath();
        List<AnomalyEvent> anomalies = new ArrayList<>();
        Path file = outDir.resolve("anomalies.ndjson");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    anomalies.add(AnomalyJson.read(line));
                }
            }
        }
        AnomalyEvent chosen = null;
        Runbook runbook = null;
        for (AnomalyEvent a : anomalies) {
            Optional<Runbook> r = catalog.match(a);
            if (r.isPresent() && r.get().mode() != dev.vigil.core.remediation.Mode.SUGGEST) {
                chosen = a;
                runbook = r.get();
                break;
            }
        }
        if (chosen == null) {
            out.println("  none of the " + anomalies.size() + " demo anomalies matches a runbook in "
                    + "infra/runbooks/catalog.yaml: nothing to plan");
            out.println();
            return;
        }
        out.printf("  %d runbooks in the catalog; anomaly %s (%s %s %s, %s) matches runbook %s%n",
                catalog.runbooks().size(), chosen.id(), chosen.namespace(), chosen.metricName(), chosen.dimensions(),
                chosen.severity(), runbook.id());
        StructuredLog quiet = StructuredLog.discard();
        DryRun.CapturingSlack slack = new DryRun.CapturingSlack();
        List<AuditEntry> trail;
        Map<String, Object> plan;
        Map<String, Object> verdict;
        Map<String, Object> approval = null;
        try (LocalDynamo local = LocalDynamo.start()) {
            AuditTable.createIfMissing(local.client(), "vigil-audit");
            ApprovalTable.createIfMissing(local.client(), "vigil-approvals");
            DynamoAuditLog audit = new DynamoAuditLog(local.client(), "vigil-audit");
            Clock clock = Clock.systemUTC();
            Wiring planning = new Wiring(catalog, DryRun.executors(), audit, null, null, null, clock, quiet, null);
            Wiring notifying = new Wiring(catalog, Map.of(), audit, new DynamoApprovalStore(local.client(),
                    "vigil-approvals"), slack, null, clock, quiet, CHANNEL);
            PlanHandler planner = new PlanHandler(planning);
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("step", "plan");
            req.put("executionName", RemediationStarter.executionName(chosen.id(), runbook.id()));
            req.put("incidentId", chosen.id());
            req.put("runbookId", runbook.id());
            req.put("anomaly", JsonTree.parse(AnomalyJson.write(chosen)));
            plan = planner.handle(req);
            verdict = planner.handle(Map.of("step", "guardrails", "plan", plan));
            if (Boolean.TRUE.equals(verdict.get("allowed")) && "approve".equals(plan.get("mode"))) {
                approval = new NotifyHandler(notifying).handle(Map.of("step", "request-approval",
                        "taskToken", "dry-run-token-never-leaves-aws", "plan", plan));
            }
            trail = audit.trail(chosen.id());
        }
        Plan p = Plan.fromMap(plan);
        out.println("  plan " + p.planId() + ": " + p.actionId() + " (" + p.actionType().code() + ") on " + p.resourceArn());
        out.println("    change:       " + p.change());
        out.println("    parameters:   " + JsonTree.write(p.parameters()));
        out.println("    state before: " + p.previous().values() + " (simulated: dry run reads no AWS account)");
        out.println("    blast radius: " + p.blastRadius());
        out.println("    risk:         " + p.risk().code() + ", " + p.requiredApprovals() + " approver(s), mode "
                + p.mode().code() + ", undo: " + p.undo());
        out.println("    guardrails:   " + (Boolean.TRUE.equals(verdict.get("allowed")) ? "allowed"
                : "REFUSED " + verdict.get("violations")));
        if (approval != null) {
            out.println("    approval:     " + approval.get("approvalId") + " (the Slack buttons carry only this id; "
                    + "the task token stays in the Approvals table), expires " + approval.get("expiresAt"));
        }
        Path message = outDir.resolve("remediation-slack-message.json");
        if (!slack.posted.isEmpty()) {
            DryRun.CapturingSlack.Message m = slack.posted.get(0);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("channel", m.channel());
            body.put("text", m.text());
            body.put("blocks", JsonTree.parse(m.blocksJson()));
            String json = JsonTree.writePretty(body);
            Files.writeString(message, json + "\n", StandardCharsets.UTF_8);
            out.println("  the Slack message it would send (chat.postMessage, Block Kit; not sent in a dry run):");
            json.lines().limit(24).forEach(l -> out.println("    " + l));
            out.println("    … (" + json.lines().count() + " lines in all)");
        }
        Path auditFile = outDir.resolve("audit.ndjson");
        try (Writer w = Files.newBufferedWriter(auditFile, StandardCharsets.UTF_8)) {
            for (AuditEntry e : trail) {
                w.write(JsonTree.write(AuditCommand.toMap(e)));
                w.write('\n');
            }
        }
        out.println("  nothing was executed. Wrote " + message + " and " + auditFile + " (" + trail.size()
                + " audit entries):");
        out.println("    ./vigil audit --incident " + chosen.id() + " --file " + auditFile);
        out.println();
    }
}
