package dev.vigil.logging;

import dev.vigil.core.log.StructuredLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

/** One SLF4J logger; formatting is SLF4J's own ({@code {}} placeholders), done only when the level is enabled. */
final class JsonLogger extends MarkerIgnoringBase {

    private static final long serialVersionUID = 1L;

    static final int TRACE = 0;
    static final int DEBUG = 10;
    static final int INFO = 20;
    static final int WARN = 30;
    static final int ERROR = 40;

    private final transient StructuredLog log;
    private final int threshold;

    JsonLogger(String name, StructuredLog log, int threshold) {
        this.name = name;
        this.log = log;
        this.threshold = threshold;
    }

    private void write(int level, FormattingTuple t) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("logger", name);
        if (level < INFO) {
            fields.put("libraryLevel", level == DEBUG ? "DEBUG" : "TRACE");
        }
        Throwable e = t.getThrowable();
        if (e != null) {
            fields.put("error", e.getClass().getName() + ": " + e.getMessage());
        }
        String message = String.valueOf(t.getMessage());
        if (level >= ERROR) {
            log.error(message, fields);
        } else if (level >= WARN) {
            log.warn(message, fields);
        } else {
            log.info(message, fields);
        }
    }

    private void at(int level, String msg) {
        if (level >= threshold) {
            write(level, new FormattingTuple(msg));
        }
    }

    private void at(int level, String format, Object arg) {
        if (level >= threshold) {
            write(level, MessageFormatter.arrayFormat(format, new Object[] {arg}));
        }
    }

    private void at(int level, String format, Object a, Object b) {
        if (level >= threshold) {
            // arrayFormat: a trailing Throwable becomes the error, as SLF4J bindings do
            write(level, MessageFormatter.arrayFormat(format, new Object[] {a, b}));
        }
    }

    private void atArray(int level, String format, Object... args) {
        if (level >= threshold) {
            write(level, MessageFormatter.arrayFormat(format, args));
        }
    }

    private void at(int level, String msg, Throwable t) {
        if (level >= threshold) {
            write(level, new FormattingTuple(msg, null, t));
        }
    }

    @Override public boolean isTraceEnabled() { return TRACE >= threshold; }
    @Override public void trace(String msg) { at(TRACE, msg); }
    @Override public void trace(String format, Object arg) { at(TRACE, format, arg); }
    @Override public void trace(String format, Object a, Object b) { at(TRACE, format, a, b); }
    @Override public void trace(String format, Object... args) { atArray(TRACE, format, args); }
    @Override public void trace(String msg, Throwable t) { at(TRACE, msg, t); }

    @Override public boolean isDebugEnabled() { return DEBUG >= threshold; }
    @Override public void debug(String msg) { at(DEBUG, msg); }
    @Override public void debug(String format, Object arg) { at(DEBUG, format, arg); }
    @Override public void debug(String format, Object a, Object b) { at(DEBUG, format, a, b); }
    @Override public void debug(String format, Object... args) { atArray(DEBUG, format, args); }
    @Override public void debug(String msg, Throwable t) { at(DEBUG, msg, t); }

    @Override public boolean isInfoEnabled() { return INFO >= threshold; }
    @Override public void info(String msg) { at(INFO, msg); }
    @Override public void info(String format, Object arg) { at(INFO, format, arg); }
    @Override public void info(String format, Object a, Object b) { at(INFO, format, a, b); }
    @Override public void info(String format, Object... args) { atArray(INFO, format, args); }
    @Override public void info(String msg, Throwable t) { at(INFO, msg, t); }

    @Override public boolean isWarnEnabled() { return WARN >= threshold; }
    @Override public void warn(String msg) { at(WARN, msg); }
    @Override public void warn(String format, Object arg) { at(WARN, format, arg); }
    @Override public void warn(String format, Object a, Object b) { at(WARN, format, a, b); }
    @Override public void warn(String format, Object... args) { atArray(WARN, format, args); }
    @Override public void warn(String msg, Throwable t) { at(WARN, msg, t); }

    @Override public boolean isErrorEnabled() { return ERROR >= threshold; }
    @Override public void error(String msg) { at(ERROR, msg); }
    @Override public void error(String format, Object arg) { at(ERROR, format, arg); }
    @Override public void error(String format, Object a, Object b) { at(ERROR, format, a, b); }
    @Override public void error(String format, Object... args) { atArray(ERROR, format, args); }
    @Override public void error(String msg, Throwable t) { at(ERROR, msg, t); }
}
