package dev.vigil.aws.dynamo;

import dev.vigil.aws.Backoff;
import dev.vigil.aws.Retryable;
import dev.vigil.core.incident.Change;
import dev.vigil.core.incident.ConcurrentIncidentUpdateException;
import dev.vigil.core.incident.EngineState;
import dev.vigil.core.incident.Incident;
import dev.vigil.core.incident.IncidentJson;
import dev.vigil.core.incident.IncidentStore;
import dev.vigil.core.incident.JsonValues;
import dev.vigil.core.incident.Matcher;
import dev.vigil.core.incident.Silence;
import dev.vigil.core.scorecard.Counters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The incident state in DynamoDB (layout in {@link IncidentTable}).
 *
 * <p><b>Commit</b> is one TransactWriteItems: the engine state (conditional on its version), every changed incident
 * (UpdateItem SET of the engine's attributes only, so delivery fields written after a post survive), new changes and
 * the day counters (ADD). A batch that touches more than the 100 items a transaction allows writes incidents and
 * changes first (idempotent: same content on a retry) and the state with the counters last.
 */
public final class DynamoIncidentStore implements IncidentStore {

    static final int MAX_TRANSACTION_ITEMS = 100;
    static final long CLOSED_RETENTION_MS = 90L * 24 * 3600 * 1000;
    static final long CHANGE_RETENTION_MS = 7L * 24 * 3600 * 1000;

    private final DynamoDbClient ddb;
    private final String table;
    private final Backoff backoff;

    public DynamoIncidentStore(DynamoDbClient ddb, String table, Backoff backoff) {
        this.ddb = ddb;
        this.table = table;
        this.backoff = backoff;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put(IncidentTable.PK, AttributeValue.fromS(pk));
        k.put(IncidentTable.SK, AttributeValue.fromS(sk));
        return k;
    }

    static String incidentPk(String id) {
        return "INC#" + id;
    }

    @Override
    public Snapshot loadOpen() {
        Map<String, AttributeValue> item = retrying(() -> ddb.getItem(b -> b.tableName(table)
                .key(key("STATE", "ENGINE")).consistentRead(true))).item();
        EngineState s = item == null || item.isEmpty() ? IncidentJson.readState(null, 0)
                : IncidentJson.readState(item.get("body").s(), Long.parseLong(item.get("version").n()));
        Map<String, Incident> open = new LinkedHashMap<>();
        List<String> ids = s.openIds;
        Map<String, Incident> loaded = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + 100))) {
                keys.add(key(incidentPk(id), "META"));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> req = request;
                var r = retrying(() -> ddb.batchGetItem(b -> b.requestItems(req)));
                for (Map<String, AttributeValue> it : r.responses().getOrDefault(table, List.of())) {
                    Incident i = toIncident(it);
                    loaded.put(i.id, i);
                }
                request = r.unprocessedKeys() == null ? Map.of() : r.unprocessedKeys();
                if (!request.isEmpty()) {
                    if (attempt >= backoff.maxAttempts()) {
                        throw new IllegalStateException("open incidents still unprocessed after " + attempt + " reads");
                    }
                    backoff.pause(attempt);
                }
            }
        }
        for (String id : ids) {
            Incident i = loaded.get(id);
            if (i != null) {
                open.put(id, i);
            }
        }
        return new Snapshot(s, open);
    }

    static Incident toIncident(Map<String, AttributeValue> it) {
        Incident i = IncidentJson.read(it.get("body").s());
        i.slackChannel = s(it, "slackChannel");
        i.slackTs = s(it, "slackTs");
        i.postedRev = (int) n(it, "postedRev");
        i.notifiedAt = n(it, "notifiedAt");
        AttributeValue started = it.get("started");
        if (started != null && started.hasSs()) {
            i.remediationsStarted.addAll(started.ss());
        }
        return i;
    }

    private static String s(Map<String, AttributeValue> it, String k) {
        AttributeValue v = it.get(k);
        return v == null ? null : v.s();
    }

    private static long n(Map<String, AttributeValue> it, String k) {
        AttributeValue v = it.get(k);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    @Override
    public void commit(EngineState state, List<Incident> changed, List<Change> newChanges, Counters counters) {
        List<TransactWriteItem> idempotent = new ArrayList<>();
        for (Incident i : changed) {
            idempotent.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(key(incidentPk(i.id), "META"))
                    .updateExpression("SET body = :b, #st = :s, openedAt = :o, #day = :d"
                            + (i.isOpen() ? " REMOVE expiresAt" : ", expiresAt = :e"))
                    .expressionAttributeNames(Map.of("#st", "status", "#day", "day"))
                    .expressionAttributeValues(incidentValues(i))).build());
        }
        for (Change c : newChanges) {
            Map<String, AttributeValue> item = key("CHANGE#" + c.resource(), String.format("%013d#%s", c.at(), c.id()));
            item.put("body", AttributeValue.fromS(JsonValues.write(IncidentJson.change(c))));
            item.put(IncidentTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString((c.at() + CHANGE_RETENTION_MS) / 1000)));
            idempotent.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
        }
        List<TransactWriteItem> last = new ArrayList<>();
        Map<String, AttributeValue> stateItem = key("STATE", "ENGINE");
        stateItem.put("version", AttributeValue.fromN(Long.toString(state.version)));
        stateItem.put("body", AttributeValue.fromS(IncidentJson.writeState(state)));
        last.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(stateItem)
                .conditionExpression(state.version <= 1 ? "attribute_not_exists(pk)" : "version = :prev")
                .expressionAttributeValues(state.version <= 1 ? null
                        : Map.of(":prev", AttributeValue.fromN(Long.toString(state.version - 1))))).build());
        for (Map.Entry<String, Map<String, Long>> day : counters.byDay().entrySet()) {
            last.add(TransactWriteItem.builder().update(counterUpdate(day.getKey(), day.getValue())).build());
        }
        if (idempotent.size() + last.size() <= MAX_TRANSACTION_ITEMS) {
            List<TransactWriteItem> all = new ArrayList<>(idempotent);
            all.addAll(last);
            transact(all, true);
            return;
        }
        for (int from = 0; from < idempotent.size(); from += MAX_TRANSACTION_ITEMS) {
            transact(idempotent.subList(from, Math.min(idempotent.size(), from + MAX_TRANSACTION_ITEMS)), false);
        }
        transact(last, true);
    }

    private Map<String, AttributeValue> incidentValues(Incident i) {
        Map<String, AttributeValue> v = new HashMap<>();
        v.put(":b", AttributeValue.fromS(IncidentJson.write(i)));
        v.put(":s", AttributeValue.fromS(i.status.name()));
        v.put(":o", AttributeValue.fromN(Long.toString(i.openedAt)));
        v.put(":d", AttributeValue.fromS(Counters.day(i.openedAt)));
        if (!i.isOpen()) {
            v.put(":e", AttributeValue.fromN(Long.toString((Math.max(i.closedAt, i.lastSignalAt) + CLOSED_RETENTION_MS) / 1000)));
        }
        return v;
    }

    private software.amazon.awssdk.services.dynamodb.model.Update counterUpdate(String day, Map<String, Long> values) {
        StringBuilder expr = new StringBuilder("ADD ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> vals = new HashMap<>();
        int k = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            if (k > 0) {
                expr.append(", ");
            }
            expr.append("#n").append(k).append(" :v").append(k);
            names.put("#n" + k, e.getKey());
            vals.put(":v" + k, AttributeValue.fromN(Long.toString(e.getValue())));
            k++;
        }
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table)
                .key(key("DAY#" + day, "COUNTERS")).updateExpression(expr.toString())
                .expressionAttributeNames(names).expressionAttributeValues(vals).build();
    }

    private void transact(List<TransactWriteItem> items, boolean stateFirst) {
        for (int attempt = 1; ; attempt++) {
            try {
                ddb.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflict = false;
                boolean transientOnly = true;
                for (CancellationReason r : e.cancellationReasons()) {
                    String code = r.code();
                    if ("ConditionalCheckFailed".equals(code)) {
                        conflict = true;
                    }
                    if (code != null && !code.equals("None") && !code.equals("TransactionConflict")
                            && !code.equals("ThrottlingError") && !code.equals("ProvisionedThroughputExceeded")) {
                        transientOnly = false;
                    }
                }
                if (conflict && stateFirst) {
                    throw new ConcurrentIncidentUpdateException("the engine state was saved by another invocation");
                }
                if (!transientOnly || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            } catch (SdkException e) {
                if (!Retryable.isTransient(e) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            }
        }
    }

    @Override
    public void recordDelivery(Incident i) {
        Map<String, AttributeValue> v = new HashMap<>();
        v.put(":c", AttributeValue.fromS(i.slackChannel));
        v.put(":t", AttributeValue.fromS(i.slackTs));
        v.put(":r", AttributeValue.fromN(Integer.toString(i.postedRev)));
        v.put(":n", AttributeValue.fromN(Long.toString(i.notifiedAt)));
        retrying(() -> ddb.updateItem(b -> b.tableName(table).key(key(incidentPk(i.id), "META"))
                .updateExpression("SET slackChannel = :c, slackTs = :t, postedRev = :r, notifiedAt = :n")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(v)));
    }

    @Override
    public void recordRemediation(RemediationRecord r) {
        if (r.incidentId() == null) {
            return;
        }
        Map<String, AttributeValue> item = key(incidentPk(r.incidentId()), "REMEDIATION#" + r.executionName());
        item.put("status", AttributeValue.fromS(r.status()));
        item.put("at", AttributeValue.fromN(Long.toString(r.at())));
        retrying(() -> ddb.putItem(b -> b.tableName(table).item(item)));
        if ("STARTED".equals(r.status()) || "ALREADY_STARTED".equals(r.status())) {
            Optional<Incident> i = get(r.incidentId());
            i.ifPresent(inc -> inc.remediations.values().stream()
                    .filter(rem -> rem.executionName().equals(r.executionName()))
                    .forEach(rem -> retrying(() -> ddb.updateItem(b -> b.tableName(table)
                            .key(key(incidentPk(r.incidentId()), "META"))
                            .updateExpression("ADD started :s")
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromSs(List.of(rem.runbookId()))))))));
        }
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        Map<String, AttributeValue> it = retrying(() -> ddb.getItem(b -> b.tableName(table)
                .key(key(incidentPk(incidentId), "META")).consistentRead(true))).item();
        return it == null || it.isEmpty() || !it.containsKey("body") ? Optional.empty() : Optional.of(toIncident(it));
    }

    @Override
    public List<Change> changes(Collection<String> resources, long from, long to) {
        List<Change> out = new ArrayList<>();
        for (String r : resources) {
            Map<String, AttributeValue> v = new HashMap<>();
            v.put(":pk", AttributeValue.fromS("CHANGE#" + r));
            v.put(":from", AttributeValue.fromS(String.format("%013d", Math.max(0, from))));
            v.put(":to", AttributeValue.fromS(String.format("%013d~", Math.max(0, to))));
            QueryResponse q = retrying(() -> ddb.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(v)));
            for (Map<String, AttributeValue> it : q.items()) {
                out.add(IncidentJson.change(JsonValues.readObject(it.get("body").s())));
            }
        }
        return out;
    }

    @Override
    public List<Silence> silences(long at) {
        QueryResponse q = retrying(() -> ddb.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("SILENCE")))
                .consistentRead(true)));
        List<Silence> out = new ArrayList<>();
        for (Map<String, AttributeValue> it : q.items()) {
            Silence s = silence(JsonValues.readObject(it.get("body").s()));
            if (s.until() > at) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void putSilence(Silence s) {
        Map<String, AttributeValue> item = key("SILENCE", s.id());
        item.put("body", AttributeValue.fromS(JsonValues.write(silence(s))));
        item.put("until", AttributeValue.fromN(Long.toString(s.until())));
        item.put(IncidentTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(s.until() / 1000 + 3600)));
        retrying(() -> ddb.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public boolean deleteSilence(String id) {
        var r = retrying(() -> ddb.deleteItem(b -> b.tableName(table).key(key("SILENCE", id))
                .returnValues(ReturnValue.ALL_OLD)));
        return r.attributes() != null && !r.attributes().isEmpty();
    }

    static Map<String, Object> silence(Silence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        Matcher x = s.matcher();
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("resource", x.resource());
        mm.put("namespace", x.namespace());
        mm.put("metric", x.metric());
        mm.put("dimensions", x.dimensions());
        mm.put("service", x.service());
        mm.put("team", x.team());
        mm.put("account", x.account());
        mm.put("region", x.region());
        mm.put("kind", x.kind());
        mm.put("maxSeverity", x.maxSeverity() == null ? null : x.maxSeverity().code());
        m.put("match", mm);
        m.put("from", s.from());
        m.put("until", s.until());
        m.put("reason", s.reason());
        m.put("createdBy", s.createdBy());
        m.put("source", s.source());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Silence silence(Map<String, Object> m) {
        Map<String, Object> x = JsonValues.obj(m, "match");
        Map<String, String> dims = new LinkedHashMap<>();
        ((Map<String, Object>) x.getOrDefault("dimensions", Map.of())).forEach((k, v) -> dims.put(k, String.valueOf(v)));
        String max = JsonValues.str(x, "maxSeverity");
        Matcher matcher = new Matcher(JsonValues.str(x, "resource"), JsonValues.str(x, "namespace"),
                JsonValues.str(x, "metric"), dims, JsonValues.str(x, "service"), JsonValues.str(x, "team"),
                JsonValues.str(x, "account"), JsonValues.str(x, "region"), JsonValues.str(x, "kind"),
                max == null ? null : dev.vigil.core.incident.Signal.severity(max));
        return new Silence(JsonValues.str(m, "id"), matcher, JsonValues.lng(m, "from", 0),
                JsonValues.lng(m, "until", 0), JsonValues.str(m, "reason"), JsonValues.str(m, "createdBy"),
                JsonValues.str(m, "source"));
    }

    @Override
    public String recordFeedback(Feedback f) {
        Map<String, AttributeValue> item = key(incidentPk(f.incidentId()), "FEEDBACK#" + f.userId());
        item.put("verdict", AttributeValue.fromS(f.verdict()));
        item.put("at", AttributeValue.fromN(Long.toString(f.at())));
        var r = retrying(() -> ddb.putItem(b -> b.tableName(table).item(item).returnValues(ReturnValue.ALL_OLD)));
        return r.attributes() == null || !r.attributes().containsKey("verdict") ? null : r.attributes().get("verdict").s();
    }

    @Override
    public boolean recordFirstAction(FirstAction a) {
        Map<String, AttributeValue> item = key(incidentPk(a.incidentId()), "ACTION");
        item.put("user", AttributeValue.fromS(a.userId()));
        item.put("action", AttributeValue.fromS(a.action()));
        item.put("at", AttributeValue.fromN(Long.toString(a.at())));
        try {
            retrying(() -> ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")));
            return true;
        } catch (ConditionalCheckFailedException already) {
            return false;
        }
    }

    @Override
    public void addCounters(Counters c) {
        for (Map.Entry<String, Map<String, Long>> day : c.byDay().entrySet()) {
            var u = counterUpdate(day.getKey(), day.getValue());
            retrying(() -> ddb.updateItem(b -> b.tableName(table).key(u.key()).updateExpression(u.updateExpression())
                    .expressionAttributeNames(u.expressionAttributeNames())
                    .expressionAttributeValues(u.expressionAttributeValues())));
        }
    }

    /** A full scan: for {@code vigil scorecard} on DynamoDB Local and for tests, not for the Lambda path. */
    @Override
    public ScorecardData scorecardData() {
        List<Incident> incidents = new ArrayList<>();
        List<Feedback> feedback = new ArrayList<>();
        List<FirstAction> actions = new ArrayList<>();
        List<RemediationRecord> remediations = new ArrayList<>();
        Counters counters = new Counters();
        for (var page : ddb.scanPaginator(b -> b.tableName(table).consistentRead(true))) {
            for (Map<String, AttributeValue> it : page.items()) {
                String pk = it.get(IncidentTable.PK).s();
                String sk = it.get(IncidentTable.SK).s();
                if (pk.startsWith("INC#")) {
                    String id = pk.substring(4);
                    if (sk.equals("META")) {
                        incidents.add(toIncident(it));
                    } else if (sk.startsWith("FEEDBACK#")) {
                        feedback.add(new Feedback(id, sk.substring(9), it.get("verdict").s(), n(it, "at")));
                    } else if (sk.equals("ACTION")) {
                        actions.add(new FirstAction(id, s(it, "user"), s(it, "action"), n(it, "at")));
                    } else if (sk.startsWith("REMEDIATION#")) {
                        remediations.add(new RemediationRecord(id, sk.substring(12), s(it, "status"), n(it, "at")));
                    }
                } else if (pk.startsWith("DAY#")) {
                    long at = java.time.LocalDate.parse(pk.substring(4)).atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant().toEpochMilli();
                    for (Map.Entry<String, AttributeValue> e : it.entrySet()) {
                        if (e.getValue().n() != null) {
                            counters.add(at, e.getKey(), Long.parseLong(e.getValue().n()));
                        }
                    }
                }
            }
        }
        return new ScorecardData(incidents, feedback, actions, remediations, counters);
    }

    private <T> T retrying(java.util.function.Supplier<T> call) {
        return Retryable.call(backoff, call);
    }
}
