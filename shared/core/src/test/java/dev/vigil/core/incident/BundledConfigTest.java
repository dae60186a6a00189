package dev.vigil.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The config file the build deploys (config/vigil.yaml) loads, with the documented defaults. */
class BundledConfigTest {

    @Test
    void theDeployedConfig_loads_withTheDocumentedDefaults() {
        Path root = Path.of(System.getProperty("vigil.projectRoot", "../.."));
        IncidentConfig file = IncidentConfig.load(root.resolve("config/vigil.yaml"));
        IncidentConfig defaults = IncidentConfig.defaults();
        assertThat(file.windowMinutes()).isEqualTo(defaults.windowMinutes()).isEqualTo(15);
        assertThat(file.quietMinutes()).isEqualTo(defaults.quietMinutes()).isEqualTo(30);
        assertThat(file.deployWindowMinutes()).isEqualTo(defaults.deployWindowMinutes());
        assertThat(file.rateLimitMax()).isEqualTo(defaults.rateLimitMax());
        assertThat(file.notifyMinSignals()).isEqualTo(defaults.notifyMinSignals());
        assertThat(file.inhibitMinSeverity()).isEqualTo(defaults.inhibitMinSeverity());
        assertThat(file.slos()).isEmpty();
        assertThat(file.channelFor(java.util.List.of(), "critical")).isEqualTo("#vigil-oncall");
    }
}
