package dev.vigil.core.cost.now;

import java.time.Instant;
import java.util.List;

/**
 * One change to what a resource costs per hour, read from one CloudTrail management event.
 *
 * @param eventId   CloudTrail's eventID (idempotency: a re-delivered event changes nothing twice)
 * @param service   the product code the cost lands on in the export (AmazonEC2, AmazonRDS, …)
 * @param resource  the resource's id (instance id, DB identifier, …); several for one RunInstances
 * @param parts     what one unit of the resource costs, to be priced (empty for STOP, DELETE, NOTE)
 * @param principal who made the call ({@code userIdentity.arn}, or the service that did)
 * @param stack     the CloudFormation stack ({@code aws:cloudformation:stack-name} tag), or null
 * @param via       the Auto Scaling group or EKS node group a launch belongs to, or null
 * @param note      what the estimate assumes, or why the change is not priced
 */
public record ResourceChange(String eventId, String eventName, Instant at, String account, String region,
                             String service, String resource, Kind kind, List<Part> parts, String principal,
                             String stack, String via, String note) {

    public enum Kind {
        /** A new resource: its rate starts now. */
        LAUNCH,
        /** Runs again with the rate it had (StartInstances, StartDBInstance, ResumeCluster). */
        START,
        /** Stops billing by the hour; remembered so that a start can price it again. */
        STOP,
        /** A new size or count: the new rate replaces the old one (from now if running, from its next start if not). */
        RESIZE,
        /** Gone for good. */
        DELETE,
        /** No rate of its own, but worth remembering (an endpoint config, a desired capacity). */
        NOTE
    }

    /**
     * One priced quantity: {@code hourly = price(key) × quantity × perHour}. {@code perHour} turns the price's unit
     * into hours: 1 for Hrs, 1/730 for a per-month unit (AWS bills a month as 730 hours), 3,600 for per-second.
     */
    public record Part(PriceKey key, double quantity, double perHour, String what) {
    }

    public ResourceChange {
        parts = List.copyOf(parts);
    }

    /** Who to group by: the stack when there is one (a deploy is one change), otherwise the principal. */
    public String actor() {
        return stack != null ? "stack:" + stack : principal;
    }
}
