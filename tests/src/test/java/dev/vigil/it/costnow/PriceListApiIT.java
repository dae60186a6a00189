package dev.vigil.it.costnow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.aws.dynamo.LocalTables;
import dev.vigil.aws.pricing.DynamoPriceCache;
import dev.vigil.aws.pricing.PriceListApiPriceBook;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.cost.now.PriceKey;
import dev.vigil.core.cost.now.Quote;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * The Price List Query API through the real SDK pricing client, pointed at WireMock serving a real-shaped
 * {@code GetProducts} response (AWS JSON 1.1: POST / with X-Amz-Target AWSPriceListService.GetProducts), and the
 * DynamoDB price cache on DynamoDB Local: the API is called only for what is not cached; throttling and an
 * unknown SKU are unpriced changes.
 */
class PriceListApiIT {

    static LocalDynamo dynamo;
    static final String TABLE = "vigil-cost-now-it";
    WireMockServer api;
    PricingClient pricing;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-16T10:05:00Z"));

    static final PriceKey P4D = PriceKey.of("AmazonEC2", "instanceType", "p4d.24xlarge", "regionCode", "us-east-1",
            "operatingSystem", "Linux", "tenancy", "Shared", "preInstalledSw", "NA", "capacitystatus", "Used");

    @BeforeAll
    static void startDynamo() {
        dynamo = LocalDynamo.start();
        LocalTables.createIfMissing(dynamo.client(), TABLE, "pk", null);
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
    }

    @BeforeEach
    void start() {
        api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        pricing = PricingClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + api.port()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        pricing.close();
        api.stop();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PriceListApiIT.class.getResourceAsStream("/costnow/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void serveP4d() throws IOException {
        api.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
                .withRequestBody(matchingJsonPath("$.ServiceCode", equalTo("AmazonEC2")))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'instanceType' && @.Value == 'p4d.24xlarge' "
                        + "&& @.Type == 'TERM_MATCH')]"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(resource("get-products-ec2.json"))));
    }

    private DynamoPriceCache cache(String table) {
        return new DynamoPriceCache(dynamo.client(), table, new PriceListApiPriceBook(pricing), Duration.ofDays(7),
                now::get);
    }

    @Test
    void theSdkReadsTheGetProductsResponse_andTheCacheAsksTheApiOnlyOnce() throws IOException {
        serveP4d();
        DynamoPriceCache c = cache(TABLE);
        Quote q = c.quote(P4D);
        assertThat(q).isInstanceOf(Quote.Price.class);
        assertThat(((Quote.Price) q).usdPerUnit()).isEqualTo(32.7726);
        assertThat(((Quote.Price) q).unit()).isEqualTo("Hrs");
        Quote again = cache(TABLE).quote(P4D);   // a new container: the cache is in DynamoDB, not in memory
        assertThat(((Quote.Price) again).usdPerUnit()).isEqualTo(32.7726);
        api.verify(1, postRequestedFor(urlEqualTo("/")));
        assertThat(dynamo.client().getItem(b -> b.tableName(TABLE).key(java.util.Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("price#" + P4D.cacheKey()))))
                .item().get("ttl").n()).isEqualTo(Long.toString(now.get().plus(Duration.ofDays(7)).getEpochSecond()));

        // past the TTL the price is asked for again
        now.set(now.get().plus(Duration.ofDays(8)));
        cache(TABLE).quote(P4D);
        api.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void throttling_isAnUnpricedChange_andIsNotCached() {
        api.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));
        LocalTables.createIfMissing(dynamo.client(), TABLE + "-t", "pk", null);
        Quote q = cache(TABLE + "-t").quote(P4D);
        assertThat(q).isInstanceOf(Quote.Unpriced.class);
        assertThat(((Quote.Unpriced) q).reason()).contains("Price List API");
        int calls = api.getAllServeEvents().size();
        assertThat(calls).isGreaterThanOrEqualTo(2);   // the SDK retried before giving up
        cache(TABLE + "-t").quote(P4D);
        assertThat(api.getAllServeEvents().size()).isGreaterThan(calls);   // asked again: throttling is not cached
    }

    @Test
    void anUnknownSku_isUnpriced_andRememberedForAnHour() {
        api.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"FormatVersion\":\"aws_v1\",\"PriceList\":[]}")));
        LocalTables.createIfMissing(dynamo.client(), TABLE + "-u", "pk", null);
        PriceKey unknown = PriceKey.of("AmazonEC2", "instanceType", "x9.huge", "regionCode", "us-east-1");
        Quote q = cache(TABLE + "-u").quote(unknown);
        assertThat(((Quote.Unpriced) q).reason()).startsWith("unknown SKU");
        assertThat(((Quote.Unpriced) cache(TABLE + "-u").quote(unknown)).reason()).endsWith("(cached)");
        api.verify(1, postRequestedFor(urlEqualTo("/")));
    }
}
