package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceListTest {

    @Test
    void priceListEntries_areJsonStrings_andOnlyTheOnDemandTermIsRead() {
        List<PriceList.Product> ps = PriceList.parseResponse(Samples.read("/costnow/prices/ec2-instances.json"));
        PriceList.Product p4d = ps.get(0);
        assertThat(p4d.serviceCode()).isEqualTo("AmazonEC2");
        assertThat(p4d.attributes()).containsEntry("instanceType", "p4d.24xlarge").containsEntry("productFamily",
                "Compute Instance");
        assertThat(p4d.onDemand().usdPerUnit()).isEqualTo(32.7726);   // not the 1-year reserved $19.223
        assertThat(p4d.onDemand().unit()).isEqualTo("Hrs");
    }

    @Test
    void allFiltersMustMatch_soTheWindowsAndCapacityReservationVariantsAreNotPicked() {
        Quote q = Samples.prices().quote(CloudTrailChanges.ec2Instance("us-east-1", "p4d.24xlarge", "Linux", "Shared", 1).key());
        assertThat(((Quote.Price) q).usdPerUnit()).isEqualTo(32.7726);
        Quote w = Samples.prices().quote(CloudTrailChanges.ec2Instance("us-east-1", "p4d.24xlarge", "Windows", "Shared", 1).key());
        assertThat(((Quote.Price) w).usdPerUnit()).isEqualTo(35.7166);
    }

    @Test
    void anUnknownSku_isAnUnpricedQuote_notAnException() {
        Quote q = Samples.prices().quote(CloudTrailChanges.ec2Instance("us-east-1", "x9.huge", "Linux", "Shared", 1).key());
        assertThat(q).isInstanceOf(Quote.Unpriced.class);
        assertThat(((Quote.Unpriced) q).reason()).contains("x9.huge");
    }

    @Test
    void tiers_takeTheFirstPricedTier_skippingAFreeOne() {
        List<PriceList.Product> ps = PriceList.parseResponse(Samples.read("/costnow/prices/dynamodb-lambda-sagemaker.json"));
        assertThat(ps.get(1).onDemand().usdPerUnit()).isEqualTo(0.00065);
        List<PriceList.Product> ebs = PriceList.parseResponse(Samples.read("/costnow/prices/ec2-nat-ebs.json"));
        assertThat(ebs.get(2).onDemand().usdPerUnit()).isEqualTo(0.065);
    }

    @Test
    void theCacheKey_isTheSameWhateverTheFilterOrder() {
        assertThat(PriceKey.of("AmazonEC2", "b", "2", "a", "1").cacheKey()).isEqualTo(PriceKey.of("AmazonEC2", "a", "1", "b", "2").cacheKey())
                .isEqualTo("AmazonEC2|a=1|b=2");
    }

    @Test
    void aFileThatIsNotAGetProductsResponse_failsNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"PriceList\":[\"{}\"]}");
        assertThatThrownBy(() -> SavedPriceBook.fromDirectory(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json");
    }
}
