package dev.vigil.logging;

import dev.vigil.core.log.StructuredLog;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * Loggers that write through {@link StructuredLog}: one JSON object per line on stdout, beside Vigil's own lines,
 * with the logger name as a field. The threshold is {@code VIGIL_LIBRARY_LOG_LEVEL} (ERROR, WARN — the default —,
 * INFO, DEBUG, TRACE): the SDK logs a lot at DEBUG and nothing a function needs below WARN.
 */
public final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final StructuredLog log;
    private final int threshold;

    public JsonLoggerFactory() {
        this(new StructuredLog(System.out, service()), level(System.getenv("VIGIL_LIBRARY_LOG_LEVEL")));
    }

    public JsonLoggerFactory(StructuredLog log, int threshold) {
        this.log = log;
        this.threshold = threshold;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, log, threshold));
    }

    static String service() {
        String fn = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return fn == null || fn.isBlank() ? "vigil" : fn;
    }

    /** ERROR 40, WARN 30, INFO 20, DEBUG 10, TRACE 0 (SLF4J's own numbering); anything else is WARN. */
    public static int level(String name) {
        if (name == null) {
            return JsonLogger.WARN;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "ERROR" -> JsonLogger.ERROR;
            case "INFO" -> JsonLogger.INFO;
            case "DEBUG" -> JsonLogger.DEBUG;
            case "TRACE" -> JsonLogger.TRACE;
            default -> JsonLogger.WARN;
        };
    }
}
