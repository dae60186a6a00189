package dev.vigil.aws;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import java.time.Duration;

/**
 * SDK clients, built once per container. {@code UrlConnectionHttpClient}: the JDK's HTTP stack loads in a few
 * milliseconds, where Apache or Netty add hundreds to a cold start. Endpoint overrides ({@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}…) are honoured by the SDK itself, which is how local emulators are reached.
 */
public final class AwsClients {

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    private AwsClients() {
    }

    public static SdkHttpClient http() {
        return HTTP;
    }

    public static Region region() {
        String r = System.getenv("AWS_REGION");
        return Region.of(r == null || r.isBlank() ? "us-east-1" : r);
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(20))
                .build();
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides()).build();
    }

    public static EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides())
                .build();
    }

    /**
     * S3 for billing exports and reports. Reads of export files can take minutes, so the socket timeout is per read
     * (10 s) and there is no whole-call timeout. {@code S3_FORCE_PATH_STYLE=true} for emulators on localhost.
     */
    public static S3Client s3() {
        return S3Client.builder().httpClient(S3_HTTP).region(region())
                .forcePathStyle(Boolean.parseBoolean(System.getenv("S3_FORCE_PATH_STYLE")))
                .build();
    }

    private static final SdkHttpClient S3_HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(30))
            .build();

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides())
                .build();
    }

    // ---- remediation: Step Functions callbacks and starts, action executors, verification

    public static SfnClient stepFunctions() {
        return SfnClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides()).build();
    }

    public static LambdaClient lambda() {
        return LambdaClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides()).build();
    }

    public static EcsClient ecs() {
        return EcsClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides()).build();
    }

    public static AutoScalingClient autoScaling() {
        return AutoScalingClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides())
                .build();
    }

    public static SsmClient ssm() {
        return SsmClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides()).build();
    }

    public static CloudWatchClient cloudWatch() {
        return CloudWatchClient.builder().httpClient(HTTP).region(region()).overrideConfiguration(overrides())
                .build();
    }
    // ---- end remediation

    // ---- cost-now: the Price List Query API lives in us-east-1 (and ap-south-1, eu-central-1), whatever region
    // is priced; PRICING_REGION picks another of its endpoints.
    public static software.amazon.awssdk.services.pricing.PricingClient pricing() {
        String r = System.getenv("PRICING_REGION");
        return software.amazon.awssdk.services.pricing.PricingClient.builder().httpClient(HTTP)
                .region(Region.of(r == null || r.isBlank() ? "us-east-1" : r)).overrideConfiguration(overrides())
                .build();
    }

    /** CloudWatch in us-east-1, where AWS/Billing metrics live (BILLING_METRICS_REGION to override). */
    public static CloudWatchClient billingCloudWatch() {
        String r = System.getenv("BILLING_METRICS_REGION");
        return CloudWatchClient.builder().httpClient(HTTP).region(Region.of(r == null || r.isBlank() ? "us-east-1" : r))
                .overrideConfiguration(overrides()).build();
    }
}
