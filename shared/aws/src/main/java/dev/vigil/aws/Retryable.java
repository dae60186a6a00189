package dev.vigil.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/** Which SDK failures are worth another try: throttling, 5xx, and network trouble. */
public final class Retryable {
    private Retryable() {
    }

    public static boolean isTransient(SdkException e) {
        if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException
                || e instanceof LimitExceededException) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    /**
     * Runs {@code call}, retrying transient failures (throttling, 5xx, network) with {@code backoff}; anything else,
     * including a failed condition, is thrown at once.
     */
    public static <T> T call(Backoff backoff, java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (!isTransient(e) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            }
        }
    }
}
