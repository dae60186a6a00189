package dev.vigil.core.cost.now;

import dev.vigil.core.json.JsonTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Changes in the samples' shape, re-timed and re-sized for scenarios. */
final class Trail {

    static final String ALICE = "arn:aws:sts::123456789012:assumed-role/ml-team/alice";

    private Trail() {
    }

    /** RunInstances of {@code n} instances, with ids {@code prefix-0..n-1}, by {@code principal}. */
    @SuppressWarnings("unchecked")
    static String runInstances(String at, int n, String type, String principal, String stack, String prefix) {
        Map<String, Object> e = JsonTree.object(Samples.cloudtrail("ec2-run-instances"));
        Map<String, Object> d = (Map<String, Object>) e.get("detail");
        e.put("time", at);
        d.put("eventTime", at);
        d.put("eventID", "ev-" + prefix + "-" + at);
        ((Map<String, Object>) d.get("userIdentity")).put("arn", principal);
        ((Map<String, Object>) d.get("requestParameters")).put("instanceType", type);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> tags = new ArrayList<>(List.of(Map.of("key", "team", "value", "ml")));
            if (stack != null) {
                tags.add(Map.of("key", "aws:cloudformation:stack-name", "value", stack));
            }
            items.add(new java.util.LinkedHashMap<>(Map.of("instanceId", prefix + "-" + i, "instanceType", type,
                    "placement", Map.of("availabilityZone", "us-east-1a", "tenancy", "default"),
                    "tagSet", Map.of("items", tags))));
        }
        ((Map<String, Object>) d.get("responseElements")).put("instancesSet", Map.of("items", items));
        return JsonTree.write(e);
    }

    @SuppressWarnings("unchecked")
    static String terminate(String at, String principal, String... ids) {
        Map<String, Object> e = JsonTree.object(Samples.cloudtrail("ec2-terminate-instances"));
        Map<String, Object> d = (Map<String, Object>) e.get("detail");
        d.put("eventTime", at);
        d.put("eventID", "ev-term-" + at);
        ((Map<String, Object>) d.get("userIdentity")).put("arn", principal);
        List<Object> items = new ArrayList<>();
        for (String id : ids) {
            items.add(Map.of("instanceId", id));
        }
        ((Map<String, Object>) d.get("requestParameters")).put("instancesSet", Map.of("items", items));
        return JsonTree.write(e);
    }

    static List<ResourceChange> changes(String json) {
        return ((CloudTrailChanges.Result.Changes) CloudTrailChanges.parse(json)).changes();
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
