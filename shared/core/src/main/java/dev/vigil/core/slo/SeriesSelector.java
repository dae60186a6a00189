package dev.vigil.core.slo;

import dev.vigil.core.config.ConfigTree;
import dev.vigil.core.incident.Glob;
import dev.vigil.core.metric.SeriesId;
import java.util.Map;

/** Which Metric Streams series feed an SLI: namespace and metric exact, dimensions (and account, region) globs. */
public record SeriesSelector(String namespace, String metricName, Map<String, String> dimensions, String account,
                             String region) {

    public SeriesSelector {
        dimensions = Map.copyOf(dimensions);
    }

    public static SeriesSelector from(ConfigTree t) {
        return new SeriesSelector(t.get("namespace").requireString(), t.get("metric").requireString(),
                t.get("dimensions").stringMap(), t.get("account").string(null), t.get("region").string(null));
    }

    public boolean matches(SeriesId s) {
        if (!metricName.equals(s.metricName()) || !namespace.equals(s.namespace())) {
            return false;
        }
        if (account != null && !Glob.matches(account, s.accountId())) {
            return false;
        }
        if (region != null && !Glob.matches(region, s.region())) {
            return false;
        }
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            String v = s.dimensions().get(d.getKey());
            if (v == null || !Glob.matches(d.getValue(), v)) {
                return false;
            }
        }
        return true;
    }
}
