package dev.vigil.metricstream;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.DynamoBaselineStore;
import dev.vigil.aws.events.EventBridgeAnomalyPublisher;
import dev.vigil.core.anomaly.AnomalyPublisher;
import dev.vigil.core.baseline.BaselineStore;
import dev.vigil.core.config.Env;
import dev.vigil.core.pipeline.PublishPolicy;
import dev.vigil.core.detect.Detector;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.MetricFormats;
import dev.vigil.core.metric.format.MetricRecordFormat;
import dev.vigil.core.pipeline.BaselineUpdater;
import dev.vigil.core.pipeline.MetricStreamBatch;
import dev.vigil.aws.dynamo.DynamoSloStore;
import dev.vigil.aws.events.EventBridgeSloBurnPublisher;
import dev.vigil.core.incident.IncidentConfig;
import dev.vigil.core.pipeline.DatapointListener;
import dev.vigil.core.slo.SloDefinition;
import dev.vigil.core.slo.SloTracker;
import dev.vigil.core.slo.StreamStatistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Everything the metric-stream handler needs, built once per container (and captured by the SnapStart snapshot).
 *
 * <p>Environment: {@code BASELINE_TABLE} (required), {@code EVENT_BUS_NAME} (required),
 * {@code METRIC_STREAM_FORMAT} ({@code json} or {@code opentelemetry1.0}), {@code WRITE_CONCURRENCY} (16 parallel
 * conditional writes). SLO tracking (optional): {@code SLO_CONFIG} (path of the config file with an {@code slos:}
 * list) and {@code SLO_TABLE}; when {@code SLO_CONFIG} is unset the metric path has no listener at all. The stream's
 * additional statistics: {@code METRIC_STREAM_STATISTICS} ({@code p99,p99.9}) for the metrics in
 * {@code METRIC_STREAM_STATISTICS_METRICS} ({@code AWS/Lambda:Duration,…}).
 * {@code ANOMALY_MIN_SEVERITY} ({@code medium}): the least severity published as a {@code vigil.anomaly} event
 * (lower ones are counted in the batch log as {@code anomaliesNotPublished}); see {@link PublishPolicy}.
 */
public record Wiring(MetricStreamBatch batch, StructuredLog log, CapacityMeter meter) {

    public static Wiring fromEnvironment() {
        return fromEnvironment(Env.system(), AwsClients.dynamoDb(), AwsClients.eventBridge());
    }

    /**
     * The deployed wiring from these settings and clients (tests pass DynamoDB Local and an emulator's EventBridge).
     * An SLO on a statistic the stream does not carry ({@code METRIC_STREAM_STATISTICS} for the metrics in
     * {@code METRIC_STREAM_STATISTICS_METRICS}) fails here, at init, with the SLO and the parameters to set.
     */
    public static Wiring fromEnvironment(Env env, DynamoDbClient ddb, EventBridgeClient eventBridge) {
        String table = env.require("BASELINE_TABLE");
        String bus = env.require("EVENT_BUS_NAME");
        String formatName = env.optional("METRIC_STREAM_FORMAT", "json");
        MetricRecordFormat format = MetricFormats.forName(formatName);
        int concurrency = env.optionalInt("WRITE_CONCURRENCY", 16);
        PublishPolicy policy = PublishPolicy.parse(env.optional("ANOMALY_MIN_SEVERITY",
                PublishPolicy.DEFAULT_MIN_SEVERITY.code()));
        StructuredLog log = new StructuredLog(System.out, "metric-stream");
        AnomalyPublisher publisher = new EventBridgeAnomalyPublisher(eventBridge, bus, Backoff.standard());
        // SLO error-budget tracking, only when an SLO config is named
        List<DatapointListener> listeners = new ArrayList<>();
        String sloConfig = env.optional("SLO_CONFIG", null);
        if (sloConfig != null) {
            List<SloDefinition> slos = IncidentConfig.load(Path.of(sloConfig)).slos();
            StreamStatistics.parse(env.optional("METRIC_STREAM_STATISTICS", null),
                    env.optional("METRIC_STREAM_STATISTICS_METRICS", null), formatName).requireCarried(slos);
            if (!slos.isEmpty()) {
                listeners.add(new SloTracker(slos, new DynamoSloStore(ddb, env.require("SLO_TABLE"), Backoff.standard()),
                        new EventBridgeSloBurnPublisher(eventBridge, bus, Backoff.standard()), log));
            }
        }
        return of(ddb, table, publisher, format, Detectors.standard(), log, concurrency, listeners, policy);
    }

    /** The same wiring on any DynamoDB client (DynamoDB Local in tests and the CLI) and any publisher. */
    public static Wiring of(DynamoDbClient ddb, String table, AnomalyPublisher publisher, MetricRecordFormat format,
                            Detector detector, StructuredLog log, int writeConcurrency) {
        return of(ddb, table, publisher, format, detector, log, writeConcurrency, List.of());
    }

    /** The same, with listeners that see every valid datapoint after the baselines (SLO tracking). */
    public static Wiring of(DynamoDbClient ddb, String table, AnomalyPublisher publisher, MetricRecordFormat format,
                            Detector detector, StructuredLog log, int writeConcurrency,
                            List<DatapointListener> listeners) {
        return of(ddb, table, publisher, format, detector, log, writeConcurrency, listeners, PublishPolicy.defaults());
    }

    /** The same, with the publishing threshold. */
    public static Wiring of(DynamoDbClient ddb, String table, AnomalyPublisher publisher, MetricRecordFormat format,
                            Detector detector, StructuredLog log, int writeConcurrency,
                            List<DatapointListener> listeners, PublishPolicy policy) {
        CapacityMeter meter = new CapacityMeter();
        ExecutorService writers = Executors.newFixedThreadPool(Math.max(1, writeConcurrency), r -> {
            Thread t = new Thread(r, "baseline-writer");
            t.setDaemon(true);
            return t;
        });
        BaselineStore store = new DynamoBaselineStore(ddb, table, writers, Backoff.standard(), meter);
        BaselineUpdater updater = new BaselineUpdater(detector, store, publisher, log, policy);
        return new Wiring(new MetricStreamBatch(format, updater, log, listeners), log, meter);
    }

    public static Wiring of(BaselineStore store, AnomalyPublisher publisher, MetricRecordFormat format,
                            Detector detector, StructuredLog log, CapacityMeter meter) {
        return of(store, publisher, format, detector, log, meter, PublishPolicy.defaults());
    }

    public static Wiring of(BaselineStore store, AnomalyPublisher publisher, MetricRecordFormat format,
                            Detector detector, StructuredLog log, CapacityMeter meter, PublishPolicy policy) {
        BaselineUpdater updater = new BaselineUpdater(detector, store, publisher, log, policy);
        return new Wiring(new MetricStreamBatch(format, updater, log), log, meter);
    }
}
