package dev.vigil.aws.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Incidents table: one table, several item kinds under a {@code pk}/{@code sk} key, read and written with the
 * low-level client. (The enhanced client's StaticTableSchema suits one item shape per table, as for Baselines;
 * here a batch commits several kinds in one TransactWriteItems, counters are atomic ADDs, and delivery fields are
 * SET on their own, none of which a whole-item schema expresses. No reflection either way.)
 *
 * <pre>
 *   pk                    sk                    attributes
 *   STATE                 ENGINE                version N, body S (open ids, channel posts, recent signal ids)
 *   INC#inc-…             META                  body S, status S, openedAt N, day S; delivery: slackChannel S,
 *                                               slackTs S, postedRev N, notifiedAt N; started SS; expiresAt N
 *   INC#inc-…             FEEDBACK#&lt;user&gt;      verdict S, at N
 *   INC#inc-…             ACTION                user S, action S, at N   (first human action only)
 *   INC#inc-…             REMEDIATION#&lt;name&gt;   status S, at N
 *   CHANGE#&lt;resource&gt;    &lt;at, 13 digits&gt;#&lt;id&gt; body S, expiresAt N (7 days)
 *   SILENCE               sil-…                 body S, until N, expiresAt N
 *   DAY#2026-01-31        COUNTERS              one number per counter (atomic ADD)
 * </pre>
 * {@code expiresAt} is the TTL attribute: closed incidents go after 90 days, changes after 7, silences when they end.
 */
public final class IncidentTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private IncidentTable() {
    }

    public static void createIfMissing(DynamoDbClient ddb, String tableName) {
        LocalTables.createIfMissing(ddb, tableName, PK, SK);
    }
}
