package dev.vigil.core.cost.now;

import dev.vigil.core.cost.now.ResourceChange.Kind;
import dev.vigil.core.cost.now.ResourceChange.Part;
import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CloudTrail management events that start, resize or stop spend, turned into {@link ResourceChange}s.
 *
 * <p>Accepts the EventBridge form ({@code detail-type: "AWS API Call via CloudTrail"}, the CloudTrail record in
 * {@code detail}) and a bare CloudTrail record. A call that failed ({@code errorCode}) cost nothing and is ignored,
 * as is any event of a family not listed here. The families, with the price attributes each uses:
 * <ul>
 *   <li>EC2: RunInstances, StartInstances, StopInstances, TerminateInstances, ModifyInstanceAttribute (type),
 *       RequestSpotInstances (priced at on-demand: an upper bound), CreateNatGateway/DeleteNatGateway,
 *       CreateVolume/ModifyVolume/DeleteVolume (GB-months and provisioned IOPS);</li>
 *   <li>Auto Scaling: SetDesiredCapacity, UpdateAutoScalingGroup (the instances it then launches are priced as
 *       RunInstances and attributed to whoever changed the capacity);</li>
 *   <li>RDS and Aurora: CreateDBInstance, ModifyDBInstance, DeleteDBInstance, StartDBInstance, StopDBInstance (an
 *       Aurora cluster costs through its instances; Aurora Serverless capacity is not estimated);</li>
 *   <li>ElastiCache: CreateCacheCluster, CreateReplicationGroup, ModifyReplicationGroup, Delete…;</li>
 *   <li>OpenSearch: CreateDomain / CreateElasticsearchDomain, UpdateDomainConfig, DeleteDomain;</li>
 *   <li>Redshift: CreateCluster, ResizeCluster, ModifyCluster, PauseCluster, ResumeCluster, DeleteCluster;</li>
 *   <li>DynamoDB: CreateTable, UpdateTable (provisioned capacity), DeleteTable;</li>
 *   <li>Lambda: PutProvisionedConcurrencyConfig, DeleteProvisionedConcurrencyConfig (Lambda's event names carry
 *       an API version suffix, e.g. {@code …20190930});</li>
 *   <li>SageMaker: CreateEndpointConfig (remembered), CreateEndpoint, UpdateEndpoint, DeleteEndpoint,
 *       CreateTrainingJob, StopTrainingJob;</li>
 *   <li>EKS: CreateNodegroup, UpdateNodegroupConfig, DeleteNodegroup.</li>
 * </ul>
 */
public final class CloudTrailChanges {

    /** Hours AWS bills a month as, for per-month units (GB-Mo, IOPS-Mo). */
    public static final double HOURS_PER_MONTH = 730.0;
    /** Lambda's provisioned concurrency is priced per GB-second; the event does not carry the function's memory. */
    public static final double ASSUMED_LAMBDA_GB = 1.0;

    /**
     * Every event name read here (Lambda's without their version suffix): the cost-now rule in template.yaml
     * matches exactly these (a test keeps the two in step).
     */
    public static final java.util.Set<String> EVENT_NAMES = java.util.Set.of(
            "RunInstances", "StartInstances", "StopInstances", "TerminateInstances", "ModifyInstanceAttribute",
            "RequestSpotInstances", "CreateNatGateway", "DeleteNatGateway", "CreateVolume", "ModifyVolume",
            "DeleteVolume", "SetDesiredCapacity", "UpdateAutoScalingGroup", "CreateDBInstance", "ModifyDBInstance",
            "DeleteDBInstance", "StartDBInstance", "StopDBInstance", "CreateCacheCluster",
            "DeleteCacheCluster", "CreateReplicationGroup", "ModifyReplicationGroup", "DeleteReplicationGroup",
            "CreateDomain", "CreateElasticsearchDomain", "UpdateDomainConfig", "UpdateElasticsearchDomainConfig",
            "DeleteDomain", "DeleteElasticsearchDomain", "CreateCluster", "ResizeCluster", "ModifyCluster",
            "PauseCluster", "ResumeCluster", "DeleteCluster", "CreateTable", "UpdateTable", "DeleteTable",
            "PutProvisionedConcurrencyConfig", "DeleteProvisionedConcurrencyConfig", "CreateEndpointConfig",
            "CreateEndpoint", "UpdateEndpoint", "DeleteEndpoint", "CreateTrainingJob", "StopTrainingJob",
            "CreateNodegroup", "UpdateNodegroupConfig", "DeleteNodegroup");

