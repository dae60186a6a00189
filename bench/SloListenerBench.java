import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.MetricDatum;
import dev.vigil.core.metric.SeriesId;
import dev.vigil.core.metric.StatisticSet;
import dev.vigil.core.slo.InMemorySloStore;
import dev.vigil.core.slo.SloTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What SLO tracking adds to the metric path, per datapoint, outside DynamoDB: 2000 series x 300 minutes (the shape of
 * `vigil synth`), cut in 10-minute batches, through SloTracker.onDatapoints with an in-memory store.
 *   java -cp cli/target/vigil.jar bench/SloListenerBench.java
 */
public class SloListenerBench {
    public static void main(String[] a) {
        String cfg = """
                slos:
                  - name: shop-availability
                    objective: 99.9
                    sli:
                      bad:   {namespace: AWS/ApplicationELB, metric: HTTPCode_Target_5XX_Count, dimensions: {LoadBalancer: "app/shop-*"}}
                      total: {namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: {LoadBalancer: "app/shop-*"}}
                  - name: api-latency
                    objective: 99
                    sli:
                      series: {namespace: AWS/Lambda, metric: Duration, dimensions: {FunctionName: "api-*"}}
                      above: 800
                """;
        var slos = IncidentConfig.parse(cfg, "bench").slos();
        String[][] metrics = {{"AWS/Lambda", "Duration", "FunctionName", "fn-"}, {"AWS/Lambda", "Errors", "FunctionName", "fn-"},
                {"AWS/EC2", "CPUUtilization", "InstanceId", "i-"}, {"AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/web-"},
                {"AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "db-"}};
        for (String mode : new String[] {"no datapoint wanted", "1% of series wanted"}) {
            List<SeriesId> series = new ArrayList<>();
            for (int s = 0; s < 2000; s++) {
                String[] m = metrics[s % metrics.length];
                String name = m[3] + s;
                if (mode.startsWith("1%") && s % 100 == 0) {
                    name = m[1].equals("Duration") ? "api-" + s : m[3].startsWith("app/") ? "app/shop-" + s : name;
                }
                series.add(SeriesId.of("123456789012", "us-east-1", m[0], m[1], Map.of(m[2], name)));
            }
            for (int round = 0; round < 3; round++) {
                SloTracker t = new SloTracker(slos, new InMemorySloStore(), e -> Set.of(), StructuredLog.discard());
                long n = 0;
                for (int start = 0; start < 300; start += 10) {
                    List<MetricDatum> batch = new ArrayList<>(20000);
                    for (int m = start; m < start + 10; m++) {
                        for (SeriesId s : series) {
                            batch.add(new MetricDatum(s, 1_780_000_000_000L + m * 60_000L,
                                    StatisticSet.of(900, 10, 3000, 10), "Count"));
                        }
                    }
                    long b0 = System.nanoTime();
                    t.onDatapoints(batch, null);
                    acc += System.nanoTime() - b0;
                    n += batch.size();
                }
                System.out.printf("%-22s round %d: %d datapoints, %.1f ns per datapoint, %d counted%n", mode, round, n,
                        acc / (double) n, t.datapointsCounted());
                acc = 0;
            }
        }
    }
    static long acc;   // nanoseconds spent in onDatapoints this round
}
