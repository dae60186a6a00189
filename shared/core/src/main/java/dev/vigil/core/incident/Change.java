package dev.vigil.core.incident;

/**
 * A deploy or configuration change on a resource (CloudTrail API call, CodeDeploy/ECS deployment event, or a
 * {@code vigil.deploy} event): evidence for root-cause ranking, and the start of a deploy window.
 *
 * @param resource scoped resource key
 * @param at       when it started (epoch ms)
 * @param until    when it finished, or {@code at} when it is instantaneous or the end is not known
 */
public record Change(String id, String resource, long at, long until, String kind, String summary, String actor) {
}
