package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.json.JsonTree;
import dev.vigil.core.remediation.WorkflowErrors;
import dev.vigil.core.testing.ProjectFiles;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Errors are an API (DESIGN.md): every name in the state machine's Retry/Catch ErrorEquals is the fully qualified
 * name of a real Throwable class on the functions' classpath, or one of the errors AWS itself defines.
 */
class StateMachineContractTest {

    /** Errors Step Functions and the Lambda service raise themselves (not classes of ours). */
    static final Set<String> AWS_DEFINED = Set.of("States.ALL", "States.Timeout", "States.HeartbeatTimeout",
            "States.TaskFailed", "States.Runtime", "Lambda.TooManyRequestsException", "Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException");

    @SuppressWarnings("unchecked")
    static List<String> errorNames() {
        Map<String, Object> asl = JsonTree.object(ProjectFiles.read("infra/statemachine/remediation.asl.json"));
        List<String> names = new ArrayList<>();
        for (Object s : JsonTree.obj(asl, "States").values()) {
            Map<String, Object> state = (Map<String, Object>) s;
            for (String field : List.of("Retry", "Catch")) {
                for (Object r : JsonTree.list(state, field)) {
                    for (Object n : JsonTree.list((Map<String, Object>) r, "ErrorEquals")) {
                        names.add(n.toString());
                    }
                }
            }
        }
        return names;
    }

    @Test
    void everyErrorEquals_namesARealThrowableClassOrAnAwsDefinedError() throws Exception {
        Set<String> names = new TreeSet<>(errorNames());
        assertThat(names).contains(WorkflowErrors.APPROVAL_EXPIRED, WorkflowErrors.APPROVAL_REJECTED,
                WorkflowErrors.ACTION_FAILED, WorkflowErrors.THROTTLED, WorkflowErrors.GUARDRAIL_VIOLATION,
                WorkflowErrors.ROLLBACK_FAILED, WorkflowErrors.PLANNING_FAILED, WorkflowErrors.SLACK_UNAVAILABLE);
        for (String n : names) {
            if (AWS_DEFINED.contains(n)) {
                continue;
            }
            Class<?> c = Class.forName(n);
            assertThat(Throwable.class).as(n).isAssignableFrom(c);
        }
    }

    @Test
    void theErrorNamesSlackApprovalSends_areRealClassesToo() throws Exception {
        for (Field f : WorkflowErrors.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String n = (String) f.get(null);
                assertThat(Throwable.class).as(n).isAssignableFrom(Class.forName(n));
            }
        }
    }

    @Test
    void statesAllComesLastInEveryCatch_soNamedErrorsAreHandledByName() {
        Map<String, Object> asl = JsonTree.object(ProjectFiles.read("infra/statemachine/remediation.asl.json"));
        JsonTree.obj(asl, "States").forEach((name, s) -> {
            @SuppressWarnings("unchecked")
            List<Object> catches = JsonTree.list((Map<String, Object>) s, "Catch");
            for (int i = 0; i < catches.size() - 1; i++) {
                @SuppressWarnings("unchecked")
                List<Object> eq = JsonTree.list((Map<String, Object>) catches.get(i), "ErrorEquals");
                assertThat(eq).as("%s Catch[%d]", name, i).doesNotContain("States.ALL");
            }
        });
    }
}
