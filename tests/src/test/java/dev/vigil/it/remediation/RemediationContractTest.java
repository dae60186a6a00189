package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.anomaly.AnomalyEvent;
import dev.vigil.core.anomaly.AnomalyJson;
import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.WorkflowErrors;
import dev.vigil.core.remediation.fakes.RecordingCallbacks;
import dev.vigil.core.remediation.fakes.Samples;
import dev.vigil.core.slack.ApprovalMessages;
import dev.vigil.core.testing.ProjectFiles;
import dev.vigil.core.incident.RemediationStarter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One contract for both sides of the remediation workflow. For every path (auto; approved; rejected; approval
 * expired; guardrail refused; execution failed → rollback; verification failed → rollback) this test drives the
 * real task handlers and the real slack-approval handler (on fakes) in the order the state machine would, building
 * each task payload the way the ASL's Parameters build it, and asserts that every payload and every handler result
 * equals {@code events/remediation/<path>/NN-<State>.request.json} / {@code .response.json} (or {@code .error.json}).
 * StateMachineEngineTest then runs the ASL in an independent engine with those same files: the engine must build the
 * same payloads and, fed the same results, take the same path.
 *
 * <p>Regenerate after an intended change: {@code mvn -pl tests -am test -Dtest=RemediationContractTest
 * -Dvigil.regenerateFixtures=true -Dsurefire.failIfNoSpecifiedTests=false}, then review the diff.
 */
class RemediationContractTest {

    static final boolean REGENERATE = Boolean.getBoolean("vigil.regenerateFixtures");

    @ParameterizedTest
    @ValueSource(strings = {"auto-remediated", "approved-remediated", "rejected", "approval-expired",
            "guardrail-refused", "execution-failed-rolled-back", "verification-failed-rolled-back"})
    void theHandlersAndTheFixturesAgree(String scenario) throws IOException {
        World w = new World();
        Run run = switch (scenario) {
            case "auto-remediated" -> new Run(w, scenario, Samples.throttles(at(0)), "lambda-throttles-raise-concurrency")
                    .metrics(Samples.throttles(at(0)).seriesId(), List.of(0.2, 1.5, 3.9, 4.2), List.of(0.0, 0.0, 0.0, 0.0, 0.0));
            case "guardrail-refused" -> new Run(w, scenario, Samples.checkoutDuration(at(1)), "checkout-latency-rollback")
                    .metrics(Samples.checkoutDuration(at(1)).seriesId(), List.of(121.0, 118.0, 640.0, 900.0), List.of());
            default -> new Run(w, scenario, Samples.ordersLatency(at(scenario.hashCode() & 7)), "orders-alb-latency-scale-out")
                    .metrics(Samples.ordersLatency(at(0)).seriesId(), List.of(0.079, 0.081, 0.2, 0.22),
                            scenario.startsWith("verification-failed") ? List.of(0.21, 0.2, 0.23, 0.22, 0.21)
                                    : List.of(0.081, 0.079, 0.083, 0.08, 0.082));
        };
        switch (scenario) {
            case "approved-remediated", "verification-failed-rolled-back" ->
                    run.clicks(id -> w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id));
            case "execution-failed-rolled-back" -> {
                run.clicks(id -> w.click("U0APPROVER1", ApprovalMessages.APPROVE_ACTION, id));
                w.ecs.failApply = true;
            }
            case "rejected" -> run.clicks(id -> w.click("U0APPROVER2", ApprovalMessages.REJECT_ACTION, id));
            case "approval-expired" -> run.clicks(null);
            default -> { }
        }
        run.drive();
        run.writeOrCompare();

