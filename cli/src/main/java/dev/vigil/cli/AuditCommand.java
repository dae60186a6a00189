package dev.vigil.cli;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.dynamo.DynamoAuditLog;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.AuditEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil audit --incident ID (--table NAME | --file audit.ndjson) [--json]}: an incident's remediation trail,
 * oldest first: every plan, guardrail check, approval request, decision (and who made it), action (with its
 * parameters and the state before), verification, rollback, outcome and notification. {@code --table} reads the
 * deployed Audit table (the stack output AuditTableName; AWS credentials and region from the environment);
 * {@code --file} reads the trail {@code vigil demo} writes.
 */
final class AuditCommand {

    private AuditCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String incident = args.value("--incident");
        if (incident == null) {
            throw new IllegalArgumentException("--incident ID is required (the anomaly id the workflow started for)");
        }
        List<AuditEntry> trail;
        if (args.value("--file") != null) {
            trail = fromFile(Path.of(args.value("--file")), incident);
        } else if (args.value("--table") != null) {
            trail = new DynamoAuditLog(AwsClients.dynamoDb(), args.value("--table")).trail(incident);
        } else {
            throw new IllegalArgumentException("say where the trail is: --table NAME (the AuditTableName stack output) "
                    + "or --file FILE (vigil-out/demo/audit.ndjson after vigil demo)");
        }
        if (trail.isEmpty()) {
            err.println("vigil audit: no audit entries for incident " + incident);
            return 1;
        }
        if (args.has("--json")) {
            for (AuditEntry e : trail) {
                out.println(JsonTree.write(toMap(e)));
            }
            return 0;
        }
        out.println("Audit trail of incident " + incident + " (" + trail.size() + " entries, oldest first)");
        for (AuditEntry e : trail) {
            out.printf("  %-24s %-19s %-12s %s%n", e.at(), e.kind(), e.actor() == null ? "-" : e.actor(),
                    summary(e));
        }
        return 0;
    }

    static String summary(AuditEntry e) {
        Map<String, Object> d = e.detail();
        Object s = switch (e.kind()) {
            case AuditEntry.PLANNED -> d.get("runbookId") + ": " + d.get("change") + " (" + d.get("mode") + ", "
                    + d.get("risk") + " risk)";
            case AuditEntry.GUARDRAILS -> Boolean.TRUE.equals(d.get("allowed")) ? "allowed"
                    : "refused: " + d.get("violations");
            case AuditEntry.APPROVAL_REQUESTED -> "approval " + d.get("approvalId") + " in " + d.get("channel")
                    + ", expires " + d.get("expiresAt");
            case AuditEntry.DECISION -> d.containsKey("vote") ? d.get("vote") + " by " + d.get("userId") + " ("
                    + d.get("status") + ")" : "expired (" + d.get("cause") + ")";
            case AuditEntry.ACTION -> "about to act; state before " + d.get("before") + ", parameters "
                    + d.get("parameters");
            case AuditEntry.APPLIED -> "applied; now " + d.get("after");
            case AuditEntry.VERIFICATION -> (Boolean.TRUE.equals(d.get("withinBand")) ? "verified: " : "NOT verified: ")
                    + d.get("reason");
            case AuditEntry.ROLLED_BACK -> "rolled back (" + d.get("reason") + ") to " + d.get("restoredTo");
            case AuditEntry.OUTCOME -> "outcome: " + d.get("outcome");
            case AuditEntry.NOTIFICATION -> "posted to " + d.get("channel");
            default -> d;
        };
        String text = String.valueOf(s);
        return text.length() > 160 ? text.substring(0, 159) + "…" : text;
    }

    static Map<String, Object> toMap(AuditEntry e) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("incidentId", e.incidentId());
        m.put("entryKey", e.key());
        m.put("at", e.at().toString());
        m.put("kind", e.kind());
        m.put("planId", e.planId());
        m.put("actor", e.actor());
        m.put("resourceArn", e.resourceArn());
        m.put("detail", e.detail());
        return m;
    }

    static List<AuditEntry> fromFile(Path file, String incident) throws IOException {
        List<AuditEntry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> m = JsonTree.object(line);
            if (!incident.equals(m.get("incidentId"))) {
                continue;
            }
            out.add(new AuditEntry(incident, m.get("entryKey").toString(), Instant.parse(m.get("at").toString()),
                    m.get("kind").toString(), JsonTree.optStr(m, "planId"), JsonTree.optStr(m, "actor"),
                    JsonTree.optStr(m, "resourceArn"), JsonTree.optObj(m, "detail")));
        }
        out.sort(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::key));
        return out;
    }
}
