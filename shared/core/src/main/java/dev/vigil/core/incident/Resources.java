package dev.vigil.core.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resources a metric series is about, derived from its dimensions: the topology Vigil can see without asking
 * any AWS API. A resource key is {@code type:name} ({@code lambda:checkout}, {@code ecs:prod/api},
 * {@code alb:app/shop/50dc6c495c0c9188}, {@code rds:orders-db}); scoped to its account and region it becomes
 * {@code 123456789012|us-east-1|lambda:checkout} (a {@code |} because ALB and ECS names contain slashes).
 *
 * <p>A series can name several resources (an ALB target group metric names the target group and its load
 * balancer): that is how two series that share a load balancer are seen to belong together.
 */
public final class Resources {

    private Resources() {
    }

    /** The unscoped resource keys of a series, most specific first; never empty. */
    public static List<String> of(String namespace, Map<String, String> dims) {
        List<String> out = new ArrayList<>(2);
        String ns = namespace == null ? "" : namespace;
        switch (ns) {
            case "AWS/Lambda" -> {
                String fn = dims.get("FunctionName");
                if (fn != null) {
                    out.add("lambda:" + fn);
                }
            }
            case "AWS/ECS", "ECS/ContainerInsights" -> {
                String cluster = dims.get("ClusterName");
                String service = dims.get("ServiceName");
                if (cluster != null && service != null) {
                    out.add("ecs:" + cluster + "/" + service);
                } else if (cluster != null) {
                    out.add("ecs-cluster:" + cluster);
                }
            }
            case "AWS/ApplicationELB" -> {
                add(out, "tg:", dims.get("TargetGroup"));
                add(out, "alb:", dims.get("LoadBalancer"));
            }
            case "AWS/NetworkELB" -> {
                add(out, "tg:", dims.get("TargetGroup"));
                add(out, "nlb:", dims.get("LoadBalancer"));
            }
            case "AWS/RDS" -> {
                add(out, "rds:", dims.get("DBInstanceIdentifier"));
                add(out, "rds-cluster:", dims.get("DBClusterIdentifier"));
            }
            case "AWS/DynamoDB" -> add(out, "dynamodb:", dims.get("TableName"));
            case "AWS/SQS" -> add(out, "sqs:", dims.get("QueueName"));
            case "AWS/ApiGateway" -> {
                add(out, "apigw:", dims.get("ApiName"));
                add(out, "apigw:", dims.get("ApiId"));
            }
            case "AWS/EC2" -> {
                add(out, "ec2:", dims.get("InstanceId"));
                add(out, "asg:", dims.get("AutoScalingGroupName"));
            }
            case "AWS/AutoScaling" -> add(out, "asg:", dims.get("AutoScalingGroupName"));
            case "AWS/ElastiCache" -> add(out, "elasticache:", dims.get("CacheClusterId"));
            case "AWS/Kinesis" -> add(out, "kinesis:", dims.get("StreamName"));
            case "AWS/SNS" -> add(out, "sns:", dims.get("TopicName"));
            case "AWS/States" -> add(out, "states:", dims.get("StateMachineArn"));
            default -> { }
        }
        if (out.isEmpty()) {
            // Unknown namespace or no identifying dimension: the series itself is the resource.
            StringBuilder b = new StringBuilder("other:").append(ns);
            for (Map.Entry<String, String> d : new java.util.TreeMap<>(dims).entrySet()) {
                b.append('/').append(d.getKey()).append('=').append(d.getValue());
            }
            out.add(b.toString());
        }
        return out;
    }

    private static void add(List<String> out, String prefix, String value) {
        if (value != null && !value.isEmpty() && !out.contains(prefix + value)) {
            out.add(prefix + value);
        }
    }

    public static String scoped(String accountId, String region, String key) {
        return (accountId == null ? "" : accountId) + "|" + (region == null ? "" : region) + "|" + key;
    }

    /** The {@code type:name} part of a scoped key. */
    public static String unscoped(String scopedKey) {
        int i = scopedKey.lastIndexOf('|');
        return i < 0 ? scopedKey : scopedKey.substring(i + 1);
    }

    /** The {@code account|region} part of a scoped key ("" when unscoped). */
    public static String scope(String scopedKey) {
        int i = scopedKey.lastIndexOf('|');
        return i < 0 ? "" : scopedKey.substring(0, i);
    }

    public static String type(String key) {
        String k = unscoped(key);
        int c = k.indexOf(':');
        return c < 0 ? k : k.substring(0, c);
    }

    /**
     * A default tier when no dependency edge is declared: 0 = entry points (load balancers, API gateways), 1 =
     * compute (functions, services, instances), 2 = data and queues. A higher tier is more likely to be depended on,
     * so more likely to be where a failure starts; it is a weak prior, used only when the topology says nothing.
     */
    public static int tier(String key) {
        return switch (type(key)) {
            case "alb", "nlb", "tg", "apigw" -> 0;
            case "lambda", "ecs", "ecs-cluster", "ec2", "asg", "states" -> 1;
            case "rds", "rds-cluster", "dynamodb", "sqs", "elasticache", "kinesis", "sns" -> 2;
            default -> 1;
        };
    }
}
