package dev.vigil.core.cost.now;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.cost.now.ResourceChange.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudTrailChangesTest {

    private static List<ResourceChange> changes(String sample) {
        CloudTrailChanges.Result r = CloudTrailChanges.parse(Samples.cloudtrail(sample));
        assertThat(r).as(sample).isInstanceOf(CloudTrailChanges.Result.Changes.class);
        return ((CloudTrailChanges.Result.Changes) r).changes();
    }

    private static PriceBookCheck priced(ResourceChange c) {
        return new PriceBookCheck(c);
    }

    /** Prices a change's parts with the saved responses, as the ledger would. */
    record PriceBookCheck(ResourceChange c) {
        double hourly() {
            double h = 0;
            for (ResourceChange.Part p : c.parts()) {
                Quote q = Samples.prices().quote(p.key());
                assertThat(q).as(p.key().cacheKey()).isInstanceOf(Quote.Price.class);
                h += ((Quote.Price) q).usdPerUnit() * p.quantity() * p.perHour();
            }
            return h;
        }
    }

    @Test
    void runInstances_isOneLaunchPerInstance_withItsTypeRegionPrincipalAndPrice() {
        List<ResourceChange> cs = changes("ec2-run-instances");
        assertThat(cs).hasSize(2);
        ResourceChange c = cs.get(0);
        assertThat(c.kind()).isEqualTo(Kind.LAUNCH);
        assertThat(c.resource()).isEqualTo("i-0a1b2c3d4e5f60001");
        assertThat(c.service()).isEqualTo("AmazonEC2");
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.account()).isEqualTo("123456789012");
        assertThat(c.principal()).isEqualTo("arn:aws:sts::123456789012:assumed-role/ml-team/alice");
        assertThat(c.stack()).isNull();
        assertThat(c.parts().get(0).key().filters()).containsEntry("instanceType", "p4d.24xlarge")
                .containsEntry("operatingSystem", "Linux").containsEntry("tenancy", "Shared")
                .containsEntry("capacitystatus", "Used");
        assertThat(priced(c).hourly()).isEqualTo(32.7726);
    }

    @Test
    void startStopAndTerminate_nameTheirInstances_withoutParts() {
        assertThat(changes("ec2-start-instances")).extracting(ResourceChange::resource, ResourceChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("i-EXAMPLE56126103cb", Kind.START),
                        org.assertj.core.groups.Tuple.tuple("i-EXAMPLEaff4840c22", Kind.START));
        assertThat(changes("ec2-start-instances").get(0).principal()).isEqualTo("arn:aws:iam::123456789012:user/Mateo");
        assertThat(changes("ec2-stop-instances").get(0).kind()).isEqualTo(Kind.STOP);
        assertThat(changes("ec2-terminate-instances").get(0).kind()).isEqualTo(Kind.DELETE);
    }

    @Test
    void modifyInstanceAttribute_ofTheType_isAResizeToTheNewType() {
        ResourceChange c = changes("ec2-modify-instance-attribute").get(0);
        assertThat(c.kind()).isEqualTo(Kind.RESIZE);
        assertThat(c.parts().get(0).key().filters()).containsEntry("instanceType", "p4de.24xlarge");
    }

    @Test
    void spotRequests_arePricedAtOnDemand_andSaySo() {
        ResourceChange c = changes("ec2-request-spot-instances").get(0);
        assertThat(c.resource()).isEqualTo("sir-0example1");
        assertThat(priced(c).hourly()).isEqualTo(0.68);
        assertThat(c.note()).contains("upper bound");
    }

    @Test
    void natGateways_carryTheirStackTag_andDeleteFindsTheNestedId() {
        ResourceChange c = changes("ec2-create-nat-gateway").get(0);
        assertThat(c.resource()).isEqualTo("nat-0example1234567890");
        assertThat(c.stack()).isEqualTo("network-prod");
        assertThat(c.actor()).isEqualTo("stack:network-prod");
        assertThat(priced(c).hourly()).isEqualTo(0.045);
        assertThat(changes("ec2-delete-nat-gateway").get(0).resource()).isEqualTo("nat-0example1234567890");
    }

    @Test
    void io2Volumes_arePricedForStorageAndProvisionedIops_perMonthTurnedIntoHours() {
        ResourceChange c = changes("ec2-create-volume").get(0);
        assertThat(c.parts()).hasSize(2);
        // 2,000 GB × $0.125 + 20,000 IOPS × $0.065, per 730 h
        assertThat(priced(c).hourly()).isCloseTo((2000 * 0.125 + 20000 * 0.065) / 730, org.assertj.core.data.Offset.offset(1e-9));
        ResourceChange m = changes("ec2-modify-volume").get(0);
        assertThat(m.kind()).isEqualTo(Kind.RESIZE);
        assertThat(m.resource()).isEqualTo("vol-0example1234567890");
        assertThat(m.parts().get(0).quantity()).isEqualTo(4000);
    }

    @Test
    void autoScalingCapacityChanges_areNotes_thatNameTheGroup() {
        ResourceChange c = changes("autoscaling-set-desired-capacity").get(0);
        assertThat(c.kind()).isEqualTo(Kind.NOTE);
        assertThat(c.via()).isEqualTo("asg:web-asg");
        assertThat(changes("autoscaling-update-group").get(0).note()).contains("desired capacity 10");
        assertThat(changes("ec2-run-instances-by-autoscaling").get(0).via()).isEqualTo("asg:web-asg");
    }

    @Test
    void rdsInstances_arePricedByClassEngineAndDeployment() {
        ResourceChange c = changes("rds-create-db-instance").get(0);
        assertThat(c.parts().get(0).key().filters()).containsEntry("databaseEngine", "PostgreSQL")
                .containsEntry("deploymentOption", "Multi-AZ");
        assertThat(priced(c).hourly()).isEqualTo(1.798);
        assertThat(c.stack()).isEqualTo("orders-prod");
        assertThat(priced(changes("rds-modify-db-instance").get(0)).hourly()).isEqualTo(3.596);
        assertThat(priced(changes("rds-create-aurora-instance").get(0)).hourly()).isEqualTo(0.26);
        assertThat(changes("rds-delete-db-instance").get(0).kind()).isEqualTo(Kind.DELETE);
    }

    @Test
    void elastiCacheOpenSearchAndRedshift_countTheirNodes() {
        // 2 shards × (1 primary + 1 replica)
        assertThat(priced(changes("elasticache-create-replication-group").get(0)).hourly()).isCloseTo(4 * 0.411,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(priced(changes("opensearch-create-domain").get(0)).hourly()).isCloseTo(3 * 0.167 + 3 * 0.128,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(priced(changes("redshift-create-cluster").get(0)).hourly()).isCloseTo(4 * 3.26,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(changes("redshift-pause-cluster").get(0).kind()).isEqualTo(Kind.STOP);
        assertThat(changes("opensearch-delete-domain").get(0).kind()).isEqualTo(Kind.DELETE);
        assertThat(changes("elasticache-delete-replication-group").get(0).kind()).isEqualTo(Kind.DELETE);
    }

    @Test
    void dynamoDbProvisionedCapacity_isPricedPastTheFreeTier_andOnDemandTablesAreIgnored() {
        assertThat(priced(changes("dynamodb-update-table").get(0)).hourly()).isCloseTo(20000 * 0.00013 + 10000 * 0.00065,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(CloudTrailChanges.parse(Samples.cloudtrail("dynamodb-create-table-on-demand")))
                .isInstanceOf(CloudTrailChanges.Result.Ignored.class);
    }

    @Test
    void lambdaProvisionedConcurrency_isPricedPerGbSecond_withTheAssumedMemorySaid() {
        ResourceChange c = changes("lambda-put-provisioned-concurrency").get(0);
        assertThat(c.eventName()).isEqualTo("PutProvisionedConcurrencyConfig");
        assertThat(c.resource()).isEqualTo("checkout:live");
        assertThat(priced(c).hourly()).isCloseTo(500 * 1.0 * 3600 * 0.0000041667, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.note()).contains("1024 MB assumed");
        assertThat(changes("lambda-delete-provisioned-concurrency").get(0).kind()).isEqualTo(Kind.DELETE);
    }

    @Test
    void sageMaker_endpointsPointAtTheirConfig_andTrainingJobsArePricedByTheirInstances() {
        ResourceChange cfg = changes("sagemaker-create-endpoint-config").get(0);
        assertThat(cfg.kind()).isEqualTo(Kind.NOTE);
        assertThat(priced(cfg).hourly()).isCloseTo(2 * 7.09, org.assertj.core.data.Offset.offset(1e-9));
        ResourceChange ep = changes("sagemaker-create-endpoint").get(0);
        assertThat(ep.via()).isEqualTo("endpoint-config:ExampleEndpointConfig");
        assertThat(ep.principal()).isEqualTo("arn:aws:sts::123456789012:assumed-role/ml-team/alice");
        assertThat(priced(changes("sagemaker-create-training-job").get(0)).hourly()).isCloseTo(2 * 37.688,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void eksNodeGroups_arePricedAsTheirEc2Nodes() {
        ResourceChange c = changes("eks-create-nodegroup").get(0);
        assertThat(c.resource()).isEqualTo("nodegroup:gpu-workers");
        assertThat(priced(c).hourly()).isCloseTo(4 * 1.212, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(changes("eks-update-nodegroup-config").get(0).via()).isEqualTo("scale:8");
    }

    @Test
    void failedCalls_andOtherServices_areIgnoredWithAReason() {
        assertThat(CloudTrailChanges.parse(Samples.cloudtrail("ec2-run-instances-failed")))
                .isEqualTo(new CloudTrailChanges.Result.Ignored("RunInstances failed (InsufficientInstanceCapacity)"));
        assertThat(CloudTrailChanges.parse(Samples.cloudtrail("s3-put-bucket-tagging")))
                .isInstanceOf(CloudTrailChanges.Result.Ignored.class);
    }

    @Test
    void theBareCloudTrailRecord_isReadLikeTheEventBridgeForm() {
        String bare = dev.vigil.core.json.JsonTree.write(dev.vigil.core.json.JsonTree.obj(
                dev.vigil.core.json.JsonTree.object(Samples.cloudtrail("ec2-run-instances")), "detail"));
        assertThat(((CloudTrailChanges.Result.Changes) CloudTrailChanges.parse(bare)).changes()).hasSize(2);
    }

    @Test
    void somethingThatIsNotCloudTrail_failsAloneWithAClearError() {
        assertThatThrownBy(() -> CloudTrailChanges.parse("{\"hello\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CloudTrail record");
        assertThatThrownBy(() -> CloudTrailChanges.parse("{\"eventName\":\"RunInstances\",\"eventSource\":\"ec2.amazonaws.com\",\"eventTime\":\"yesterday\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventTime");
        assertThatThrownBy(() -> CloudTrailChanges.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
