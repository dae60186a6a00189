package dev.vigil.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.aws.sfn.StepFunctionsStarter;
import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.Runbook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The target of the {@code vigil} bus rule: for an anomaly that matches a runbook, starts the remediation workflow
 * with an execution name derived from the runbook and the anomaly's stable id. Step Functions refuses a second
 * execution with the same name, so an event delivered twice (EventBridge is at-least-once) starts one workflow.
 * (EventBridge's own Step Functions target cannot set the execution name: hence this small function.)
 */
public class StartHandler implements RequestStreamHandler {

    private final Wiring wiring;

    public StartHandler() {
        this(Wiring.starting());
    }

    public StartHandler(Wiring wiring) {
        this.wiring = wiring;
    }

    /** {@code <runbookId>-<anomalyId>}, within Step Functions' 80 characters of [A-Za-z0-9-_]. */
    public static String executionName(String runbookId, String anomalyId) {
        String id = anomalyId.replaceAll("[^A-Za-z0-9_-]", "_");
        int room = Math.max(1, 80 - 1 - id.length());
        String rb = runbookId.length() > room ? runbookId.substring(0, room) : runbookId;
        String name = rb + "-" + id;
        return name.length() > 80 ? name.substring(0, 80) : name;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) JsonTree.parse(input);
        output.write(JsonTree.write(handle(event)).getBytes(StandardCharsets.UTF_8));
    }

    public Map<String, Object> handle(Map<String, Object> event) {
        AnomalyEvent a = AnomalyJson.read(JsonTree.write(JsonTree.obj(event, "detail")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("anomalyId", a.id());
        Optional<Runbook> rb = wiring.catalog().match(a);
        if (rb.isEmpty()) {
            out.put("started", false);
            out.put("why", "no runbook matches");
            return out;
        }
        String name = executionName(rb.get().id(), a.id());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("incidentId", a.id());
        input.put("runbookId", rb.get().id());
        input.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
        StepFunctionsStarter.Started s = wiring.starter().start(name, JsonTree.write(input));
        out.put("started", s == StepFunctionsStarter.Started.STARTED);
        out.put("executionName", name);
        out.put("runbookId", rb.get().id());
        if (s == StepFunctionsStarter.Started.ALREADY_STARTED) {
            out.put("why", "an execution with this name already exists (duplicate delivery)");
        }
        wiring.log().info("remediation start", out);
        return out;
    }
}
