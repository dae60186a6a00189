package dev.vigil.aws.cloudwatch;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.metric.ObservationPolicy;
import dev.vigil.core.remediation.MetricReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Recent one-minute values of an anomaly's series through GetMetricData, with the statistic the detector scored:
 * Average, or the per-second rate (Sum / 60) for accumulating units (see {@link ObservationPolicy}).
 */
public final class CloudWatchMetricReader implements MetricReader {

    private final CloudWatchClient cw;

    public CloudWatchMetricReader(CloudWatchClient cw) {
        this.cw = cw;
    }

    @Override
    public List<Double> read(AnomalyEvent s, Instant from, Instant to) {
        boolean rate = "rate_per_second".equals(s.statistic());
        List<Dimension> dims = new ArrayList<>();
        for (Map.Entry<String, String> d : s.dimensions().entrySet()) {
            dims.add(Dimension.builder().name(d.getKey()).value(d.getValue()).build());
        }
        TreeMap<Instant, Double> byTime = new TreeMap<>();
        String next = null;
        do {
            String token = next;
            GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING)
                    .nextToken(token)
                    .metricDataQueries(q -> q.id("m").returnData(true).metricStat(ms -> ms
                            .metric(m -> m.namespace(s.namespace()).metricName(s.metricName()).dimensions(dims))
                            .period(60).stat(rate ? "Sum" : "Average"))));
            for (MetricDataResult res : r.metricDataResults()) {
                for (int i = 0; i < res.timestamps().size(); i++) {
                    double v = res.values().get(i);
                    byTime.put(res.timestamps().get(i), rate ? v / ObservationPolicy.PERIOD_SECONDS : v);
                }
            }
            next = r.nextToken();
        } while (next != null);
        return new ArrayList<>(byTime.values());
    }
}
