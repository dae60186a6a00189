package dev.vigil.core.cost.now;

import dev.vigil.core.cost.detect.DetectionConfig;
import dev.vigil.core.cost.detect.Dimension;
import dev.vigil.core.cost.detect.Scope;
import dev.vigil.core.cost.detect.Thresholds;
import dev.vigil.core.cost.now.ProvisionalAnomaly.ChangeLine;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Source;
import dev.vigil.core.cost.now.ProvisionalAnomaly.Status;
import dev.vigil.core.cost.now.ResourceChange.Kind;
import dev.vigil.core.cost.now.ResourceChange.Part;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The running spend rate per resource, and the provisional anomalies it raises.
 *
 * <p><b>Ledger.</b> Each resource has its priced parts and, while it runs, a rate in $/h. A launch or start adds its
 * rate, a stop or delete takes it away, a resize replaces it. A stopped resource keeps its parts, so that a later
 * start is priced without another look-up of what it is.
 *
 * <p><b>Grouping.</b> Changes by one actor (the CloudFormation stack when the resource carries its tag, else the
 * principal) within an hour of the actor's first change form one group: a stack deploy of fifty resources is one
 * estimate. A stop or delete goes back to the group that started the resource, so the estimate falls again.
 * Instances launched by Auto Scaling are attributed to whoever changed the group's desired capacity in the hour
 * before; instances of an EKS node group already counted with the node group are not counted twice.
 *
 * <p><b>Estimate.</b> A group's rate is the sum of its changes' deltas; its daily impact is that rate × 24 h; its
 * impact on the day is each delta × the hours from its change to midnight UTC. The group is an anomaly once its
 * daily impact passes the export detector's thresholds for the scope ($ and %, with the same overrides), the %
 * against the scope's {@link ExpectedSpend expected daily cost}. The z threshold has no counterpart here: one
 * estimate has no residual spread.
 */
public final class SpendLedger {

    static final Duration GROUP_WINDOW = Duration.ofHours(1);
    static final int MAX_SEEN_EVENTS = 50_000;
    /** Change lines listed per estimate; beyond, they are counted (an event must stay under 256 KB). */
    static final int MAX_LINES = 100;

    /** One resource's state. */
    static final class Resource {
        String service;
        String account;
        String region;
        String id;
        List<Part> parts = List.of();
        double hourly;
        boolean running;
        String group;
        String unpricedReason;
    }

    /** One group's running estimate. */
    static final class Group {
        String id;
        String account;
        String actor;
        String principal;
        String stack;
        Instant start;
        LocalDate date;
        double hourly;
        double impactOnDate;
        Map<String, Double> byService = new LinkedHashMap<>();
        Map<String, Double> byRegion = new LinkedHashMap<>();
        List<ChangeLine> lines = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        int omitted;
    }

    private record Attribution(String principal, String stack, Instant at) {
    }

    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Map<String, List<Part>> endpointConfigs = new LinkedHashMap<>();
    private final Map<String, Attribution> capacityChangers = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Group> openByActor = new LinkedHashMap<>();
    private final Map<String, ProvisionalAnomaly> anomalies = new LinkedHashMap<>();
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    private final PriceBook prices;
    private final DetectionConfig thresholds;
    private final ExpectedSpend expected;

    public SpendLedger(PriceBook prices, DetectionConfig thresholds, ExpectedSpend expected) {
        this.prices = prices;
        this.thresholds = thresholds;
        this.expected = expected;
    }

    /** What applying one change did. */
    public record Applied(ResourceChange change, double oldHourly, double newHourly, String groupId,
                          Optional<ProvisionalAnomaly> anomaly, boolean duplicate) {
        public double delta() {
            return newHourly - oldHourly;
        }
    }

