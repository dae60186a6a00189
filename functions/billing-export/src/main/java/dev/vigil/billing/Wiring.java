package dev.vigil.billing;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.Backoff;
import dev.vigil.aws.dynamo.CapacityMeter;
import dev.vigil.aws.dynamo.DynamoCostStore;
import dev.vigil.aws.events.EventBridgeCostAnomalyPublisher;
import dev.vigil.aws.s3.S3ExportReader;
import dev.vigil.aws.s3.S3ReportWriter;
import dev.vigil.core.config.Env;
import dev.vigil.core.cost.read.ExportReader;
import dev.vigil.core.cost.store.CostAnomalyPublisher;
import dev.vigil.core.cost.store.CostPipeline;
import dev.vigil.core.cost.store.CostSettings;
import dev.vigil.core.cost.store.CostStore;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.parquet.ParquetExportDecoder;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything the billing-export handler needs, built once per container.
 *
 * <p>Environment: {@code COST_TABLE}, {@code EVENT_BUS_NAME}, {@code REPORTS_BUCKET} (all required), and the
 * detection knobs of {@link CostSettings} ({@code COST_METRIC}, {@code COST_ABS_THRESHOLD}, …).
 */
public record Wiring(S3ExportReader exports, CostPipeline pipeline, CostSettings settings, StructuredLog log) {

    public static Wiring fromEnvironment() {
        Env env = Env.system();
        String table = env.require("COST_TABLE");
        String bus = env.require("EVENT_BUS_NAME");
        String reports = env.require("REPORTS_BUCKET");
        CostSettings settings = CostSettings.from(env);
        StructuredLog log = new StructuredLog(System.out, "billing-export");
        S3Client s3 = AwsClients.s3();
        CostStore store = new DynamoCostStore(AwsClients.dynamoDb(), table, Backoff.standard(), new CapacityMeter(),
                Instant::now);
        CostAnomalyPublisher publisher = new EventBridgeCostAnomalyPublisher(AwsClients.eventBridge(), bus,
                Backoff.standard());
        return of(s3, store, publisher, new S3ReportWriter(s3, reports), settings, log, Instant::now);
    }

    /** The same wiring on any clients and fakes (tests, the CLI). */
    public static Wiring of(S3Client s3, CostStore store, CostAnomalyPublisher publisher, S3ReportWriter reports,
                            CostSettings settings, StructuredLog log, Supplier<Instant> clock) {
        S3ExportReader exports = new S3ExportReader(s3, new ExportReader(new ParquetExportDecoder()));
        return new Wiring(exports, new CostPipeline(store, publisher, reports, settings, log, clock), settings, log);
    }
}
