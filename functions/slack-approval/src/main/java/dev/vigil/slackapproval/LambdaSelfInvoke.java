package dev.vigil.slackapproval;

import dev.vigil.aws.AwsClients;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * {@link Deferrer} by an asynchronous ({@code Event}) invocation of this function's own ARN, alias included (the
 * SnapStart-primed version). Lambda queues the event and retries it twice on failure; the call itself returns in
 * tens of milliseconds.
 */
final class LambdaSelfInvoke implements Deferrer {

    private volatile String functionArn;
    private volatile LambdaClient lambda;

    /** The ARN the current invocation was called by ({@code Context.getInvokedFunctionArn()}). */
    void calledAs(String arn) {
        if (arn != null) {
            functionArn = arn;
        }
    }

    @Override
    public void defer(byte[] event) {
        LambdaClient c = lambda;
        if (c == null) {
            c = AwsClients.lambda();
            lambda = c;
        }
        String arn = functionArn != null ? functionArn : System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        c.invoke(b -> b.functionName(arn).invocationType(InvocationType.EVENT).payload(SdkBytes.fromByteArray(event)));
    }
}