    /** What one event says. */
    public sealed interface Result {
        record Changes(List<ResourceChange> changes) implements Result {
        }

        /** Not a change that moves spend (and why): not an error. */
        record Ignored(String reason) implements Result {
        }
    }

    private CloudTrailChanges() {
    }

    /** @throws IllegalArgumentException for input that is not a CloudTrail event at all */
    public static Result parse(String json) {
        return parse(JsonTree.object(json));
    }

    public static Result parse(Map<String, Object> event) {
        Map<String, Object> d = event;
        if (event.containsKey("detail-type")) {
            String type = JsonTree.optStr(event, "detail-type");
            if (!"AWS API Call via CloudTrail".equals(type)) {
                return new Result.Ignored("detail-type " + type);
            }
            d = JsonTree.optObj(event, "detail");
            if (d == null) {
                throw new IllegalArgumentException("CloudTrail event without detail");
            }
        }
        String name = JsonTree.optStr(d, "eventName");
        String source = JsonTree.optStr(d, "eventSource");
        if (name == null || source == null) {
            throw new IllegalArgumentException("not a CloudTrail record (no eventName or eventSource)");
        }
        if (JsonTree.optStr(d, "errorCode") != null) {
            return new Result.Ignored(name + " failed (" + JsonTree.optStr(d, "errorCode") + ")");
        }
        Ctx c = new Ctx(d, name.replaceAll("\\d{8}$", ""));
        List<ResourceChange> out = switch (source) {
            case "ec2.amazonaws.com" -> ec2(c);
            case "autoscaling.amazonaws.com" -> autoscaling(c);
            case "rds.amazonaws.com" -> rds(c);
            case "elasticache.amazonaws.com" -> elasticache(c);
            case "es.amazonaws.com" -> opensearch(c);
            case "redshift.amazonaws.com" -> redshift(c);
            case "dynamodb.amazonaws.com" -> dynamodb(c);
            case "lambda.amazonaws.com" -> lambda(c);
            case "sagemaker.amazonaws.com" -> sagemaker(c);
            case "eks.amazonaws.com" -> eks(c);
            default -> null;
        };
        if (out == null) {
            return new Result.Ignored(source + " " + name + ": not a spend change");
        }
        return out.isEmpty() ? new Result.Ignored(source + " " + name + ": nothing billable") : new Result.Changes(out);
    }

    // ------------------------------------------------------------------ one event's common fields

    private static final class Ctx {
        final Map<String, Object> d;
        final String name;
        final Map<String, Object> req;
        final Map<String, Object> resp;
        final String eventId;
        final Instant at;
        final String account;
        final String region;
        final String principal;
        final String stack;

        Ctx(Map<String, Object> d, String name) {
            this.d = d;
            this.name = name;
            this.req = orEmpty(JsonTree.optObj(d, "requestParameters"));
            this.resp = orEmpty(JsonTree.optObj(d, "responseElements"));
            this.eventId = JsonTree.optStr(d, "eventID");
            String t = JsonTree.optStr(d, "eventTime");
            if (t == null) {
                throw new IllegalArgumentException("CloudTrail record without eventTime");
            }
            try {
                this.at = Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("eventTime is not an ISO-8601 instant: " + t);
            }
            Map<String, Object> who = orEmpty(JsonTree.optObj(d, "userIdentity"));
            String acct = JsonTree.optStr(d, "recipientAccountId");
            this.account = acct != null ? acct : JsonTree.optStr(who, "accountId");
            this.region = JsonTree.optStr(d, "awsRegion");
            String arn = JsonTree.optStr(who, "arn");
            String invokedBy = JsonTree.optStr(who, "invokedBy");
            this.principal = arn != null ? arn : invokedBy != null ? invokedBy
                    : "AWSService".equals(JsonTree.optStr(who, "type")) ? JsonTree.optStr(d, "sourceIPAddress")
                    : JsonTree.optStr(who, "principalId");
            String s = findTag(req, "aws:cloudformation:stack-name");
            this.stack = s != null ? s : findTag(resp, "aws:cloudformation:stack-name");
        }