    /**
     * Applies one change; returns the anomaly it opened or updated, if its group passes the thresholds.
     *
     * @param detectedAt when this is being seen (the event's time in a replay, the clock in the function)
     */
    public Applied apply(ResourceChange c, Instant detectedAt) {
        if (c.eventId() != null && !seen.add(c.eventId())) {
            return new Applied(c, 0, 0, null, Optional.empty(), true);
        }
        trimSeen();
        String key = c.account() + "/" + c.region() + "/" + c.service() + "/" + c.resource();
        Resource r = resources.get(key);
        double old = r != null && r.running ? r.hourly : 0;
        String unpriced = null;
        List<Part> parts;
        switch (c.kind()) {
            case NOTE -> {
                if (c.resource() != null && c.resource().startsWith("endpoint-config:")) {
                    endpointConfigs.put(c.account() + "/" + c.region() + "/" + c.resource(), c.parts());
                }
                if (c.via() != null && c.via().startsWith("asg:")) {
                    capacityChangers.put(c.account() + "/" + c.region() + "/" + c.via(),
                            new Attribution(c.principal(), c.stack(), c.at()));
                }
                return new Applied(c, old, old, null, Optional.empty(), false);
            }
            case LAUNCH, RESIZE -> {
                parts = c.parts();
                if (c.via() != null && c.via().startsWith("endpoint-config:")) {
                    parts = endpointConfigs.get(c.account() + "/" + c.region() + "/" + c.via());
                    if (parts == null) {
                        parts = List.of();
                        unpriced = "endpoint configuration " + c.via().substring(16) + " not seen";
                    }
                } else if (c.via() != null && c.via().startsWith("nodegroup:")
                        && resources.containsKey(c.account() + "/" + c.region() + "/AmazonEC2/" + c.via())) {
                    return new Applied(c, old, old, null, Optional.empty(), false);   // counted with its node group
                } else if (c.via() != null && c.via().startsWith("scale:") && r != null && !r.parts.isEmpty()) {
                    double n = Double.parseDouble(c.via().substring(6));
                    Part p = r.parts.get(0);
                    parts = List.of(new Part(p.key(), n, p.perHour(), p.what()));
                } else if (parts.isEmpty()) {
                    unpriced = c.note() != null ? c.note() : "nothing to price";
                }
            }
            case START -> {
                parts = r == null ? List.of() : r.parts;
                if (parts.isEmpty()) {
                    unpriced = "resource not seen at launch: its size is unknown";
                }
            }
            default -> parts = r == null ? List.of() : r.parts;   // STOP, DELETE
        }
        if (r == null) {
            r = new Resource();
            r.service = c.service();
            r.account = c.account();
            r.region = c.region();
            r.id = c.resource();
            resources.put(key, r);
        }
        double rate = 0;
        if (c.kind() == Kind.LAUNCH || c.kind() == Kind.START || c.kind() == Kind.RESIZE) {
            for (Part p : parts) {
                Quote q = prices.quote(p.key());
                if (q instanceof Quote.Price price) {
                    rate += price.usdPerUnit() * p.quantity() * p.perHour();
                } else if (q instanceof Quote.Unpriced u) {
                    unpriced = p.what() + ": " + u.reason();
                }
            }
            r.parts = parts;
            if (unpriced != null && rate == 0) {
                r.unpricedReason = unpriced;
            }
        }
        boolean running = switch (c.kind()) {
            case LAUNCH, START -> true;
            case STOP, DELETE -> false;
            // EC2 changes its type only while stopped; other resizes apply to what runs (or what is new to us)
            case RESIZE -> !(c.service().equals("AmazonEC2") && c.eventName().equals("ModifyInstanceAttribute")
                    && !r.running);
            case NOTE -> r.running;
        };
        double now = running ? rate : 0;
        if (c.kind() == Kind.STOP || c.kind() == Kind.DELETE) {
            now = 0;
        }
        r.hourly = running ? rate : r.hourly;
        if (c.kind() == Kind.STOP) {
            r.hourly = old;
        }
        r.running = running;

        Group g = groupFor(c, r);
        if (c.kind() == Kind.LAUNCH || c.kind() == Kind.START || c.kind() == Kind.RESIZE) {
            r.group = g.id;
        }
        if (c.kind() == Kind.DELETE) {
            resources.remove(key);
        }
        double delta = now - old;
        g.hourly += delta;
        g.byService.merge(c.service(), delta, Double::sum);
        g.byRegion.merge(c.region(), delta, Double::sum);
        Instant midnight = g.date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        double hoursLeft = Math.max(0, (midnight.toEpochMilli() - Math.max(c.at().toEpochMilli(),
                g.date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli())) / 3_600_000.0);
        g.impactOnDate += delta * hoursLeft;
        if (g.lines.size() < MAX_LINES) {
            g.lines.add(new ChangeLine(c.eventName(), c.resource(), c.service(), c.at(), delta, unpriced == null,
                    unpriced != null ? unpriced : c.note()));
        } else {
            g.omitted++;
        }
        if (unpriced != null && g.unpriced.size() < MAX_LINES) {
            g.unpriced.add(c.eventName() + " " + c.resource() + ": " + unpriced);
        }
        if (c.note() != null && unpriced == null) {
            g.notes.add(c.note());
        }
        return new Applied(c, old, now, g.id, evaluate(g, detectedAt), false);
    }

