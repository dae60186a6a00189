package dev.vigil.core.incident;

import static dev.vigil.core.incident.JsonValues.dbl;
import static dev.vigil.core.incident.JsonValues.list;
import static dev.vigil.core.incident.JsonValues.obj;
import static dev.vigil.core.incident.JsonValues.str;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.detect.Severity;
import dev.vigil.core.slo.SloBurnEvent;
import dev.vigil.core.slo.SloBurnJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads EventBridge events (as delivered to the incident queue: the whole envelope, {@code detail} inside) into
 * {@link Input}s. What the incident function listens to:
 *
 * <table>
 *   <tr><th>detail-type (source)</th><th>becomes</th></tr>
 *   <tr><td>{@code vigil.anomaly}</td><td>a metric signal</td></tr>
 *   <tr><td>{@code vigil.cost-anomaly}</td><td>a cost signal (DESIGN.md contract)</td></tr>
 *   <tr><td>{@code vigil.slo-burn}</td><td>an SLO signal ({@code page}, {@code ticket}); {@code none} clears</td></tr>
 *   <tr><td>{@code AWS API Call via CloudTrail} (Lambda, ECS, RDS, ELB, DynamoDB, Auto Scaling writes)</td>
 *       <td>a change: {@code deploy} for code, {@code config} for configuration</td></tr>
 *   <tr><td>{@code ECS Deployment State Change}, {@code CodeDeploy Deployment State-change Notification},
 *       {@code vigil.deploy}</td><td>a deploy</td></tr>
 *   <tr><td>{@code Step Functions Execution Status Change} of a {@code vigil-inc-…} execution</td>
 *       <td>a remediation outcome</td></tr>
 *   <tr><td>{@code CloudFormation Drift Detection Status Change} (DRIFTED),
 *       {@code Config Rules Compliance Change} (NON_COMPLIANT)</td><td>a drift event</td></tr>
 *   <tr><td>{@code Scheduled Event}</td><td>a tick (resolves quiet incidents)</td></tr>
 * </table>
 * Anything else is {@link Input.Ignored} with the reason. A body that is not an EventBridge event throws
 * {@link IllegalArgumentException} (the message goes back to the queue, and after its retries to the DLQ).
 *
 * <p>Every detail-type is accepted only from the source that sends it ({@link #SOURCES}): the template's rules
 * filter on the same pairs, this is the second check (docs/security.md). {@code aws.*} sources cannot be sent by
 * anyone but AWS; {@code vigil.*} sources reach Vigil's bus only from Vigil's roles and the deploy-marker
 * principals the operator names (the bus policy). An event from any other source is ignored with its reason.
 */
public final class BusEvents {

    /** detail-type → the sources allowed to send it. */
    static final Map<String, Set<String>> SOURCES = Map.ofEntries(
            Map.entry("vigil.anomaly", Set.of("vigil.metric-stream")),
            Map.entry("vigil.cost-anomaly", Set.of("vigil.billing")),
            Map.entry("vigil.slo-burn", Set.of("vigil.slo")),
            Map.entry("vigil.deploy", Set.of("vigil.deploy")),
            Map.entry("AWS API Call via CloudTrail", Set.of("aws.lambda", "aws.ecs", "aws.rds",
                    "aws.elasticloadbalancing", "aws.dynamodb", "aws.autoscaling")),
            Map.entry("ECS Deployment State Change", Set.of("aws.ecs")),
            Map.entry("CodeDeploy Deployment State-change Notification", Set.of("aws.codedeploy")),
            Map.entry("Step Functions Execution Status Change", Set.of("aws.states")),
            Map.entry("CloudFormation Drift Detection Status Change", Set.of("aws.cloudformation")),
            Map.entry("Config Rules Compliance Change", Set.of("aws.config")),
            Map.entry("Scheduled Event", Set.of("aws.events")));

    /** Clock skew allowed between a deploy marker's sender and the incident function. */
    static final long DEPLOY_SKEW_MS = 5 * 60_000L;
    /** The longest window one deploy marker may open (a marker cannot mute a resource for longer). */
    static final long MAX_DEPLOY_WINDOW_MS = 6 * 3_600_000L;

    private BusEvents() {
    }

    public static Input parse(String body) {
        return parse(body, System.currentTimeMillis());
    }

    /**
     * @param now the processing time: a deploy window is cut at {@code now} (a marker's own times, and the envelope
     *            time, are the sender's to choose)
     */
    public static Input parse(String body, long now) {
        Map<String, Object> e = JsonValues.readObject(body);
        String type = str(e, "detail-type");
        String source = str(e, "source");
        if (type == null || !(e.get("detail") instanceof Map)) {
            throw new IllegalArgumentException("not an EventBridge event (no detail-type or detail)");
        }
        Set<String> allowed = SOURCES.get(type);
        if (allowed != null && (source == null || !allowed.contains(source))) {
            return new Input.Ignored("unexpected source " + source + " for " + type, time(str(e, "time"), 0));
        }
        Map<String, Object> d = obj(e, "detail");
        long time = time(str(e, "time"), 0);
        String account = str(e, "account");
        String region = str(e, "region");
        String id = str(e, "id") == null ? IncidentEngine.sha(body).substring(0, 32) : str(e, "id");
        switch (type) {
            case "vigil.anomaly" -> {
                AnomalyEvent a = AnomalyJson.read(JsonValues.write(d));
                if (a.seriesId() == null || a.id() == null) {
                    throw new IllegalArgumentException("vigil.anomaly without id or seriesId");
                }
                return new Input.SignalInput(Signal.of(a), source);
            }
            case "vigil.cost-anomaly" -> {
                return new Input.SignalInput(cost(d, time, account), source);
            }
            case "vigil.slo-burn" -> {
                SloBurnEvent b = SloBurnJson.read(JsonValues.write(d));
                if ("none".equals(b.level())) {
                    return new Input.SloCleared(b.id(), b.slo(), b.timestamp());
                }
                return new Input.SignalInput(slo(b, account, region), source);
            }
            case "vigil.deploy" -> {
                return deploy(d, id, time, account, region, now);
            }
            case "AWS API Call via CloudTrail" -> {
                String src = str(d, "eventSource");
                if (src == null || !source.equals("aws." + src.replace(".amazonaws.com", ""))) {
                    return new Input.Ignored("CloudTrail eventSource " + src + " does not match source " + source,
                            time);
                }
                return cloudTrail(d, id, time, account, region);
            }
            case "ECS Deployment State Change" -> {
                String arn = first(list(e, "resources"));
                String event = str(d, "eventName");
                if (arn == null || !arn.contains(":service/")) {
                    return new Input.Ignored("ECS deployment event without a service ARN", time);
                }
                String path = arn.substring(arn.indexOf(":service/") + ":service/".length());
                String phase = event == null ? "changed" : event.replace("SERVICE_DEPLOYMENT_", "").toLowerCase(Locale.ROOT);
                return change(id, Resources.scoped(account, region, "ecs:" + path), time, "deploy",
                        "ECS deployment " + str(d, "deploymentId") + " " + phase, "ecs");
            }
            case "CodeDeploy Deployment State-change Notification" -> {
                String app = str(d, "application");
                String group = str(d, "deploymentGroup");
                return change(id, Resources.scoped(account, region, "codedeploy:" + app + "/" + group), time,
                        "deploy", "CodeDeploy " + str(d, "deploymentId") + " " + str(d, "state"), "codedeploy");
            }
            case "Step Functions Execution Status Change" -> {
                String name = str(d, "name");
                String status = str(d, "status");
                if (RemediationStarter.incidentOf(name) == null || "RUNNING".equals(status)) {
                    return new Input.Ignored("not a finished Vigil remediation execution", time);
                }
                return new Input.RemediationOutcome(name, status, time);
            }
            case "CloudFormation Drift Detection Status Change" -> {
                String drift = str(obj(d, "status-details"), "stack-drift-status");
                if (!"DRIFTED".equals(drift)) {
                    return new Input.Ignored("stack not drifted", time);
                }
                return new Input.Drift(id, str(d, "stack-id"), "CloudFormation stack drifted", time);
            }
            case "Config Rules Compliance Change" -> {
                String c = str(obj(d, "newEvaluationResult"), "complianceType");
                if (!"NON_COMPLIANT".equals(c)) {
                    return new Input.Ignored("Config evaluation not non-compliant", time);
                }
                return new Input.Drift(id, str(d, "resourceId"), "AWS Config rule " + str(d, "configRuleName")
                        + " non-compliant", time);
            }
            case "Scheduled Event" -> {
                return new Input.Tick(time);
            }
            default -> {
                return new Input.Ignored("unhandled event " + source + "/" + type, time);
            }
        }
    }

    static long time(String iso, long fallback) {
        if (iso == null) {
            return fallback;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + iso + "'", e);
        }
    }

    private static String first(List<?> l) {
        return l.isEmpty() ? null : String.valueOf(l.get(0));
    }

    private static Input change(String id, String resource, long at, String kind, String summary, String actor) {
        return new Input.ChangeInput(new Change(id, resource, at, at, kind, summary, actor));
    }

    /** A cost anomaly (DESIGN.md contract); its time is when it was published, the billing date goes in the title. */
    static Signal cost(Map<String, Object> d, long time, String envelopeAccount) {
        String date = str(d, "date");
        String dim = str(d, "dimension");
        String key = str(d, "key");
        String account = str(d, "account") != null ? str(d, "account") : envelopeAccount;
        if (date == null || dim == null || key == null) {
            throw new IllegalArgumentException("vigil.cost-anomaly needs date, dimension and key");
        }
        String series = "cost/" + account + "/" + dim + "/" + key;
        String id = IncidentEngine.sha(series + "|" + date).substring(0, 32);
        // cost-now: a provisional anomaly is an estimate, and its title says so (same scope and day, same signal id)
        String title = Boolean.TRUE.equals(d.get("provisional"))
                ? String.format(Locale.ROOT, "Estimated cost change on %s (provisional, from %s): %s %s +$%.2f/day",
                        date, str(d, "source"), dim, key, dbl(d, "impact", 0))
                : String.format(Locale.ROOT, "Cost spike on %s: %s %s $%.2f vs $%.2f expected (+$%.2f)", date,
                dim, key, dbl(d, "actualCost", 0), dbl(d, "expectedCost", 0), dbl(d, "impact", 0));
        List<String> resources = new java.util.ArrayList<>(List.of(Resources.scoped(account, "global",
                "cost:" + dim + ":" + key)));
        // cost-now: a provisional anomaly names the resources (and stack) behind it, so the owning team is found
        if (Boolean.TRUE.equals(d.get("provisional")) && d.get("resources") instanceof List<?> keys) {
            for (Object k : keys.subList(0, Math.min(keys.size(), 20))) {
                resources.add(Resources.scoped(account, str(d, "region"), String.valueOf(k)));
            }
        }
        return new Signal(id, Signal.Kind.COST, series, account, "global", "Vigil/Cost", dim,
                new TreeMap<>(Map.of(dim, key)), time, Signal.severity(str(d, "severity")), dbl(d, "score", 0),
                title, List.copyOf(resources), Set.of(), null, null);
    }

    /** An SLO burn alert: {@code page} is critical, {@code ticket} is low and routed as a ticket. */
    public static Signal slo(SloBurnEvent b, String account, String region) {
        boolean page = "page".equals(b.level());
        String title = "SLO " + b.slo() + " burning: " + b.rule() + ", "
                + String.format(Locale.ROOT, "%.0f%%", Math.max(0, b.budgetRemaining()) * 100) + " of budget left";
        return new Signal(b.id(), Signal.Kind.SLO, "slo/" + b.slo(), account, region, "Vigil/SLO", b.slo(),
                new TreeMap<>(Map.of("SLO", b.slo())), b.timestamp(), page ? Severity.CRITICAL : Severity.LOW,
                page ? 1.0 : 0.5, title, List.of(Resources.scoped(account, region, "slo:" + b.slo())),
                b.service() == null ? Set.of() : Set.of(b.service()), b.level(), null);
    }

    /**
     * {@code vigil.deploy}: {@code {resource: "lambda:checkout" | service: "checkout", summary, actor}}. The window
     * never reaches past {@code now} (a marker that says {@code finishedAt: 2099} would mute its resource for good)
     * and is at most {@link #MAX_DEPLOY_WINDOW_MS} long; a marker that starts in the future is ignored. Its id is
     * the sender's, so it is kept apart from change ids of other sources.
     */
    static Input deploy(Map<String, Object> d, String id, long time, String account, String region, long now) {
        String resource = str(d, "resource");
        String service = str(d, "service");
        if (resource == null && service == null) {
            throw new IllegalArgumentException("vigil.deploy needs resource or service");
        }
        String key = resource != null ? resource : "service:" + service;
        String acct = str(d, "account") != null ? str(d, "account") : account;
        String reg = str(d, "region") != null ? str(d, "region") : region;
        long at = time(str(d, "startedAt"), time);
        if (at > now + DEPLOY_SKEW_MS) {
            return new Input.Ignored("vigil.deploy starting in the future", now);
        }
        at = Math.min(at, now);
        long until = Math.max(at, Math.min(time(str(d, "finishedAt"), at), Math.min(now, at + MAX_DEPLOY_WINDOW_MS)));
        String did = "vigil.deploy/" + (str(d, "id") != null ? str(d, "id") : id);
        return new Input.ChangeInput(new Change(did, Resources.scoped(acct, reg, key), at, until, "deploy",
                str(d, "summary") == null ? "deploy " + did : str(d, "summary"), str(d, "actor")));
    }

    /** Write calls that change what a resource runs or how it is configured. */
    static Input cloudTrail(Map<String, Object> d, String id, long time, String account, String region) {
        String src = str(d, "eventSource");
        String name = str(d, "eventName");
        if (str(d, "errorCode") != null) {
            return new Input.Ignored("failed API call", time);
        }
        Map<String, Object> p = obj(d, "requestParameters");
        String actor = str(obj(d, "userIdentity"), "arn");
        long at = time(str(d, "eventTime"), time);
        String key = null;
        String kind = "config";
        if (src == null || name == null) {
            return new Input.Ignored("CloudTrail event without eventSource/eventName", time);
        }
        switch (src) {
            case "lambda.amazonaws.com" -> {
                String fn = lastSegment(str(p, "functionName"));
                if (fn != null && (name.startsWith("UpdateFunctionCode") || name.startsWith("UpdateAlias")
                        || name.startsWith("PublishVersion"))) {
                    key = "lambda:" + fn;
                    kind = "deploy";
                } else if (fn != null && (name.startsWith("UpdateFunctionConfiguration")
                        || name.startsWith("PutFunctionConcurrency"))) {
                    key = "lambda:" + fn;
                }
            }
            case "ecs.amazonaws.com" -> {
                if (name.equals("UpdateService")) {
                    String cluster = lastSegment(str(p, "cluster"));
                    key = "ecs:" + (cluster == null ? "default" : cluster) + "/" + lastSegment(str(p, "service"));
                    kind = p.containsKey("taskDefinition") || bool(p, "forceNewDeployment") ? "deploy" : "config";
                }
            }
            case "rds.amazonaws.com" -> {
                if (name.equals("ModifyDBInstance") || name.equals("RebootDBInstance")) {
                    key = "rds:" + str(p, "dBInstanceIdentifier");
                } else if (name.equals("ModifyDBCluster")) {
                    key = "rds-cluster:" + str(p, "dBClusterIdentifier");
                }
            }
            case "elasticloadbalancing.amazonaws.com" -> {
                if (name.startsWith("Modify") || name.equals("RegisterTargets") || name.equals("DeregisterTargets")) {
                    key = elbKey(p);
                }
            }
            case "dynamodb.amazonaws.com" -> {
                if (name.equals("UpdateTable")) {
                    key = "dynamodb:" + str(p, "tableName");
                }
            }
            case "autoscaling.amazonaws.com" -> {
                if (name.equals("UpdateAutoScalingGroup")) {
                    key = "asg:" + str(p, "autoScalingGroupName");
                }
            }
            default -> { }
        }
        if (key == null || key.endsWith(":null")) {
            return new Input.Ignored("CloudTrail " + src + " " + name + " is not a tracked change", time);
        }
        return new Input.ChangeInput(new Change(id, Resources.scoped(account, region, key), at, at, kind,
                name + " by " + (actor == null ? "?" : lastSegment(actor)), actor));
    }

    private static boolean bool(Map<String, Object> p, String k) {
        return Boolean.TRUE.equals(p.get(k));
    }

    /** ELB ARNs name the load balancer as {@code app/name/id} (the CloudWatch LoadBalancer dimension). */
    static String elbKey(Map<String, Object> p) {
        for (String f : List.of("loadBalancerArn", "listenerArn", "ruleArn")) {
            String arn = str(p, f);
            if (arn != null) {
                int i = arn.indexOf(":loadbalancer/");
                String rest = i >= 0 ? arn.substring(i + ":loadbalancer/".length())
                        : arn.contains(":listener/") ? arn.substring(arn.indexOf(":listener/") + ":listener/".length())
                        : arn.contains(":listener-rule/")
                                ? arn.substring(arn.indexOf(":listener-rule/") + ":listener-rule/".length()) : null;
                if (rest != null) {
                    String[] parts = rest.split("/");
                    if (parts.length >= 3) {
                        return (parts[0].equals("net") ? "nlb:" : "alb:") + parts[0] + "/" + parts[1] + "/" + parts[2];
                    }
                }
            }
        }
        String tg = str(p, "targetGroupArn");
        if (tg != null && tg.contains(":targetgroup/")) {
            return "tg:" + tg.substring(tg.indexOf(":targetgroup/") + 1);
        }
        return null;
    }

    static String lastSegment(String s) {
        if (s == null) {
            return null;
        }
        int fn = s.indexOf(":function:");
        if (fn >= 0) {
            String rest = s.substring(fn + ":function:".length());
            int q = rest.indexOf(':');
            return q >= 0 ? rest.substring(0, q) : rest;   // drop a version or alias qualifier
        }
        int colon = s.startsWith("arn:") ? s.lastIndexOf(':') : -1;
        String t = colon >= 0 ? s.substring(colon + 1) : s;
        int slash = t.lastIndexOf('/');
        return slash >= 0 ? t.substring(slash + 1) : t;
    }
}
