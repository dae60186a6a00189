package dev.vigil.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.log.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class JsonLoggerTest {

    @Test
    void slf4j_findsThisBinding_notTheNopFallback() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
    }

    @Test
    void aLibraryWarning_becomesOneJsonLine_withItsLoggerAndError_andDebugIsDroppedByDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLoggerFactory f = new JsonLoggerFactory(new StructuredLog(new PrintStream(out, true,
                StandardCharsets.UTF_8), "fn"), JsonLoggerFactory.level(null));
        Logger l = f.getLogger("software.amazon.awssdk.core.Retry");

        l.debug("attempt {} of {}", 1, 3);
        l.warn("retrying {}", "PutItem", new IllegalStateException("throttled"));

        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("{\"level\":\"WARN\",\"service\":\"fn\",\"message\":\"retrying PutItem\"")
                .contains("\"logger\":\"software.amazon.awssdk.core.Retry\"")
                .contains("\"error\":\"java.lang.IllegalStateException: throttled\"");
    }

    @Test
    void theThreshold_comesFromItsName_andUnknownNamesMeanWarn() {
        assertThat(JsonLoggerFactory.level("debug")).isEqualTo(JsonLogger.DEBUG);
        assertThat(JsonLoggerFactory.level("ERROR")).isEqualTo(JsonLogger.ERROR);
        assertThat(JsonLoggerFactory.level("loud")).isEqualTo(JsonLogger.WARN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger l = new JsonLoggerFactory(new StructuredLog(new PrintStream(out, true, StandardCharsets.UTF_8), "fn"),
                JsonLogger.DEBUG).getLogger("x");
        l.debug("shown {}", 42);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"level\":\"INFO\"").contains("\"message\":\"shown 42\"")
                .contains("\"libraryLevel\":\"DEBUG\"");
    }
}