    private Group groupFor(ResourceChange c, Resource r) {
        if ((c.kind() == Kind.STOP || c.kind() == Kind.DELETE) && r.group != null && groups.containsKey(r.group)) {
            return groups.get(r.group);
        }
        String principal = c.principal();
        String stack = c.stack();
        if (c.via() != null && c.via().startsWith("asg:")) {
            Attribution a = capacityChangers.get(c.account() + "/" + c.region() + "/" + c.via());
            if (a != null && !c.at().isBefore(a.at()) && c.at().isBefore(a.at().plus(GROUP_WINDOW))) {
                principal = a.principal();
                stack = stack != null ? stack : a.stack();
            }
        }
        String actor = stack != null ? "stack:" + stack : principal;
        String actorKey = c.account() + "|" + actor;
        Group g = openByActor.get(actorKey);
        if (g == null || !c.at().isBefore(g.start.plus(GROUP_WINDOW)) || c.at().isBefore(g.start)) {
            g = new Group();
            g.account = c.account();
            g.actor = actor;
            g.principal = principal;
            g.stack = stack;
            g.start = c.at();
            g.date = LocalDate.ofInstant(c.at(), ZoneOffset.UTC);
            g.id = "prov:" + g.date + ":" + c.account() + ":" + actor + ":"
                    + c.at().atZone(ZoneOffset.UTC).toLocalTime().withSecond(0).withNano(0);
            groups.put(g.id, g);
            openByActor.put(actorKey, g);
        }
        return g;
    }

    private Optional<ProvisionalAnomaly> evaluate(Group g, Instant detectedAt) {
        String service = dominant(g.byService);
        String region = dominant(g.byRegion);
        double daily = g.hourly * 24;
        double exp = expected.daily(g.account, service, g.date);
        ProvisionalAnomaly existing = anomalies.get(g.id);
        if (existing == null) {
            Thresholds t = thresholds.thresholdsFor(new Scope(Dimension.SERVICE, service, g.account));
            boolean passes = daily >= t.absoluteDollars() && (exp <= 0 || daily / exp * 100 >= t.relativePercent());
            if (!passes) {
                return Optional.empty();
            }
        }
        ChangeLine biggest = g.lines.stream().max(Comparator.comparingDouble(l -> Math.abs(l.hourlyCost())))
                .orElseThrow();
        ProvisionalAnomaly a = new ProvisionalAnomaly(g.id, Source.CLOUDTRAIL,
                existing != null ? existing.detectedAt() : detectedAt, g.date, g.account, region, service, service,
                g.hourly, daily, g.impactOnDate, exp, existing != null ? existing.status() : Status.OPEN,
                new ProvisionalAnomaly.Cause(biggest.eventName(), g.principal, biggest.resource(), g.stack), g.lines,
                g.unpriced, basis(g), existing != null ? existing.reconciledAt() : null,
                existing != null ? existing.exportImpact() : Double.NaN, existing != null ? existing.exportAt() : null,
                existing != null ? existing.slackChannel() : null, existing != null ? existing.slackTs() : null);
        anomalies.put(g.id, a);
        return Optional.of(a);
    }

