package dev.vigil.billing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.aws.s3.S3ExportReader;
import dev.vigil.core.cost.read.CostAggregate;
import dev.vigil.core.cost.read.CostAggregator;
import dev.vigil.core.cost.read.CsvExportReader;
import dev.vigil.core.cost.read.ExportManifest;
import dev.vigil.core.cost.read.NotABillingExportException;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.cost.store.CostPipeline;
import dev.vigil.core.cost.store.CostStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S3 ObjectCreated on a billing export's manifest (legacy CUR, CUR 2.0 or FOCUS from AWS Data Exports): reads the
 * delivery it names, streamed, stores it as its period's aggregates in CostDaily (replacing the previous delivery:
 * idempotent, never double counted, never older over newer), then detects over the stored history, publishes new
 * {@code vigil.cost-anomaly} events and writes the report to the reports bucket. Within hours of the export,
 * three times a day, instead of Cost Anomaly Detection's daily batch.
 *
 * <p>Failure semantics (S3 invokes asynchronously and retries twice, then the dead-letter queue): a transient error
 * is thrown, so the event is retried, which is safe because every step is idempotent. A file that is not a billing
 * export, or a delivery already replaced by a newer one, is logged and acknowledged: retrying cannot help.
 */
public class BillingExportHandler implements RequestStreamHandler {

    private static final JsonFactory JSON = new JsonFactory();
    private final Wiring wiring;

    public BillingExportHandler() {
        this(Wiring.fromEnvironment());
        SnapStartPriming.register();
    }

    public BillingExportHandler(Wiring wiring) {
        this.wiring = wiring;
    }

    /** What happened to one object of the event. */
    public record Result(String bucket, String key, String status, String detail, String report, int published) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<Result> results = handle(S3Events.read(input));
        try (JsonGenerator g = JSON.createGenerator(output)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (Result r : results) {
                g.writeStartObject();
                g.writeStringField("bucket", r.bucket());
                g.writeStringField("key", r.key());
                g.writeStringField("status", r.status());
                g.writeStringField("detail", r.detail());
                if (r.report() != null) {
                    g.writeStringField("report", r.report());
                }
                g.writeNumberField("published", r.published());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The event as bytes; the result as JSON bytes (tests, the CLI). */
    public byte[] handleBytes(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    List<Result> handle(List<S3Events.ObjectRef> objects) throws IOException {
        List<Result> results = new ArrayList<>();
        for (S3Events.ObjectRef o : objects) {
            if (!ExportManifest.isManifestKey(o.key())) {
                results.add(new Result(o.bucket(), o.key(), "ignored", "not a manifest", null, 0));
                continue;
            }
            results.add(process(o));
        }
        return results;
    }

    private Result process(S3Events.ObjectRef o) throws IOException {
        long t0 = System.nanoTime();
        S3ExportReader.Assembly assembly;
        try {
            assembly = wiring.exports().manifest(o.bucket(), o.key());
        } catch (NotABillingExportException e) {
            return refused(o, e.getMessage());
        }
        ExportManifest m = assembly.manifest();
        CostAggregator agg = new CostAggregator(wiring.settings().aggregation());
        long bytes;
        try {
            bytes = wiring.exports().read(m, agg, CsvExportReader.Progress.NONE);
        } catch (NotABillingExportException e) {
            return refused(o, e.getMessage());
        } catch (S3ExportReader.StaleAssemblyException e) {
            log("billing delivery superseded", o, e.getMessage());
            return new Result(o.bucket(), o.key(), "stale", e.getMessage(), null, 0);
        }
        CostAggregate a = agg.result();
        CostPipeline.Ingest ingest = wiring.pipeline().ingest(m, assembly.lastModifiedMillis(), a);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("key", o.key());
        f.put("bytes", bytes);
        f.put("rows", a.rows());
        f.put("keys", agg.keys());
        f.put("seconds", (System.nanoTime() - t0) / 1e9);
        f.put("heapUsedMb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        wiring.log().info("billing delivery read", f);
        if (ingest.outcome() == CostStore.Outcome.REFUSED) {
            return new Result(o.bucket(), o.key(), "refused", "bad delivery of " + m.period() + ": " + a.rows()
                    + " good rows, " + a.badRows().count() + " bad " + a.badRows().byReason()
                    + "; the previous data is kept", null, 0);
        }
        if (ingest.outcome() == CostStore.Outcome.STALE) {
            return new Result(o.bucket(), o.key(), "stale", "a newer delivery of " + m.period() + " is already stored",
                    null, 0);
        }
        CostReport.Input input = new CostReport.Input(a.rows(), a.badRows(), a.formats(), a.currencies(), a.hourly(),
                a.overflowResourceRows(), a.overflowTagRows(), m.dataKeys());
        CostPipeline.Analysis analysis = wiring.pipeline().analyse(m.exportId(), input,
                CostPipeline.reportPrefix(m.exportId(), "latest"));
        String detail = ingest.outcome().name().toLowerCase() + " " + m.period() + ": " + a.rows() + " rows, "
                + a.badRows().count() + " bad, " + analysis.report().detection().alerting().size() + " anomalies";
        return new Result(o.bucket(), o.key(), "processed", detail, analysis.reportLocation(),
                analysis.published().size() - analysis.undelivered().size());
    }

    private Result refused(S3Events.ObjectRef o, String why) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("bucket", o.bucket());
        f.put("key", o.key());
        f.put("error", why);
        wiring.log().error("not a billing export", f);
        return new Result(o.bucket(), o.key(), "refused", why, null, 0);
    }

    private void log(String msg, S3Events.ObjectRef o, String detail) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("key", o.key());
        f.put("detail", detail);
        wiring.log().warn(msg, f);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
