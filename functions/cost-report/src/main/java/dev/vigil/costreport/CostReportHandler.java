package dev.vigil.costreport;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.aws.slack.SlackWebApi;
import dev.vigil.core.cost.read.BadRows;
import dev.vigil.core.cost.report.CostReport;
import dev.vigil.core.cost.report.ReportFiles;
import dev.vigil.core.cost.report.SlackDigest;
import dev.vigil.core.cost.store.CostPipeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduled FinOps report: for every export in CostDaily, detection over the stored history, the report in the
 * reports bucket ({@code reports/<export>/<daily|weekly>/<date>/} and {@code …/latest/}), and a Block Kit digest in
 * the configured Slack channel. Input (from the schedule): {@code {"digest":"daily"}} or {@code {"digest":"weekly"}}.
 *
 * <p>A digest is posted once per export, kind and day: the post is claimed in CostDaily first, and the claim is
 * released if Slack cannot be reached, so a retried invocation posts it then, and a duplicated one does not.
 */
public class CostReportHandler implements RequestStreamHandler {

    private static final JsonFactory JSON = new JsonFactory();
    private final Wiring wiring;

    public CostReportHandler() {
        this(Wiring.fromEnvironment());
    }

    public CostReportHandler(Wiring wiring) {
        this.wiring = wiring;
    }

    /** One export's outcome. */
    public record Result(String exportId, int anomalies, String report, String slack) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String digest = "daily";
        try (JsonParser p = JSON.createParser(input)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (f.equals("digest")) {
                        digest = p.getValueAsString();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        if (!digest.equals("daily") && !digest.equals("weekly")) {
            throw new IllegalArgumentException("digest must be daily or weekly, was " + digest);
        }
        List<Result> results = run(digest);
        try (JsonGenerator g = JSON.createGenerator(output)) {
            g.writeStartObject();
            g.writeStringField("digest", digest);
            g.writeArrayFieldStart("exports");
            for (Result r : results) {
                g.writeStartObject();
                g.writeStringField("exportId", r.exportId());
                g.writeNumberField("anomalies", r.anomalies());
                g.writeStringField("report", r.report());
                g.writeStringField("slack", r.slack());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    public byte[] handleBytes(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    List<Result> run(String digest) {
        int days = digest.equals("weekly") ? 7 : 1;
        LocalDate today = LocalDate.ofInstant(wiring.clock().get(), ZoneOffset.UTC);
        List<Result> out = new ArrayList<>();
        for (String exportId : wiring.store().exports()) {
            CostReport.Input input = new CostReport.Input(0, new BadRows(), List.of("CostDaily"), Set.of(), false, 0,
                    0, List.of());
            CostPipeline.Analysis a = wiring.pipeline().analyse(exportId, input,
                    CostPipeline.reportPrefix(exportId, digest + "/" + today));
            if (wiring.reports() != null) {
                wiring.reports().write(CostPipeline.reportPrefix(exportId, "latest"), ReportFiles.render(a.report()));
            }
            String slack = post(exportId, digest, days, today, a);
            out.add(new Result(exportId, SlackDigest.inPeriod(a.report(), days).size(), a.reportLocation(), slack));
        }
        return out;
    }

    private String post(String exportId, String digest, int days, LocalDate today, CostPipeline.Analysis a) {
        SlackWebApi slack = wiring.slack();
        if (slack == null) {
            return "not configured";
        }
        String claim = "digest:" + digest + ":" + today;
        if (!wiring.store().claimPublication(exportId, claim)) {
            return "already posted";
        }
        SlackDigest.Message m = SlackDigest.build(a.report(), digest, days, a.reportLocation());
        try {
            SlackWebApi.MessageRef ref = slack.postMessage(wiring.channel(), m.text(), m.blocksJson());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("exportId", exportId);
            f.put("digest", digest);
            f.put("channel", ref.channel());
            f.put("ts", ref.ts());
            wiring.log().info("cost digest posted", f);
            return "posted " + ref.ts();
        } catch (RuntimeException e) {
            wiring.store().releasePublication(exportId, claim);
            throw e;
        }
    }
}
