package dev.vigil.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.core.remediation.RunbookCatalog;
import dev.vigil.core.testing.ProjectFiles;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Build-time validation of the runbook catalog: the file in infra/runbooks (the one the jar bundles) must satisfy
 * catalog.schema.json (JSON Schema 2020-12) and RunbookCatalog's own checks. A broken catalog fails the build here,
 * never a workflow at 3 a.m.
 */
class RunbookCatalogSchemaTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static Set<ValidationMessage> validate(String yaml) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(ProjectFiles.read("infra/runbooks/catalog.schema.json"));
        JsonNode doc = MAPPER.valueToTree(RunbookCatalog.yamlTree(yaml));
        return schema.validate(doc);
    }

    @Test
    void theCatalogSatisfiesItsJsonSchema() throws Exception {
        assertThat(validate(ProjectFiles.read("infra/runbooks/catalog.yaml"))).isEmpty();
    }

    @Test
    void theCatalogTheJarBundles_isTheOneInInfraAndItParses() throws Exception {
        String bundled = new String(getClass().getClassLoader().getResourceAsStream(RunbookCatalog.CLASSPATH_LOCATION)
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bundled).isEqualTo(ProjectFiles.read("infra/runbooks/catalog.yaml"));
        assertThat(RunbookCatalog.fromClasspath().runbooks()).isNotEmpty();
    }

    @Test
    void theSchemaRejectsAnUnknownModeAnUnknownFieldAndAMissingLimit() throws Exception {
        String yaml = ProjectFiles.read("infra/runbooks/catalog.yaml");
        assertThat(validate(yaml.replace("    mode: auto\n", "    mode: yolo\n"))).isNotEmpty();
        assertThat(validate(yaml.replace("  raise-lambda-concurrency:\n", "  raise-lambda-concurrency:\n    colour: red\n")))
                .isNotEmpty();
        assertThat(validate(yaml.replace("      maxPerResourcePerHour: 2\n    undo: restore the previous reserved",
                "    undo: restore the previous reserved"))).isNotEmpty();
    }
}
