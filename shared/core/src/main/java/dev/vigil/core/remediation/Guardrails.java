package dev.vigil.core.remediation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Checks a plan against its action's declared scope, just before anything may act (and again inside execute, on
 * fresh state). Every rule that fails is reported, each with a sentence a human can act on:
 * <ul>
 *   <li>mode: {@code auto} only for low risk;</li>
 *   <li>scope: the ARN has the action's shape and matches an allowed pattern; required tags are present;</li>
 *   <li>parameters: each satisfies the action's parameter schema;</li>
 *   <li>blast radius: the new value is within the absolute bounds, and |new − old| / old ≤ maxRelativeChange
 *       (from 0, any increase is an infinite relative change: only an absolute bound can allow it, so it is refused
 *       when a relative limit is set); an Auto Scaling group's own min/max;</li>
 *   <li>pace: the resource's last execution is older than the cooldown, and fewer than maxPerResourcePerHour ran in
 *       the last 60 minutes;</li>
 *   <li>drift: the resource still has the state the plan captured (nobody changed it since);</li>
 *   <li>no-op: a change that changes nothing is refused rather than recorded as a fix.</li>
 * </ul>
 */
public final class Guardrails {

    private Guardrails() {
    }

    /**
     * @param current  the resource as read now (null for notify-only)
     * @param history  when earlier executions (applied or undone) touched this resource
     */
    public static GuardrailVerdict evaluate(Plan plan, ActionDefinition action, ResourceState current,
                                            List<Instant> history, Instant now) {
        List<Violation> v = new ArrayList<>();
        ActionType type = action.type();
        Limits limits = action.limits();
        if (plan.mode() == Mode.AUTO && action.risk() != RiskLevel.LOW) {
            v.add(new Violation("auto-needs-low-risk", "auto mode may only run low-risk actions; "
                    + action.id() + " is " + action.risk().code() + " risk"));
        }
        if (type.needsResource()) {
            String arn = plan.resourceArn();
            if (!type.validArn(arn)) {
                v.add(new Violation("arn-shape", arn + " is not a " + type.code() + " resource ARN"));
            }
            if (!limits.arnAllowed(arn)) {
                v.add(new Violation("arn-not-allowed", arn + " is outside the ARNs " + action.id()
                        + " may touch " + limits.allowedArns()));
            }
            Map<String, String> tags = current == null ? Map.of() : current.tags();
            for (Map.Entry<String, String> t : limits.requiredTags().entrySet()) {
                String has = tags.get(t.getKey());
                if (has == null) {
                    v.add(new Violation("tag-missing", arn + " lacks the tag " + t.getKey() + "="
                            + t.getValue() + " that " + action.id() + " requires"));
                } else if (!t.getValue().equals("*") && !t.getValue().equals(has)) {
                    v.add(new Violation("tag-mismatch", arn + " has " + t.getKey() + "=" + has + ", not "
                            + t.getValue()));
                }
            }
        }
        for (Map.Entry<String, Object> p : plan.parameters().entrySet()) {
            ParamSpec spec = action.param(p.getKey());
            String problem = spec == null ? "parameter " + p.getKey() + " is not in " + action.id() + "'s schema"
                    : spec.violation(p.getValue());
            if (problem != null) {
                v.add(new Violation("parameter-schema", problem));
            }
        }
        for (ParamSpec spec : action.parameters()) {
            if (spec.required() && !plan.parameters().containsKey(spec.name())) {
                v.add(new Violation("parameter-schema", "parameter " + spec.name() + " is required"));
            }
        }
        if (type.scalar()) {
            scalarLimits(plan, action, current, v);
        }
        if (type == ActionType.LAMBDA_ALIAS_ROLLBACK && current != null) {
            String planned = plan.previous() == null ? null : plan.previous().value("functionVersion");
            String now_ = current.value("functionVersion");
            if (planned != null && !planned.equals(now_)) {
                v.add(new Violation("state-drift", plan.resourceArn() + " moved from version " + planned + " to "
                        + now_ + " since the plan was made"));
            }
        }
        if (type.needsResource()) {
            pace(action, history, now, v);
        }
        return new GuardrailVerdict(v.isEmpty(), v, now);
    }

    private static void scalarLimits(Plan plan, ActionDefinition action, ResourceState current, List<Violation> v) {
        Limits limits = action.limits();
        String key = action.type().stateKey();
        Long next = plan.targetValue();
        if (next == null) {
            v.add(new Violation("parameter-schema", "the plan sets no " + key));
            return;
        }
        OptionalLong planned = plan.previous() == null ? OptionalLong.empty() : plan.previous().scalar(key);
        OptionalLong now = current == null ? OptionalLong.empty() : current.scalar(key);
        if (current != null && !planned.equals(now)) {
            v.add(new Violation("state-drift", plan.resourceArn() + " " + key + " is " + str(now)
                    + " now, but the plan was made when it was " + str(planned)));
        }
        if (limits.absoluteMin() != null && next < limits.absoluteMin()) {
            v.add(new Violation("absolute-bounds", key + " " + next + " is below the floor " + limits.absoluteMin()));
        }
        if (limits.absoluteMax() != null && next > limits.absoluteMax()) {
            v.add(new Violation("absolute-bounds", key + " " + next + " is above the ceiling "
                    + limits.absoluteMax()));
        }
        if (planned.isPresent()) {
            long old = planned.getAsLong();
            if (next == old) {
                v.add(new Violation("no-change", key + " is already " + old + ": nothing to change"));
            } else if (limits.maxRelativeChange() != null) {
                double rel = old == 0 ? Double.POSITIVE_INFINITY : Math.abs(next - old) / (double) old;
                if (rel > limits.maxRelativeChange() + 1e-9) {
                    v.add(new Violation("relative-change", key + " " + old + " → " + next + " is a "
                            + (Double.isInfinite(rel) ? "change from zero" : Math.round(rel * 100) + "% change")
                            + ", more than the ±" + Math.round(limits.maxRelativeChange() * 100) + "% allowed"));
                }
            }
        }
        if (action.type() == ActionType.ASG_DESIRED_CAPACITY && current != null) {
            OptionalLong min = current.scalar("minSize");
            OptionalLong max = current.scalar("maxSize");
            if (min.isPresent() && next < min.getAsLong() || max.isPresent() && next > max.getAsLong()) {
                v.add(new Violation("group-bounds", "desiredCapacity " + next + " is outside the group's own size ["
                        + str(min) + ", " + str(max) + "]"));
            }
        }
    }

    private static void pace(ActionDefinition action, List<Instant> history, Instant now, List<Violation> v) {
        Limits limits = action.limits();
        Instant last = null;
        int lastHour = 0;
        for (Instant t : history) {
            if (last == null || t.isAfter(last)) {
                last = t;
            }
            if (!t.isBefore(now.minus(Duration.ofHours(1)))) {
                lastHour++;
            }
        }
        if (last != null && limits.cooldownMinutes() > 0
                && last.isAfter(now.minus(Duration.ofMinutes(limits.cooldownMinutes())))) {
            long ago = Duration.between(last, now).toMinutes();
            v.add(new Violation("cooldown", "the last execution on this resource was " + ago
                    + " min ago; the cooldown is " + limits.cooldownMinutes() + " min"));
        }
        if (lastHour >= limits.maxPerResourcePerHour()) {
            v.add(new Violation("rate-limit", lastHour + " executions on this resource in the last hour; at most "
                    + limits.maxPerResourcePerHour() + " are allowed"));
        }
    }

    private static String str(OptionalLong o) {
        return o.isPresent() ? Long.toString(o.getAsLong()) : "unset";
    }
}
