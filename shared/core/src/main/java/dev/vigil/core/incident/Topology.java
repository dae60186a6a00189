package dev.vigil.core.incident;

import dev.vigil.core.config.ConfigTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What depends on what, and which resources make up a service: declared in config, because neither the Metric Stream
 * nor the dimensions say that the ALB forwards to the ECS service that reads the RDS instance.
 *
 * <pre>
 * topology:
 *   edges:                       # from calls (depends on) to; globs over type:name keys
 *     - {from: "alb:app/shop/*", to: "ecs:prod/checkout"}
 *     - {from: "ecs:prod/checkout", to: "rds:orders-db"}
 *   services:
 *     - name: checkout
 *       tags: {team: payments}
 *       resources: ["alb:app/shop/*", "ecs:prod/checkout", "rds:orders-db", "lambda:checkout-*"]
 * </pre>
 *
 * Direction: failures propagate from a dependency to its callers, so a dependency is <em>upstream</em> in the causal
 * sense: the RDS instance is upstream of the ECS service, which is upstream of the ALB. Edges apply within one
 * account and region.
 */
public final class Topology {

    /** {@code from} depends on {@code to} (globs over unscoped keys). */
    public record Edge(String from, String to) {
    }

    /** A service: a named set of resource globs, with tags (team, owner…) used for routing. */
    public record Service(String name, Map<String, String> tags, List<String> resources) {
        public Service {
            tags = Map.copyOf(tags);
            resources = List.copyOf(resources);
        }

        public boolean contains(String key) {
            String k = Resources.unscoped(key);
            for (String g : resources) {
                if (Glob.matches(g, k)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final int MAX_DEPTH = 8;

    private final List<Edge> edges;
    private final List<Service> services;

    public Topology(List<Edge> edges, List<Service> services) {
        this.edges = List.copyOf(edges);
        this.services = List.copyOf(services);
    }

    public static Topology empty() {
        return new Topology(List.of(), List.of());
    }

    public static Topology from(ConfigTree t) {
        List<Edge> edges = new ArrayList<>();
        for (ConfigTree e : t.get("edges").list()) {
            edges.add(new Edge(e.get("from").requireString(), e.get("to").requireString()));
        }
        List<Service> services = new ArrayList<>();
        for (ConfigTree s : t.get("services").list()) {
            services.add(new Service(s.get("name").requireString(), s.get("tags").stringMap(),
                    s.get("resources").stringList()));
        }
        return new Topology(edges, services);
    }

    public List<Service> services() {
        return services;
    }

    public Service service(String name) {
        for (Service s : services) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The names of the services any of these resources belongs to, in declaration order. */
    public Set<String> servicesOf(Collection<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        for (Service s : services) {
            for (String k : keys) {
                if (s.contains(k)) {
                    out.add(s.name());
                    break;
                }
            }
        }
        return out;
    }

    /** Does {@code caller} depend on {@code dependency} directly? Same account and region only. */
    public boolean dependsDirectly(String caller, String dependency) {
        if (!Resources.scope(caller).equals(Resources.scope(dependency))) {
            return false;
        }
        String c = Resources.unscoped(caller);
        String d = Resources.unscoped(dependency);
        for (Edge e : edges) {
            if (Glob.matches(e.from(), c) && Glob.matches(e.to(), d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Does {@code caller} depend on {@code dependency}, directly or through declared intermediates? The walk is over
     * the edge patterns: from the edges whose {@code from} matches the caller, to the edges whose {@code from}
     * matches (or equals) a reached {@code to} pattern, so an intermediate that produced no signal still links the
     * two ends (ALB → ECS service → RDS).
     */
    public boolean dependsOn(String caller, String dependency) {
        if (caller.equals(dependency) || !Resources.scope(caller).equals(Resources.scope(dependency))) {
            return false;
        }
        String c = Resources.unscoped(caller);
        String d = Resources.unscoped(dependency);
        Deque<String> frontier = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (Edge e : edges) {
            if (Glob.matches(e.from(), c) && seen.add(e.to())) {
                frontier.add(e.to());
            }
        }
        for (int depth = 0; depth < MAX_DEPTH && !frontier.isEmpty(); depth++) {
            Deque<String> next = new ArrayDeque<>();
            for (String to : frontier) {
                if (Glob.matches(to, d)) {
                    return true;
                }
                for (Edge e : edges) {
                    if ((e.from().equals(to) || Glob.matches(e.from(), to)) && seen.add(e.to())) {
                        next.add(e.to());
                    }
                }
            }
            frontier = next;
        }
        return false;
    }

    /** True when at least one edge mentions this resource: its upstream position is known, not guessed. */
    public boolean declares(String key) {
        String k = Resources.unscoped(key);
        for (Edge e : edges) {
            if (Glob.matches(e.from(), k) || Glob.matches(e.to(), k)) {
                return true;
            }
        }
        return false;
    }
}
