package dev.vigil.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.testing.ProjectFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code infra/statemachine/check.mjs} (asl-validator, then aws-local-stepfunctions on every path of
 * {@code events/remediation/}) on Node 22. The npm packages (pinned in infra/statemachine/package-lock.json, Node 22
 * itself included) are installed with {@code npm ci} on first run. Without npm the test is skipped with the reason;
 * under {@code -Dvigil.requireEmulator=true} (CI) that is a failure.
 */
class StateMachineEngineTest {

    static final Path DIR = ProjectFiles.path("infra/statemachine");

    @Test
    void aslValidatorAndAnIndependentEngine_acceptTheDefinitionAndTakeEveryPathTheFixturesDescribe()
            throws Exception {
        Path node = DIR.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node) || !Files.isDirectory(DIR.resolve("node_modules/aws-local-stepfunctions"))) {
            String npm = onPath("npm");
            if (npm == null) {
                unavailable("npm is not installed: the ASL engine check needs Node/npm (npm ci in infra/statemachine)");
                return;
            }
            Result ci = run(List.of(npm, "ci", "--no-audit", "--no-fund"), 600);
            assertThat(ci.exit).as("npm ci in infra/statemachine:%n%s", ci.output).isZero();
        }
        Result r = run(List.of(node.toString(), "check.mjs"), 300);
        assertThat(r.output).as("check.mjs output").contains("PASS asl-validator");
        assertThat(r.exit).as("check.mjs failed:%n%s", r.output).isZero();
        long paths = r.output.lines().filter(l -> l.startsWith("PASS path ")).count();
        assertThat(paths).as("paths executed:%n%s", r.output).isGreaterThanOrEqualTo(7);
        assertThat(r.output).contains("PASS path auto-remediated", "PASS path approved-remediated",
                "PASS path rejected", "PASS path approval-expired", "PASS path guardrail-refused",
                "PASS path execution-failed-rolled-back", "PASS path verification-failed-rolled-back");
    }

    static void unavailable(String why) {
        if (Boolean.getBoolean("vigil.requireEmulator")) {
            throw new IllegalStateException("required (vigil.requireEmulator=true) but " + why);
        }
        Assumptions.abort("skipped: " + why);
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("statemachine-check", ".log");
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static String onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