        ResourceChange change(String service, String resource, Kind kind, List<Part> parts, String via, String note) {
            return new ResourceChange(eventId == null ? null : eventId + (resource == null ? "" : "/" + resource),
                    name, at, account, region, service, resource, kind, parts, principal, stack, via, note);
        }
    }

    // ------------------------------------------------------------------ EC2

    private static List<ResourceChange> ec2(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        switch (c.name) {
            case "RunInstances" -> {
                String reqType = JsonTree.optStr(c.req, "instanceType");
                String tenancy = tenancy(JsonTree.optStr(orEmpty(JsonTree.optObj(c.req, "placement")), "tenancy"));
                for (Map<String, Object> i : items(c.resp, "instancesSet")) {
                    String type = JsonTree.optStr(i, "instanceType");
                    type = type != null ? type : reqType;
                    String asg = findTag(i, "aws:autoscaling:groupName");
                    String nodegroup = findTag(i, "eks:nodegroup-name");
                    String via = nodegroup != null ? "nodegroup:" + nodegroup : asg != null ? "asg:" + asg : null;
                    String platform = JsonTree.optStr(i, "platform");
                    out.add(c.change("AmazonEC2", JsonTree.optStr(i, "instanceId"), Kind.LAUNCH,
                            type == null ? List.of() : List.of(ec2Instance(c.region, type,
                                    "windows".equalsIgnoreCase(platform) ? "Windows" : "Linux", tenancy, 1)),
                            via, type == null ? "instance type not in the event" : null));
                }
            }
            case "StartInstances", "StopInstances", "TerminateInstances" -> {
                Kind k = c.name.startsWith("Start") ? Kind.START : c.name.startsWith("Stop") ? Kind.STOP : Kind.DELETE;
                for (Map<String, Object> i : items(c.req, "instancesSet")) {
                    out.add(c.change("AmazonEC2", JsonTree.optStr(i, "instanceId"), k, List.of(), null, null));
                }
            }
            case "ModifyInstanceAttribute" -> {
                Object t = c.req.get("instanceType");
                String type = t instanceof Map<?, ?> m && m.get("value") != null ? m.get("value").toString()
                        : t instanceof String s ? s : null;
                if (type != null) {
                    out.add(c.change("AmazonEC2", JsonTree.optStr(c.req, "instanceId"), Kind.RESIZE,
                            List.of(ec2Instance(c.region, type, "Linux", "Shared", 1)), null,
                            "new type " + type + " (Linux assumed)"));
                }
            }
            case "RequestSpotInstances" -> {
                Map<String, Object> spec = orEmpty(JsonTree.optObj(c.req, "launchSpecification"));
                String type = JsonTree.optStr(spec, "instanceType");
                List<Map<String, Object>> reqs = items(c.resp, "spotInstanceRequestSet");
                int n = reqs.isEmpty() ? (int) num(c.req, "instanceCount", 1) : reqs.size();
                for (int k = 0; k < n; k++) {
                    String id = k < reqs.size() ? JsonTree.optStr(reqs.get(k), "spotInstanceRequestId") : null;
                    out.add(c.change("AmazonEC2", id != null ? id : c.eventId + "#" + k, Kind.LAUNCH,
                            type == null ? List.of() : List.of(ec2Instance(c.region, type, "Linux", "Shared", 1)),
                            null, "Spot request priced at the on-demand price (an upper bound)"));
                }
            }
            case "CreateNatGateway" -> {
                String id = findString(c.resp, "natGatewayId");
                out.add(c.change("AmazonEC2", id, Kind.LAUNCH, List.of(new Part(PriceKey.of("AmazonEC2",
                        "productFamily", "NAT Gateway", "regionCode", c.region, "group", "NGW:NatGateway"), 1, 1,
                        "NAT gateway hours")), null, "hourly charge only; data processed is not estimated"));
            }
            case "DeleteNatGateway" -> out.add(c.change("AmazonEC2", findString(c.req, "natGatewayId"), Kind.DELETE,
                    List.of(), null, null));
            case "CreateVolume", "ModifyVolume" -> {
                Map<String, Object> r = c.name.equals("ModifyVolume") ? firstObject(c.req) : c.req;
                String id = c.name.equals("CreateVolume") ? JsonTree.optStr(c.resp, "volumeId")
                        : findString(c.req, "volumeId");
                String type = findString(r, "volumeType");
                double size = numAny(r, "size", Double.NaN);
                double iops = numAny(r, "iops", 0);
                if (type == null || Double.isNaN(size)) {
                    out.add(c.change("AmazonEC2", id, Kind.NOTE, List.of(), null,
                            "volume change without type and size: not estimated"));
                } else {
                    List<Part> parts = new ArrayList<>();
                    parts.add(new Part(PriceKey.of("AmazonEC2", "productFamily", "Storage", "volumeApiName", type,
                            "regionCode", c.region), size, 1 / HOURS_PER_MONTH, size + " GB " + type));
                    if (iops > 0 && type.startsWith("io")) {
                        parts.add(new Part(PriceKey.of("AmazonEC2", "productFamily", "System Operation",
                                "volumeApiName", type, "group", "EBS IOPS", "regionCode", c.region), iops,
                                1 / HOURS_PER_MONTH, (long) iops + " provisioned IOPS"));
                    }
                    out.add(c.change("AmazonEC2", id, c.name.equals("CreateVolume") ? Kind.LAUNCH : Kind.RESIZE,
                            parts, null, null));
                }
            }
            case "DeleteVolume" -> out.add(c.change("AmazonEC2", JsonTree.optStr(c.req, "volumeId"), Kind.DELETE,
                    List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    static Part ec2Instance(String region, String type, String os, String tenancy, double count) {
        return new Part(PriceKey.of("AmazonEC2", "instanceType", type, "regionCode", region, "operatingSystem", os,
                "tenancy", tenancy, "preInstalledSw", "NA", "capacitystatus", "Used"), count, 1, type);
    }

    private static String tenancy(String t) {
        if (t == null || t.equals("default")) {
            return "Shared";
        }
        return t.equals("dedicated") ? "Dedicated" : t.equals("host") ? "Host" : "Shared";
    }

    // ------------------------------------------------------------------ Auto Scaling

    private static List<ResourceChange> autoscaling(Ctx c) {
        if (!c.name.equals("SetDesiredCapacity") && !c.name.equals("UpdateAutoScalingGroup")) {
            return null;
        }
        String group = JsonTree.optStr(c.req, "autoScalingGroupName");
        double desired = num(c.req, "desiredCapacity", Double.NaN);
        List<ResourceChange> out = new ArrayList<>();
        if (group != null && !Double.isNaN(desired)) {
            out.add(c.change("AmazonEC2", "asg:" + group, Kind.NOTE, List.of(), "asg:" + group,
                    "desired capacity " + (long) desired + "; the instances Auto Scaling launches are priced as "
                            + "they start and attributed to this change"));
        }
        return out;
    }

    // ------------------------------------------------------------------ RDS, Aurora

    private static List<ResourceChange> rds(Ctx c) {
        String id = JsonTree.optStr(c.req, "dBInstanceIdentifier");
        List<ResourceChange> out = new ArrayList<>();
        switch (c.name) {
            case "CreateDBInstance", "ModifyDBInstance" -> {
                String cls = JsonTree.optStr(c.req, "dBInstanceClass");
                if (cls == null && c.name.equals("ModifyDBInstance")) {
                    cls = JsonTree.optStr(c.resp, "dBInstanceClass");
                }
                String engine = JsonTree.optStr(c.req, "engine");
                if (engine == null) {
                    engine = JsonTree.optStr(c.resp, "engine");
                }
                Object multi = c.req.containsKey("multiAZ") ? c.req.get("multiAZ") : c.resp.get("multiAZ");
                boolean multiAz = Boolean.TRUE.equals(multi) || "true".equals(String.valueOf(multi));
                if (cls == null) {
                    return out;   // a modify that does not change the size
                }
                String eng = rdsEngine(engine);
                String deploy = multiAz && !eng.startsWith("Aurora") ? "Multi-AZ" : "Single-AZ";
                out.add(c.change("AmazonRDS", id, c.name.startsWith("Create") ? Kind.LAUNCH : Kind.RESIZE,
                        List.of(new Part(PriceKey.of("AmazonRDS", "instanceType", cls, "regionCode", c.region,
                                "databaseEngine", eng, "deploymentOption", deploy), 1, 1, cls + " " + eng + " "
                                + deploy)), null, "instance hours only; storage and I/O are not estimated"));
            }
            case "DeleteDBInstance" -> out.add(c.change("AmazonRDS", id, Kind.DELETE, List.of(), null, null));
            case "StopDBInstance" -> out.add(c.change("AmazonRDS", id, Kind.STOP, List.of(), null, null));
            case "StartDBInstance" -> out.add(c.change("AmazonRDS", id, Kind.START, List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    static String rdsEngine(String engine) {
        String e = engine == null ? "" : engine.toLowerCase(Locale.ROOT);
        if (e.equals("aurora") || e.equals("aurora-mysql")) {
            return "Aurora MySQL";
        }
        if (e.equals("aurora-postgresql")) {
            return "Aurora PostgreSQL";
        }
        if (e.startsWith("postgres")) {
            return "PostgreSQL";
        }
        if (e.equals("mariadb")) {
            return "MariaDB";
        }
        if (e.startsWith("oracle")) {
            return "Oracle";
        }
        if (e.startsWith("sqlserver")) {
            return "SQL Server";
        }
        return "MySQL";
    }

    // ------------------------------------------------------------------ ElastiCache

    private static List<ResourceChange> elasticache(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        String engine = JsonTree.optStr(c.req, "engine");
        String cacheEngine = engine == null || engine.equalsIgnoreCase("redis") ? "Redis"
                : engine.equalsIgnoreCase("valkey") ? "Valkey" : "Memcached";
        switch (c.name) {
            case "CreateCacheCluster" -> {
                String type = JsonTree.optStr(c.req, "cacheNodeType");
                double n = num(c.req, "numCacheNodes", 1);
                if (type != null) {
                    out.add(c.change("AmazonElastiCache", JsonTree.optStr(c.req, "cacheClusterId"), Kind.LAUNCH,
                            List.of(cacheNode(c.region, type, cacheEngine, n)), null, null));
                }
            }
            case "CreateReplicationGroup", "ModifyReplicationGroup" -> {
                String type = JsonTree.optStr(c.req, "cacheNodeType");
                if (type == null) {
                    return out;
                }
                double n = num(c.req, "numCacheClusters", Double.NaN);
                if (Double.isNaN(n)) {
                    n = num(c.req, "numNodeGroups", 1) * (num(c.req, "replicasPerNodeGroup", 1) + 1);
                }
                out.add(c.change("AmazonElastiCache", JsonTree.optStr(c.req, "replicationGroupId"),
                        c.name.startsWith("Create") ? Kind.LAUNCH : Kind.RESIZE,
                        List.of(cacheNode(c.region, type, cacheEngine, n)), null, (long) n + " nodes"));
            }
            case "DeleteCacheCluster" -> out.add(c.change("AmazonElastiCache",
                    JsonTree.optStr(c.req, "cacheClusterId"), Kind.DELETE, List.of(), null, null));
            case "DeleteReplicationGroup" -> out.add(c.change("AmazonElastiCache",
                    JsonTree.optStr(c.req, "replicationGroupId"), Kind.DELETE, List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    private static Part cacheNode(String region, String type, String engine, double n) {
        return new Part(PriceKey.of("AmazonElastiCache", "instanceType", type, "regionCode", region, "cacheEngine",
                engine), n, 1, (long) n + " × " + type);
    }

    // ------------------------------------------------------------------ OpenSearch

    private static List<ResourceChange> opensearch(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        String domain = JsonTree.optStr(c.req, "domainName");
        switch (c.name) {
            case "CreateDomain", "CreateElasticsearchDomain", "UpdateDomainConfig", "UpdateElasticsearchDomainConfig" -> {
                Map<String, Object> cc = JsonTree.optObj(c.req, "clusterConfig");
                if (cc == null) {
                    cc = JsonTree.optObj(c.req, "elasticsearchClusterConfig");
                }
                if (cc == null || JsonTree.optStr(cc, "instanceType") == null) {
                    return out;
                }
                List<Part> parts = new ArrayList<>();
                String type = JsonTree.optStr(cc, "instanceType");
                double n = num(cc, "instanceCount", 1);
                parts.add(new Part(PriceKey.of("AmazonES", "instanceType", type, "regionCode", c.region), n, 1,
                        (long) n + " × " + type));
                if (Boolean.TRUE.equals(cc.get("dedicatedMasterEnabled")) && cc.get("dedicatedMasterType") != null) {
                    double m = num(cc, "dedicatedMasterCount", 3);
                    String mt = cc.get("dedicatedMasterType").toString();
                    parts.add(new Part(PriceKey.of("AmazonES", "instanceType", mt, "regionCode", c.region), m, 1,
                            (long) m + " × " + mt + " (masters)"));
                }
                out.add(c.change("AmazonES", domain, c.name.startsWith("Create") ? Kind.LAUNCH : Kind.RESIZE, parts,
                        null, "instance hours only; storage is not estimated"));
            }
            case "DeleteDomain", "DeleteElasticsearchDomain" -> out.add(c.change("AmazonES", domain, Kind.DELETE,
                    List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ Redshift

    private static List<ResourceChange> redshift(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        String id = JsonTree.optStr(c.req, "clusterIdentifier");
        switch (c.name) {
            case "CreateCluster", "ResizeCluster", "ModifyCluster" -> {
                String type = JsonTree.optStr(c.req, "nodeType");
                if (type == null) {
                    type = JsonTree.optStr(c.resp, "nodeType");
                }
                double n = num(c.req, "numberOfNodes", Double.NaN);
                if (Double.isNaN(n)) {
                    n = "multi-node".equals(JsonTree.optStr(c.req, "clusterType")) ? 2 : num(c.resp, "numberOfNodes", 1);
                }
                if (type == null) {
                    return out;
                }
                out.add(c.change("AmazonRedshift", id, c.name.equals("CreateCluster") ? Kind.LAUNCH : Kind.RESIZE,
                        List.of(new Part(PriceKey.of("AmazonRedshift", "instanceType", type, "regionCode", c.region,
                                "productFamily", "Compute Instance"), n, 1, (long) n + " × " + type)), null, null));
            }
            case "PauseCluster" -> out.add(c.change("AmazonRedshift", id, Kind.STOP, List.of(), null, null));
            case "ResumeCluster" -> out.add(c.change("AmazonRedshift", id, Kind.START, List.of(), null, null));
            case "DeleteCluster" -> out.add(c.change("AmazonRedshift", id, Kind.DELETE, List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ DynamoDB

    private static List<ResourceChange> dynamodb(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        String table = JsonTree.optStr(c.req, "tableName");
        switch (c.name) {
            case "CreateTable", "UpdateTable" -> {
                Map<String, Object> pt = JsonTree.optObj(c.req, "provisionedThroughput");
                if ("PAY_PER_REQUEST".equals(JsonTree.optStr(c.req, "billingMode")) || pt == null) {
                    return out;   // on-demand: no hourly rate to estimate
                }
                double r = num(pt, "readCapacityUnits", 0);
                double w = num(pt, "writeCapacityUnits", 0);
                out.add(c.change("AmazonDynamoDB", table, c.name.equals("CreateTable") ? Kind.LAUNCH : Kind.RESIZE,
                        List.of(new Part(PriceKey.of("AmazonDynamoDB", "productFamily", "Provisioned IOPS", "group",
                                        "DDB-ReadUnits", "regionCode", c.region), r, 1, (long) r + " RCU"),
                                new Part(PriceKey.of("AmazonDynamoDB", "productFamily", "Provisioned IOPS", "group",
                                        "DDB-WriteUnits", "regionCode", c.region), w, 1, (long) w + " WCU")),
                        null, "table capacity only; index capacity and storage are not estimated"));
            }
            case "DeleteTable" -> out.add(c.change("AmazonDynamoDB", table, Kind.DELETE, List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ Lambda

    private static List<ResourceChange> lambda(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        String fn = JsonTree.optStr(c.req, "functionName");
        String q = JsonTree.optStr(c.req, "qualifier");
        String id = fn == null ? null : q == null ? fn : fn + ":" + q;
        switch (c.name) {
            case "PutProvisionedConcurrencyConfig" -> {
                double n = num(c.req, "provisionedConcurrentExecutions", 0);
                out.add(c.change("AWSLambda", id, Kind.RESIZE, List.of(new Part(PriceKey.of("AWSLambda", "group",
                        "AWS-Lambda-Provisioned-Concurrency", "regionCode", c.region), n * ASSUMED_LAMBDA_GB, 3600,
                        (long) n + " provisioned concurrency")), null, "memory is not in the event: "
                        + (long) (ASSUMED_LAMBDA_GB * 1024) + " MB assumed"));
            }
            case "DeleteProvisionedConcurrencyConfig" -> out.add(c.change("AWSLambda", id, Kind.DELETE, List.of(),
                    null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ SageMaker

    private static List<ResourceChange> sagemaker(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        switch (c.name) {
            case "CreateEndpointConfig" -> {
                String name = JsonTree.optStr(c.req, "endpointConfigName");
                List<Part> parts = new ArrayList<>();
                for (Object v : JsonTree.list(c.req, "productionVariants")) {
                    if (v instanceof Map<?, ?> m && m.get("instanceType") != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> pv = (Map<String, Object>) m;
                        String type = JsonTree.optStr(pv, "instanceType");
                        double n = num(pv, "initialInstanceCount", 1);
                        parts.add(sagemakerInstance(c.region, type, "Hosting", n));
                    }
                }
                out.add(c.change("AmazonSageMaker", "endpoint-config:" + name, Kind.NOTE, parts, null,
                        "endpoint configuration; priced when an endpoint uses it"));
            }
            case "CreateEndpoint", "UpdateEndpoint" -> out.add(c.change("AmazonSageMaker",
                    JsonTree.optStr(c.req, "endpointName"), c.name.startsWith("Create") ? Kind.LAUNCH : Kind.RESIZE,
                    List.of(), "endpoint-config:" + JsonTree.optStr(c.req, "endpointConfigName"), null));
            case "DeleteEndpoint" -> out.add(c.change("AmazonSageMaker", JsonTree.optStr(c.req, "endpointName"),
                    Kind.DELETE, List.of(), null, null));
            case "CreateTrainingJob" -> {
                Map<String, Object> rc = orEmpty(JsonTree.optObj(c.req, "resourceConfig"));
                String type = JsonTree.optStr(rc, "instanceType");
                double n = num(rc, "instanceCount", 1);
                out.add(c.change("AmazonSageMaker", JsonTree.optStr(c.req, "trainingJobName"), Kind.LAUNCH,
                        type == null ? List.of() : List.of(sagemakerInstance(c.region, type, "Training", n)), null,
                        "runs until it completes or is stopped; completion is not a CloudTrail event"));
            }
            case "StopTrainingJob" -> out.add(c.change("AmazonSageMaker", JsonTree.optStr(c.req, "trainingJobName"),
                    Kind.DELETE, List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    private static Part sagemakerInstance(String region, String type, String component, double n) {
        return new Part(PriceKey.of("AmazonSageMaker", "instanceName", type, "component", component, "regionCode",
                region), n, 1, (long) n + " × " + type + " " + component.toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ EKS

    private static List<ResourceChange> eks(Ctx c) {
        List<ResourceChange> out = new ArrayList<>();
        String ng = JsonTree.optStr(c.req, "nodegroupName");
        String cluster = JsonTree.optStr(c.req, "clusterName");
        if (cluster == null) {
            cluster = JsonTree.optStr(c.req, "name");
        }
        String id = ng == null ? null : "nodegroup:" + ng;
        switch (c.name) {
            case "CreateNodegroup", "UpdateNodegroupConfig" -> {
                Map<String, Object> sc = JsonTree.optObj(c.req, "scalingConfig");
                if (sc == null) {
                    return out;
                }
                double n = num(sc, "desiredSize", num(sc, "minSize", 1));
                List<Object> types = JsonTree.list(c.req, "instanceTypes");
                String type = types.isEmpty() ? null : types.get(0).toString();
                String note = type == null && c.name.startsWith("Create") ? "no instance type: EKS's default t3.medium"
                        : null;
                if (type == null && c.name.startsWith("Create")) {
                    type = "t3.medium";
                }
                String capacity = JsonTree.optStr(c.req, "capacityType");
                if ("SPOT".equals(capacity)) {
                    note = "Spot node group priced at the on-demand price (an upper bound)";
                }
                out.add(c.change("AmazonEC2", id, c.name.startsWith("Create") ? Kind.LAUNCH : Kind.RESIZE,
                        type == null ? List.of() : List.of(ec2Instance(c.region, type, "Linux", "Shared", n)),
                        type == null ? "scale:" + (long) n : null, note == null ? "cluster " + cluster : note));
            }
            case "DeleteNodegroup" -> out.add(c.change("AmazonEC2", id, Kind.DELETE, List.of(), null, null));
            default -> {
                return null;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ JSON helpers

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    /** {@code x.items[]} (EC2's query-API shape in CloudTrail: sets are objects holding an {@code items} array). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> m, String key) {
        Map<String, Object> set = JsonTree.optObj(m, key);
        List<Map<String, Object>> out = new ArrayList<>();
        if (set == null) {
            return out;
        }
        for (Object o : JsonTree.list(set, "items")) {
            if (o instanceof Map) {
                out.add((Map<String, Object>) o);
            }
        }
        return out;
    }

    /** A tag's value anywhere below {@code node}: {key,value} / {Key,Value} pairs or a {name: value} tag map. */
    @SuppressWarnings("unchecked")
    static String findTag(Object node, String tag) {
        if (node instanceof Map<?, ?> m) {
            Object k = m.containsKey("key") ? m.get("key") : m.get("Key");
            if (tag.equals(k)) {
                Object v = m.containsKey("value") ? m.get("value") : m.get("Value");
                return v == null ? null : v.toString();
            }
            Object direct = m.get(tag);
            if (direct instanceof String s) {
                return s;
            }
            for (Object v : ((Map<String, Object>) m).values()) {
                String f = findTag(v, tag);
                if (f != null) {
                    return f;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                String f = findTag(v, tag);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The first string value of a key (case-insensitive) anywhere below {@code node}. */
    static String findString(Object node, String key) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (key.equalsIgnoreCase(e.getKey().toString()) && !(e.getValue() instanceof Map)
                        && !(e.getValue() instanceof List) && e.getValue() != null) {
                    return e.getValue().toString();
                }
            }
            for (Object v : m.values()) {
                String f = findString(v, key);
                if (f != null) {
                    return f;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                String f = findString(v, key);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The request's single nested object ({@code {ModifyVolumeRequest:{…}}}), or the request itself. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstObject(Map<String, Object> req) {
        if (req.size() == 1 && req.values().iterator().next() instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return req;
    }

    private static double num(Map<String, Object> m, String key, double fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number, was " + v);
        }
    }

    private static double numAny(Map<String, Object> m, String key, double fallback) {
        String s = findString(m, key);
        if (s == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number, was " + s);
        }
    }
}
