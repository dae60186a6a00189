package dev.vigil.core.metric;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The identity of one metric series: {@code account/region/namespace/metric_name/sorted dimensions}.
 *
 * <p>The {@link #key()} is stable across field order and dimension order, and is the DynamoDB partition
 * key of the series' baseline. It is an unambiguous encoding of every component, so that two different series can
 * never share a key (a shared key would merge and poison both baselines). Each component is percent-escaped for
 * the characters that structure the key at its position:
 * <ul>
 *   <li>account, region, metric name, dimension names: {@code %}, {@code /}, {@code ,}, {@code =};</li>
 *   <li>namespace: {@code %}, {@code ,}, {@code =} (its {@code /} stays: {@code AWS/Lambda});</li>
 *   <li>dimension values: {@code %}, {@code ,}, {@code =} (their {@code /} stays: {@code app/my-alb/123}).</li>
 * </ul>
 * Decoding from the left: account and region end at the first two {@code /}; the first {@code =} after them is
 * inside the first dimension (nothing before it may hold one); the {@code /} before that dimension's name ends the
 * metric name, the {@code /} before the metric name ends the namespace (without dimensions the last two {@code /}
 * do). So namespace {@code AWS}, metric {@code Lambda}, dimension {@code Errors/FunctionName} is
 * {@code …/AWS/Lambda/Errors%2FFunctionName=x}, never the key of {@code AWS/Lambda}, {@code Errors},
 * {@code FunctionName=x}. Keys of real AWS series (no such characters in names) are unchanged by the escaping.
 * The key is computed once (it is used for every datapoint's grouping), and equality is equality of keys.
 */
public final class SeriesId {

    private final String accountId;
    private final String region;
    private final String namespace;
    private final String metricName;
    private final SortedMap<String, String> dimensions;
    private final String key;

    private SeriesId(String accountId, String region, String namespace, String metricName,
                     SortedMap<String, String> sortedOwnedDimensions) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.region = Objects.requireNonNull(region, "region");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.metricName = Objects.requireNonNull(metricName, "metricName");
        this.dimensions = Collections.unmodifiableSortedMap(sortedOwnedDimensions);
        this.key = buildKey();
    }

    public static SeriesId of(String accountId, String region, String namespace, String metricName,
                              Map<String, String> dimensions) {
        return new SeriesId(accountId, region, namespace, metricName,
                dimensions == null ? new TreeMap<>() : new TreeMap<>(dimensions));
    }

    /** For parsers that built a fresh, never shared TreeMap and hand it over: no defensive copy on the hot path. */
    public static SeriesId owning(String accountId, String region, String namespace, String metricName,
                           TreeMap<String, String> dimensions) {
        return new SeriesId(accountId, region, namespace, metricName, dimensions);
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    public SortedMap<String, String> dimensions() {
        return dimensions;
    }

    /** The stable key, e.g. {@code 123456789012/us-east-1/AWS/EC2/CPUUtilization/InstanceId=i-0abc}. */
    public String key() {
        return key;
    }

    private String buildKey() {
        int length = accountId.length() + region.length() + namespace.length() + metricName.length() + 4;
        for (Map.Entry<String, String> e : dimensions.entrySet()) {
            length += e.getKey().length() + e.getValue().length() + 2;
        }
        StringBuilder b = new StringBuilder(length + 8);
        escape(b, accountId, true);
        b.append('/');
        escape(b, region, true);
        b.append('/');
        escape(b, namespace, false);
        b.append('/');
        escape(b, metricName, true);
        b.append('/');
        boolean first = true;
        for (Map.Entry<String, String> e : dimensions.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            escape(b, e.getKey(), true);
            b.append('=');
            escape(b, e.getValue(), false);
        }
        return b.toString();
    }

    /** Percent-escapes {@code % , =}, and {@code /} too where {@code slash}. */
    private static void escape(StringBuilder b, String s, boolean slash) {
        if (s.indexOf('%') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0 && (!slash || s.indexOf('/') < 0)) {
            b.append(s);   // the common case: nothing to escape
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case ',' -> b.append("%2C");
                case '=' -> b.append("%3D");
                case '/' -> b.append(slash ? "%2F" : "/");
                default -> b.append(c);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesId s && key.equals(s.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
