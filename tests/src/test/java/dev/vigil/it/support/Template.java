package dev.vigil.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** template.yaml as plain maps. CloudFormation's short-form tags (!Ref, !GetAtt…) are dropped before parsing. */
public final class Template {
    private Template() {
    }

    public static Path projectRoot() {
        String root = System.getProperty("vigil.projectRoot");
        Path p = root == null ? Path.of("..") : Path.of(root);
        return Files.exists(p.resolve("template.yaml")) ? p : Path.of("..");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load() throws IOException {
        String yaml = Files.readString(projectRoot().resolve("template.yaml"));
        String untagged = yaml.replaceAll("!(Ref|GetAtt|Sub|If|Select|Split|Join|Equals|Not|And|Or|Condition|"
                + "FindInMap|Base64|Cidr|ImportValue|GetAZs|Transform)\\b", "");
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(untagged);
    }

    /** Logical id → properties of every resource of the given type. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        resources.forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if (type.equals(res.get("Type"))) {
                out.put(id, res);
            }
        });
        return out;
    }
}