        String expected = switch (scenario) {
            case "auto-remediated", "approved-remediated" -> "remediated";
            case "rejected" -> "rejected";
            case "approval-expired" -> "expired";
            case "guardrail-refused" -> "refused";
            default -> "rolled-back";
        };
        assertThat(run.outcome).isEqualTo(expected);
        // What each path must (not) have done to the resource.
        switch (scenario) {
            case "auto-remediated" -> assertThat(w.lambdaConcurrency.state(Samples.THUMBNAILER).value("reservedConcurrency"))
                    .isEqualTo("15");
            case "approved-remediated" -> assertThat(w.ecs.state(Samples.ORDERS_SERVICE).value("desiredCount")).isEqualTo("6");
            case "rejected", "approval-expired" -> {
                assertThat(w.ecs.applies).isZero();
                assertThat(w.ecs.state(Samples.ORDERS_SERVICE).value("desiredCount")).isEqualTo("3");
            }
            case "guardrail-refused" -> assertThat(w.alias.applies).isZero();
            default -> {
                assertThat(w.ecs.undos).isEqualTo(1);
                assertThat(w.ecs.state(Samples.ORDERS_SERVICE).value("desiredCount")).isEqualTo("3");
            }
        }
    }

    static Instant at(int minute) {
        return Instant.parse("2024-05-01T10:10:00Z").plus(Duration.ofMinutes(minute));
    }

    /** Drives one execution the way the ASL does, recording every task's payload and result. */
    static final class Run {
        final World w;
        final String name;
        final Map<String, Object> input = new LinkedHashMap<>();
        final String executionName;
        final String token;
        final List<Map<String, Object>> tasks = new ArrayList<>();
        final Map<String, Path> files = new LinkedHashMap<>();
        final Map<String, Object> state;
        String outcome;
        String seriesId;
        List<Double> incident = List.of();
        List<Double> after = List.of();
        Consumer<String> clicker;

        Run(World w, String name, AnomalyEvent a, String runbookId) {
            this.w = w;
            this.name = name;
            input.put("incidentId", a.id());
            input.put("runbookId", runbookId);
            input.put("anomaly", JsonTree.parse(AnomalyJson.write(a)));
            this.executionName = RemediationStarter.executionName(a.id(), runbookId);
            this.token = "token-" + name;
            this.state = copy(input);
        }

        Run metrics(String seriesId, List<Double> incident, List<Double> after) {
            this.seriesId = seriesId;
            this.incident = incident;
            this.after = after;
            return this;
        }

        Run clicks(Consumer<String> clicker) {
            this.clicker = clicker;
            return this;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> copy(Map<String, Object> m) {
            return (Map<String, Object>) JsonTree.parse(JsonTree.write(m));
        }

        static Map<String, Object> err(String type, String message) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Error", type);
            e.put("Cause", message);
            return e;
        }

        /** Runs a task; a thrown exception is recorded as {errorType, errorMessage} and returned as an error map. */
        Map<String, Object> task(String stateName, Map<String, Object> request, Supplier<Map<String, Object>> call) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("state", stateName);
            t.put("request", copy(request));
            tasks.add(t);
            try {
                Map<String, Object> response = copy(call.get());
                t.put("response", response);
                return response;
            } catch (RuntimeException e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorType", e.getClass().getName());
                error.put("errorMessage", e.getMessage());
                t.put("error", error);
                return null;
            }
        }

        void drive() {
            w.metrics.put(seriesId, incident);
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("step", "plan");
            req.put("executionName", executionName);
            req.put("incidentId", state.get("incidentId"));
            req.put("runbookId", state.get("runbookId"));
            req.put("anomaly", state.get("anomaly"));
            Map<String, Object> plan = task("Plan", req, () -> w.plan.handle(req));
            state.put("plan", plan);
            w.clock.advance(Duration.ofSeconds(1));
            Map<String, Object> g = task("Guardrails", Map.of("step", "guardrails", "plan", plan),
                    () -> w.plan.handle(Map.of("step", "guardrails", "plan", plan)));
            state.put("guardrails", g);
            w.clock.advance(Duration.ofSeconds(1));
            if (!Boolean.TRUE.equals(g.get("allowed"))) {
                outcome = "refused";
            } else if ("auto".equals(plan.get("mode"))) {
                execute(plan);
            } else {
                approve(plan);
            }
            finish();
        }

        void approve(Map<String, Object> plan) {
            Map<String, Object> timers = new LinkedHashMap<>();
            timers.put("approvalWindowSeconds", plan.get("approvalWindowSeconds"));
            timers.put("approvalMaxSeconds", plan.get("approvalMaxSeconds"));
            state.put("Payload", Map.of("plan", timers));   // the ApprovalTimers Pass state
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("step", "request-approval");
            req.put("taskToken", token);
            req.put("plan", plan);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("state", "RequestApproval");
            t.put("request", copy(req));
            tasks.add(t);
            Map<String, Object> requested = w.notify.handle(req);
            String approvalId = requested.get("approvalId").toString();
            if (clicker == null) {
                // Nobody answers: the workflow's heartbeat timeout fires.
                w.clock.advance(Duration.ofSeconds(((Number) plan.get("approvalWindowSeconds")).longValue()));
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorType", "States.HeartbeatTimeout");
                error.put("errorMessage", "no heartbeat or decision within the approval window");
                t.put("error", error);
                state.put("approvalError", err("States.HeartbeatTimeout", error.get("errorMessage").toString()));
                Map<String, Object> ex = new LinkedHashMap<>();
                ex.put("step", "expire");
                ex.put("plan", plan);
                ex.put("error", state.get("approvalError"));
                state.put("expiry", task("ExpireApproval", ex, () -> w.notify.handle(ex)));
                outcome = "expired";
                return;
            }
            w.clock.advance(Duration.ofSeconds(90));
            clicker.accept(approvalId);
            RecordingCallbacks.Call c = w.callbacks.calls.get(w.callbacks.calls.size() - 1);
            assertThat(c.token()).isEqualTo(token);
            if (c.kind().equals("success")) {
                Map<String, Object> out = JsonTree.object(c.output());
                t.put("response", out);
                state.put("approval", out);
                w.clock.advance(Duration.ofSeconds(1));
                execute(plan);
            } else {
                assertThat(c.error()).isEqualTo(WorkflowErrors.APPROVAL_REJECTED);
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorType", c.error());
                error.put("errorMessage", c.cause());
                t.put("error", error);
                state.put("approvalError", err(c.error(), c.cause()));
                outcome = "rejected";
            }
        }

        void execute(Map<String, Object> plan) {
            Map<String, Object> req = Map.of("step", "execute", "plan", plan);
            Map<String, Object> ex = task("Execute", req, () -> w.act.handle(req));
            if (ex == null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = (Map<String, Object>) tasks.get(tasks.size() - 1).get("error");
                state.put("error", err(error.get("errorType").toString(), String.valueOf(error.get("errorMessage"))));
                state.put("rollbackReason", "execution-failed");
                rollback(plan);
                return;
            }
            state.put("execution", ex);
            w.clock.advance(Duration.ofSeconds(((Number) plan.get("verifyAfterSeconds")).longValue()));
            w.metrics.put(seriesId, after);
            Map<String, Object> vreq = Map.of("step", "verify", "plan", plan);
            Map<String, Object> v = task("Verify", vreq, () -> w.plan.handle(vreq));
            state.put("verification", v);
            w.clock.advance(Duration.ofSeconds(1));
            if (Boolean.TRUE.equals(v.get("withinBand"))) {
                outcome = "remediated";
            } else {
                state.put("rollbackReason", "verification-failed");
                rollback(plan);
            }
        }

        void rollback(Map<String, Object> plan) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("step", "rollback");
            req.put("plan", plan);
            req.put("reason", state.get("rollbackReason"));
            state.put("rollback", task("Rollback", req, () -> w.act.handle(req)));
            w.clock.advance(Duration.ofSeconds(1));
            outcome = "rolled-back";
        }

        void finish() {
            state.put("outcome", outcome);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("step", "record");
            rec.put("outcome", outcome);
            rec.put("executionName", executionName);
            rec.put("state", copy(state));
            state.put("record", task("Record", rec, () -> w.plan.handle(rec)));
            w.clock.advance(Duration.ofSeconds(1));
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("step", "notify");
            n.put("outcome", outcome);
            n.put("state", copy(state));
            state.put("notification", task("Notify", n, () -> w.notify.handle(n)));
        }

        void writeOrCompare() throws IOException {
            Path dir = ProjectFiles.path("events/remediation/" + name);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("description", "Generated by RemediationContractTest from the real handlers; replayed by "
                    + "infra/statemachine/check.mjs in aws-local-stepfunctions.");
            spec.put("executionName", executionName);
            spec.put("taskToken", token);
            List<Object> steps = new ArrayList<>();
            Map<String, Object> expected = new LinkedHashMap<>();
            int n = 1;
            for (Map<String, Object> t : tasks) {
                String base = String.format("%02d-%s", n++, t.get("state"));
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("state", t.get("state"));
                s.put("request", base + ".request.json");
                expected.put(base + ".request.json", t.get("request"));
                if (t.containsKey("error")) {
                    s.put("error", base + ".error.json");
                    expected.put(base + ".error.json", t.get("error"));
                } else {
                    s.put("response", base + ".response.json");
                    expected.put(base + ".response.json", t.get("response"));
                }
                steps.add(s);
            }
            spec.put("tasks", steps);
            Map<String, Object> end = new LinkedHashMap<>();
            boolean failed = outcome.equals("rolled-back");
            end.put("status", failed ? "FAILED" : "SUCCEEDED");
            end.put("outcome", outcome);
            if (failed) {
                end.put("error", "Vigil.RolledBack");
            }
            spec.put("expect", end);
            expected.put("scenario.json", spec);
            expected.put("input.json", input);
            if (REGENERATE) {
                if (Files.isDirectory(dir)) {
                    try (var s = Files.list(dir)) {
                        for (Path p : s.toList()) {
                            Files.delete(p);
                        }
                    }
                }
                Files.createDirectories(dir);
                for (Map.Entry<String, Object> e : expected.entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), JsonTree.writePretty(e.getValue()) + "\n",
                            StandardCharsets.UTF_8);
                }
                return;
            }
            for (Map.Entry<String, Object> e : expected.entrySet()) {
                Path f = dir.resolve(e.getKey());
                assertThat(f).as("fixture %s (regenerate with -Dvigil.regenerateFixtures=true)", f).exists();
                Object onDisk = JsonTree.parse(Files.readString(f, StandardCharsets.UTF_8));
                assertThat(JsonTree.parse(JsonTree.write(e.getValue()))).as("%s/%s", name, e.getKey())
                        .isEqualTo(onDisk);
            }
            try (var s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList())
                        .as("no stale fixture files in %s", dir).containsExactlyInAnyOrderElementsOf(expected.keySet());
            }
        }
    }
}
