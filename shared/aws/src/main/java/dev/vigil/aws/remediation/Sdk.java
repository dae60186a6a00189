package dev.vigil.aws.remediation;

import dev.vigil.aws.Retryable;
import dev.vigil.core.remediation.ExecutorException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs one SDK call, turning SDK failures into {@link ExecutorException}s that say whether a retry may help. */
final class Sdk {
    private Sdk() {
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            boolean throttled = Retryable.isTransient(e);
            throw new ExecutorException(what + " failed: " + e.getMessage(), throttled, e);
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** The segment after the last {@code marker} in an ARN. */
    static String after(String arn, String marker) {
        int i = arn.lastIndexOf(marker);
        if (i < 0) {
            throw new ExecutorException("not a recognised ARN: " + arn, false, null);
        }
        return arn.substring(i + marker.length());
    }
}