    private static String basis(Group g) {
        long priced = g.lines.stream().filter(ChangeLine::priced).count() + g.omitted;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "estimate at on-demand list price (AWS Price List) from %d CloudTrail change%s", priced,
                priced == 1 ? "" : "s"));
        if (g.omitted > 0) {
            b.append(String.format(Locale.ROOT, " (%d not listed)", g.omitted));
        }
        if (!g.unpriced.isEmpty()) {
            b.append(String.format(Locale.ROOT, "; %d unpriced", g.unpriced.size()));
        }
        for (String n : g.notes) {
            b.append("; ").append(n);
        }
        return b.toString();
    }

    private static String dominant(Map<String, Double> m) {
        return m.entrySet().stream().max(Comparator.comparingDouble(e -> Math.abs(e.getValue())))
                .map(Map.Entry::getKey).orElse("unknown");
    }

    private void trimSeen() {
        while (seen.size() > MAX_SEEN_EVENTS) {
            var it = seen.iterator();
            it.next();
            it.remove();
        }
    }

    // ------------------------------------------------------------------ state between invocations

    /**
     * The ledger as a JSON tree (the cost-now function keeps one per account in DynamoDB). Groups and anomalies
     * older than {@code keepDays} before {@code now} are dropped, and the remembered event ids are capped, so the
     * item stays small.
     */
    public Map<String, Object> toTree(Instant now, int keepDays, int maxSeen) {
        LocalDate oldest = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(keepDays);
        Map<String, Object> t = new LinkedHashMap<>();
        List<Object> rs = new ArrayList<>();
        resources.forEach((k, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", k);
            m.put("service", r.service);
            m.put("account", r.account);
            m.put("region", r.region);
            m.put("id", r.id);
            m.put("parts", parts(r.parts));
            m.put("hourly", r.hourly);
            m.put("running", r.running);
            m.put("group", r.group);
            rs.add(m);
        });
        t.put("resources", rs);
        Map<String, Object> cfg = new LinkedHashMap<>();
        endpointConfigs.forEach((k, v) -> cfg.put(k, parts(v)));
        t.put("endpointConfigs", cfg);
        Map<String, Object> cap = new LinkedHashMap<>();
        capacityChangers.forEach((k, v) -> cap.put(k, Map.of("principal", String.valueOf(v.principal()),
                "stack", v.stack() == null ? "" : v.stack(), "at", v.at().toString())));
        t.put("capacityChangers", cap);
        List<Object> gs = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.date.isBefore(oldest)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.id);
            m.put("account", g.account);
            m.put("actor", g.actor);
            m.put("principal", g.principal);
            m.put("stack", g.stack);
            m.put("start", g.start.toString());
            m.put("date", g.date.toString());
            m.put("hourly", g.hourly);
            m.put("impactOnDate", g.impactOnDate);
            m.put("byService", new LinkedHashMap<String, Object>(g.byService));
            m.put("byRegion", new LinkedHashMap<String, Object>(g.byRegion));
            m.put("unpriced", new ArrayList<Object>(g.unpriced));
            m.put("notes", new ArrayList<Object>(g.notes));
            m.put("omitted", g.omitted);
            List<Object> lines = new ArrayList<>();
            for (ChangeLine l : g.lines) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("eventName", l.eventName());
                lm.put("resource", l.resource());
                lm.put("service", l.service());
                lm.put("at", l.at().toString());
                lm.put("hourlyCost", l.hourlyCost());
                lm.put("priced", l.priced());
                lm.put("note", l.note());
                lines.add(lm);
            }
            m.put("lines", lines);
            gs.add(m);
        }
        t.put("groups", gs);
        List<Object> as = new ArrayList<>();
        for (ProvisionalAnomaly a : anomalies.values()) {
            if (!a.date().isBefore(oldest)) {
                as.add(ProvisionalJson.tree(a));
            }
        }
        t.put("anomalies", as);
        List<String> ids = new ArrayList<>(seen);
        t.put("seen", new ArrayList<Object>(ids.subList(Math.max(0, ids.size() - maxSeen), ids.size())));
        return t;
    }

    private static List<Object> parts(List<Part> ps) {
        List<Object> out = new ArrayList<>();
        for (Part p : ps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", p.key().serviceCode());
            m.put("filters", new LinkedHashMap<String, Object>(p.key().filters()));
            m.put("quantity", p.quantity());
            m.put("perHour", p.perHour());
            m.put("what", p.what());
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Part> partsOf(Object o) {
        List<Part> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object e : l) {
                Map<String, Object> m = (Map<String, Object>) e;
                Map<String, String> f = new LinkedHashMap<>();
                ((Map<String, Object>) m.get("filters")).forEach((k, v) -> f.put(k, String.valueOf(v)));
                out.add(new Part(new PriceKey((String) m.get("service"), f), num(m.get("quantity")),
                        num(m.get("perHour")), (String) m.get("what")));
            }
        }
        return out;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
    }

    /** A ledger from {@link #toTree}; a null tree is an empty ledger. */
    @SuppressWarnings("unchecked")
    public static SpendLedger fromTree(Map<String, Object> t, PriceBook prices, DetectionConfig thresholds,
                                       ExpectedSpend expected) {
        SpendLedger l = new SpendLedger(prices, thresholds, expected);
        if (t == null) {
            return l;
        }
        for (Object o : (List<Object>) t.getOrDefault("resources", List.of())) {
            Map<String, Object> m = (Map<String, Object>) o;
            Resource r = new Resource();
            r.service = (String) m.get("service");
            r.account = (String) m.get("account");
            r.region = (String) m.get("region");
            r.id = (String) m.get("id");
            r.parts = partsOf(m.get("parts"));
            r.hourly = num(m.get("hourly"));
            r.running = Boolean.TRUE.equals(m.get("running"));
            r.group = (String) m.get("group");
            l.resources.put((String) m.get("k"), r);
        }
        ((Map<String, Object>) t.getOrDefault("endpointConfigs", Map.of())).forEach((k, v) ->
                l.endpointConfigs.put(k, partsOf(v)));
        ((Map<String, Object>) t.getOrDefault("capacityChangers", Map.of())).forEach((k, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            String stack = (String) m.get("stack");
            l.capacityChangers.put(k, new Attribution((String) m.get("principal"), stack == null || stack.isEmpty()
                    ? null : stack, Instant.parse((String) m.get("at"))));
        });
        for (Object o : (List<Object>) t.getOrDefault("groups", List.of())) {
            Map<String, Object> m = (Map<String, Object>) o;
            Group g = new Group();
            g.id = (String) m.get("id");
            g.account = (String) m.get("account");
            g.actor = (String) m.get("actor");
            g.principal = (String) m.get("principal");
            g.stack = (String) m.get("stack");
            g.start = Instant.parse((String) m.get("start"));
            g.date = LocalDate.parse((String) m.get("date"));
            g.hourly = num(m.get("hourly"));
            g.impactOnDate = num(m.get("impactOnDate"));
            ((Map<String, Object>) m.get("byService")).forEach((k, v) -> g.byService.put(k, num(v)));
            ((Map<String, Object>) m.get("byRegion")).forEach((k, v) -> g.byRegion.put(k, num(v)));
            for (Object u : (List<Object>) m.get("unpriced")) {
                g.unpriced.add(String.valueOf(u));
            }
            for (Object u : (List<Object>) m.get("notes")) {
                g.notes.add(String.valueOf(u));
            }
            g.omitted = m.get("omitted") == null ? 0 : (int) num(m.get("omitted"));
            for (Object lo : (List<Object>) m.get("lines")) {
                Map<String, Object> lm = (Map<String, Object>) lo;
                g.lines.add(new ChangeLine((String) lm.get("eventName"), (String) lm.get("resource"),
                        (String) lm.get("service"), Instant.parse((String) lm.get("at")), num(lm.get("hourlyCost")),
                        Boolean.TRUE.equals(lm.get("priced")), (String) lm.get("note")));
            }
            l.groups.put(g.id, g);
            String key = g.account + "|" + g.actor;
            Group cur = l.openByActor.get(key);
            if (cur == null || g.start.isAfter(cur.start)) {
                l.openByActor.put(key, g);
            }
        }
        for (Object o : (List<Object>) t.getOrDefault("anomalies", List.of())) {
            ProvisionalAnomaly a = ProvisionalJson.fromTree((Map<String, Object>) o);
            l.anomalies.put(a.id(), a);
        }
        for (Object o : (List<Object>) t.getOrDefault("seen", List.of())) {
            l.seen.add(String.valueOf(o));
        }
        return l;
    }

    /** The anomalies raised so far, oldest first. */
    public List<ProvisionalAnomaly> anomalies() {
        return List.copyOf(anomalies.values());
    }

    /** Replaces an anomaly (after reconciliation or a Slack post), keeping the ledger's view current. */
    public void put(ProvisionalAnomaly a) {
        anomalies.put(a.id(), a);
    }

    /** The running rate of everything the ledger knows to be running, in $/h. */
    public double runningHourly() {
        return resources.values().stream().filter(r -> r.running).mapToDouble(r -> r.hourly).sum();
    }

    public int resourceCount() {
        return resources.size();
    }
}
