package dev.vigil.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.core.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A task handler: reads the payload (JSON, streaming), runs the {@code step} it names, writes the result. Each
 * function accepts only its own steps, so the notify function cannot be asked to act, nor the acting one to post.
 * Exceptions propagate: the Java runtime reports them by class name, which is what the ASL's Retry/Catch match.
 */
abstract class StepHandler implements RequestStreamHandler {

    protected final Steps steps;
    protected final Wiring wiring;
    private final Set<String> allowed;

    StepHandler(Wiring wiring, Set<String> allowed) {
        this.wiring = wiring;
        this.steps = new Steps(wiring);
        this.allowed = allowed;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Object tree = JsonTree.parse(input);
        if (!(tree instanceof Map)) {
            throw new IllegalArgumentException("a task payload must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = handle((Map<String, Object>) tree);
        output.write(JsonTree.write(result).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs one step on a payload tree (tests call this directly with the events/ fixtures). */
    public Map<String, Object> handle(Map<String, Object> req) {
        String step = JsonTree.str(req, "step");
        if (!allowed.contains(step)) {
            throw new IllegalArgumentException("step '" + step + "' is not handled here (only " + allowed + ")");
        }
        long t0 = System.nanoTime();
        Map<String, Object> out;
        try {
            out = run(step, req);
        } catch (RuntimeException e) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("step", step);
            f.put("error", e.getClass().getName());
            f.put("message", String.valueOf(e.getMessage()));
            wiring.log().warn("step failed", f);
            throw e;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("step", step);
        f.put("millis", (System.nanoTime() - t0) / 1_000_000);
        wiring.log().info("step done", f);
        return out;
    }

    abstract Map<String, Object> run(String step, Map<String, Object> req);
}
