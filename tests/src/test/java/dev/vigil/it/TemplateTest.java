package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.it.support.Template;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** template.yaml against the code it deploys. (cfn-lint checks the template itself in .ci/run.) */
class TemplateTest {

    @SuppressWarnings("unchecked")
    @Test
    void everyHandler_namesAHandlerClassThatExists_withItsMethod() throws Exception {
        Map<String, Map<String, Object>> functions = Template.resources(Template.load(), "AWS::Serverless::Function");
        assertThat(functions).isNotEmpty();
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            Map<String, Object> props = (Map<String, Object>) f.getValue().get("Properties");
            String handler = (String) props.get("Handler");
            assertThat(handler).as("%s Handler", f.getKey()).contains("::");
            String className = handler.substring(0, handler.indexOf("::"));
            String method = handler.substring(handler.indexOf("::") + 2);
            Class<?> type = Class.forName(className);
            assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                    .as("%s implements a Lambda handler interface", className).isTrue();
            assertThat(Arrays.stream(type.getMethods()).map(Method::getName)).as("%s has %s", className, method)
                    .contains(method);
            assertThat(type.getConstructor()).as("%s has a public no-arg constructor", className).isNotNull();
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyMakefileBuiltFunction_hasItsBuildTarget() throws IOException {
        String makefile = Files.readString(Template.projectRoot().resolve("Makefile"));
        Template.resources(Template.load(), "AWS::Serverless::Function").forEach((id, f) -> {
            Map<String, Object> meta = (Map<String, Object>) f.get("Metadata");
            assertThat(meta).as("%s Metadata", id).isNotNull();
            assertThat(meta.get("BuildMethod")).isEqualTo("makefile");
            assertThat(makefile).as("Makefile target for %s", id).contains("build-" + id + ":");
        });
    }

    @SuppressWarnings("unchecked")
    @Test
    void functionsRunJava21OnArm64_withSnapStartOnAPublishedAlias() throws IOException {
        Map<String, Object> t = Template.load();
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) t.get("Globals")).get("Function");
        assertThat(globals.get("Runtime")).isEqualTo("java21");
        assertThat((List<String>) globals.get("Architectures")).containsExactly("arm64");
        Map<String, Object> metric = (Map<String, Object>) Template.resources(t, "AWS::Serverless::Function")
                .get("MetricStreamFunction").get("Properties");
        assertThat(metric.get("AutoPublishAlias")).isEqualTo("live");
        assertThat(((Map<String, Object>) metric.get("SnapStart")).get("ApplyOn")).isEqualTo("PublishedVersions");
    }

    @SuppressWarnings("unchecked")
    @Test
    void noAllowStatement_grantsAWildcardAction() throws IOException {
        List<String> offenders = new ArrayList<>();
        collectWildcards(Template.load().get("Resources"), "", offenders);
        assertThat(offenders).as("Allow statements with a wildcard action").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void collectWildcards(Object node, String path, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            Object effect = m.get("Effect");
            Object action = m.get("Action");
            if ("Allow".equals(effect) && action != null) {
                List<Object> actions = action instanceof List<?> l ? (List<Object>) l : List.of(action);
                for (Object a : actions) {
                    if (a instanceof String s && (s.equals("*") || s.endsWith(":*"))) {
                        out.add(path + " " + s);
                    }
                }
            }
            m.forEach((k, v) -> collectWildcards(v, path + "/" + k, out));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collectWildcards(l.get(i), path + "[" + i + "]", out);
            }
        }
    }
}
