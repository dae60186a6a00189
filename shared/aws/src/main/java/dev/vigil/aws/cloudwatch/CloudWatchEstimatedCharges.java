package dev.vigil.aws.cloudwatch;

import dev.vigil.core.cost.now.EstimatedCharges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The scheduled poll of {@code AWS/Billing EstimatedCharges} (for accounts whose metric stream does not carry the
 * namespace): ListMetrics for the per-service series (USD), then one GetMetricData of their hourly Maximum — the
 * month-to-date value is cumulative, so the hour's maximum is its latest value. The metric lives only in
 * us-east-1: the client must be built for that region.
 */
public final class CloudWatchEstimatedCharges {

    static final int QUERIES_PER_CALL = 500;

    private final CloudWatchClient cw;

    public CloudWatchEstimatedCharges(CloudWatchClient cw) {
        this.cw = cw;
    }

    /** Month-to-date points of every service over [from, to), for {@code account}. */
    public List<EstimatedCharges.Point> poll(String account, Instant fromTime, Instant toTime) {
        // hour-aligned, as CloudWatch advises for a 1-hour period: each datapoint lands in the hour it was published
        Instant from = fromTime.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant to = toTime.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(java.time.Duration.ofHours(1));
        List<Metric> metrics = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListMetricsResponse r = cw.listMetrics(b -> b.namespace("AWS/Billing").metricName("EstimatedCharges")
                    .nextToken(t));
            for (Metric m : r.metrics()) {
                String currency = dim(m, "Currency");
                if (dim(m, "ServiceName") != null && (currency == null || currency.equals("USD"))
                        && dim(m, "LinkedAccount") == null) {
                    metrics.add(m);
                }
            }
            token = r.nextToken();
        } while (token != null);
        List<EstimatedCharges.Point> out = new ArrayList<>();
        for (int start = 0; start < metrics.size(); start += QUERIES_PER_CALL) {
            List<Metric> chunk = metrics.subList(start, Math.min(metrics.size(), start + QUERIES_PER_CALL));
            List<MetricDataQuery> qs = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Metric m = chunk.get(i);
                qs.add(MetricDataQuery.builder().id("m" + i).returnData(true)
                        .metricStat(ms -> ms.metric(m).period(3600).stat("Maximum")).build());
            }
            String next = null;
            do {
                String n = next;
                GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(from).endTime(to)
                        .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(qs).nextToken(n));
                for (MetricDataResult res : r.metricDataResults()) {
                    String service = dim(chunk.get(Integer.parseInt(res.id().substring(1))), "ServiceName");
                    for (int i = 0; i < res.timestamps().size(); i++) {
                        out.add(new EstimatedCharges.Point(account, service, res.timestamps().get(i),
                                res.values().get(i)));
                    }
                }
                next = r.nextToken();
            } while (next != null);
        }
        return out;
    }

    private static String dim(Metric m, String name) {
        for (Dimension d : m.dimensions()) {
            if (d.name().equals(name)) {
                return d.value();
            }
        }
        return null;
    }
}
