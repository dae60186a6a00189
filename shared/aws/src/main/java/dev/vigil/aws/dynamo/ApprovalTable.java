package dev.vigil.aws.dynamo;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.vigil.core.remediation.ApprovalRecord;
import dev.vigil.core.remediation.RiskLevel;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Approvals table: one item per approval request, keyed by the short approval id the Slack button carries. The
 * Step Functions task token lives only here (never in Slack, never in a log) and the item expires by TTL
 * ({@code ttl}, a week after the decision deadline). Also holds replay markers ({@code approvalId = replay#…}) that
 * expire after ten minutes. A {@link StaticTableSchema}: no bean introspection at cold start.
 */
public final class ApprovalTable {

    public static final String PARTITION_KEY = "approvalId";
    public static final String TTL_ATTRIBUTE = "ttl";

    /** The mutable shape the enhanced client maps. */
    public static final class Item {
        String approvalId;
        String taskToken;
        String planId;
        String incidentId;
        String executionName;
        String risk;
        Integer requiredApprovals;
        String status;
        String firstApprover;
        String firstApprovedAt;
        String decidedBy;
        String decidedAt;
        String channel;
        String messageTs;
        String createdAt;
        String expiresAt;
        String hardDeadline;
        String planJson;
        Long version;
        Long ttl;
    }

    public static final TableSchema<Item> SCHEMA = StaticTableSchema.builder(Item.class)
            .newItemSupplier(Item::new)
            .addAttribute(String.class, a -> a.name(PARTITION_KEY).getter(i -> i.approvalId)
                    .setter((i, v) -> i.approvalId = v).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("taskToken").getter(i -> i.taskToken)
                    .setter((i, v) -> i.taskToken = v))
            .addAttribute(String.class, a -> a.name("planId").getter(i -> i.planId).setter((i, v) -> i.planId = v))
            .addAttribute(String.class, a -> a.name("incidentId").getter(i -> i.incidentId)
                    .setter((i, v) -> i.incidentId = v))
            .addAttribute(String.class, a -> a.name("executionName").getter(i -> i.executionName)
                    .setter((i, v) -> i.executionName = v))
            .addAttribute(String.class, a -> a.name("risk").getter(i -> i.risk).setter((i, v) -> i.risk = v))
            .addAttribute(Integer.class, a -> a.name("requiredApprovals").getter(i -> i.requiredApprovals)
                    .setter((i, v) -> i.requiredApprovals = v))
            .addAttribute(String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
            .addAttribute(String.class, a -> a.name("firstApprover").getter(i -> i.firstApprover)
                    .setter((i, v) -> i.firstApprover = v))
            .addAttribute(String.class, a -> a.name("firstApprovedAt").getter(i -> i.firstApprovedAt)
                    .setter((i, v) -> i.firstApprovedAt = v))
            .addAttribute(String.class, a -> a.name("decidedBy").getter(i -> i.decidedBy)
                    .setter((i, v) -> i.decidedBy = v))
            .addAttribute(String.class, a -> a.name("decidedAt").getter(i -> i.decidedAt)
                    .setter((i, v) -> i.decidedAt = v))
            .addAttribute(String.class, a -> a.name("channel").getter(i -> i.channel)
                    .setter((i, v) -> i.channel = v))
            .addAttribute(String.class, a -> a.name("messageTs").getter(i -> i.messageTs)
                    .setter((i, v) -> i.messageTs = v))
            .addAttribute(String.class, a -> a.name("createdAt").getter(i -> i.createdAt)
                    .setter((i, v) -> i.createdAt = v))
            .addAttribute(String.class, a -> a.name("expiresAt").getter(i -> i.expiresAt)
                    .setter((i, v) -> i.expiresAt = v))
            .addAttribute(String.class, a -> a.name("hardDeadline").getter(i -> i.hardDeadline)
                    .setter((i, v) -> i.hardDeadline = v))
            .addAttribute(String.class, a -> a.name("planJson").getter(i -> i.planJson)
                    .setter((i, v) -> i.planJson = v))
            .addAttribute(Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .addAttribute(Long.class, a -> a.name(TTL_ATTRIBUTE).getter(i -> i.ttl).setter((i, v) -> i.ttl = v))
            .build();

    /** Items stay a week past their deadline (for investigation), then TTL removes them and their token. */
    static final long RETAIN_SECONDS = 7 * 24 * 3600L;

    private ApprovalTable() {
    }

    static Item toItem(ApprovalRecord r) {
        Item i = new Item();
        i.approvalId = r.approvalId();
        i.taskToken = r.taskToken();
        i.planId = r.planId();
        i.incidentId = r.incidentId();
        i.executionName = r.executionName();
        i.risk = r.risk().code();
        i.requiredApprovals = r.requiredApprovals();
        i.status = r.status().name();
        i.firstApprover = r.firstApprover();
        i.firstApprovedAt = Iso.format(r.firstApprovedAt());
        i.decidedBy = r.decidedBy();
        i.decidedAt = Iso.format(r.decidedAt());
        i.channel = r.channel();
        i.messageTs = r.messageTs();
        i.createdAt = Iso.format(r.createdAt());
        i.expiresAt = Iso.format(r.expiresAt());
        i.hardDeadline = Iso.format(r.hardDeadline());
        i.planJson = r.planJson();
        i.version = r.version();
        Instant last = r.hardDeadline().isAfter(r.expiresAt()) ? r.hardDeadline() : r.expiresAt();
        i.ttl = last.getEpochSecond() + RETAIN_SECONDS;
        return i;
    }

    static ApprovalRecord toRecord(Item i) {
        return new ApprovalRecord(i.approvalId, i.taskToken, i.planId, i.incidentId, i.executionName,
                RiskLevel.parse(i.risk), i.requiredApprovals == null ? 1 : i.requiredApprovals,
                ApprovalRecord.Status.valueOf(i.status), i.firstApprover, Iso.parse(i.firstApprovedAt), i.decidedBy,
                Iso.parse(i.decidedAt), i.channel, i.messageTs, Iso.parse(i.createdAt), Iso.parse(i.expiresAt),
                Iso.parse(i.hardDeadline), i.planJson, i.version == null ? 0 : i.version);
    }

    /** Creates the table (on-demand) where it does not exist: DynamoDB Local runs and tests. */
    public static void createIfMissing(DynamoDbClient ddb, String tableName) {
        LocalTables.createIfMissing(ddb, tableName, PARTITION_KEY, null);
    }
}
