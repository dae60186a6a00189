package dev.vigil.it.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Vigil;
import dev.vigil.it.support.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vigil scorecard` and the demo's incident section, end to end on DynamoDB Local. */
class ScorecardCliIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run vigil(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("vigil.home", Template.projectRoot().toString());
        try {
            int code = Vigil.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("vigil.home");
        }
    }

    @Test
    void aSimulatedDay_printsTheNoiseReductionAndEveryScorecardMeasure(@TempDir Path dir) throws Exception {
        Run r = vigil("scorecard", "--days", "1", "--services", "4", "--outages", "3", "--noise", "2", "--seed", "3",
                "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("== Noise reduction (ground truth known)", "outages                 3: 100% in "
                + "exactly one incident", "== AIOps scorecard");
        for (String measure : new String[] {"alert volume", "noise reduction", "alert precision", "MTTA", "MTTR",
                "automation", "drift events", "suppressed"}) {
            assertThat(r.out()).contains("  " + measure);
        }
        assertThat(Files.readAllLines(dir.resolve("incidents.ndjson"))).isNotEmpty();
        assertThat(Files.readString(dir.resolve("emf.ndjson"))).contains("\"Namespace\":\"Vigil/AIOps\"");
    }

    @Test
    void anomaliesFromAFile_goThroughTheIncidentFunction(@TempDir Path dir) throws Exception {
        Path recorded = Template.projectRoot().resolve("events/incident-recorded");
        Path in = recorded.resolve("checkout-outage.ndjson");
        // Without a topology only shared dimensions link: RDS, ECS, and the ALB with its target group.
        Run bare = vigil("scorecard", "--input", in.toString());
        assertThat(bare.exit()).as(bare.err()).isZero();
        assertThat(bare.out()).contains("65 anomalies").contains("65 signals in (65 metric anomalies) -> 3 incidents");
        // With the topology the recording comes from: one incident.
        Run shop = vigil("scorecard", "--input", in.toString(), "--config", recorded.resolve("shop.yaml").toString());
        assertThat(shop.out()).contains("65 signals in (65 metric anomalies) -> 1 incidents, 1 alerts");
    }

    @Test
    void theDemo_endsWithTheIncidentsFormedFromItsAnomalies(@TempDir Path dir) throws Exception {
        Run r = vigil("demo", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("== Incidents: anomaly events -> incident function")
                .contains("94 anomalies on 10 series -> 2 incidents, 2 messages posted");
        assertThat(Files.readAllLines(dir.resolve("incidents.ndjson"))).isNotEmpty();
    }
}
