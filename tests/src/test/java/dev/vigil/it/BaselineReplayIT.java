package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.CollectingPublisher;
import dev.vigil.cli.LocalDynamo;
import dev.vigil.core.detect.Detectors;
import dev.vigil.core.log.StructuredLog;
import dev.vigil.core.metric.format.CloudWatchJsonFormat;
import dev.vigil.it.support.Items;
import dev.vigil.metricstream.MetricStreamHandler;
import dev.vigil.metricstream.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Firehose retries and duplicate deliveries, against embedded DynamoDB Local. */
class BaselineReplayIT {

    private LocalDynamo dynamo;
    private CollectingPublisher bus;
    private MetricStreamHandler handler;

    @BeforeEach
    void start() {
        dynamo = LocalDynamo.start();
        bus = new CollectingPublisher();
        handler = new MetricStreamHandler(Wiring.of(dynamo.client(), LocalDynamo.BASELINE_TABLE, bus,
                new CloudWatchJsonFormat(), Detectors.standard(), StructuredLog.discard(), 8));
    }

    @AfterEach
    void stop() {
        dynamo.close();
    }

    static byte[] event(String name) throws IOException {
        try (InputStream in = BaselineReplayIT.class.getClassLoader().getResourceAsStream("events/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void replayingTheSameBatchTwice_leavesEveryBaselineByteIdentical_andPublishesNoSecondAnomaly()
            throws IOException {
        byte[] spike = event("metric-stream-spike.json");
        byte[] firstResponse = handler.handleBytes(spike);
        Map<String, Map<String, AttributeValue>> afterFirst = Items.baselines(dynamo.client());
        int anomalies = bus.events().size();

        byte[] secondResponse = handler.handleBytes(spike);

        assertThat(anomalies).isGreaterThanOrEqualTo(1);
        assertThat(afterFirst).hasSize(2);
        assertThat(Items.baselines(dynamo.client())).isEqualTo(afterFirst);
        assertThat(bus.events()).hasSize(anomalies);
        assertThat(handler.lastStats().late).isEqualTo(480);
        assertThat(handler.lastStats().baselinesWritten).isZero();
        assertThat(secondResponse).isEqualTo(firstResponse);
    }

    @Test
    void everyBaselineItem_carriesItsTtl_fromTheDataNotTheClock() throws IOException {
        handler.handleBytes(event("metric-stream-level-shift.json"));
        Map<String, AttributeValue> item = Items.baselines(dynamo.client()).values().iterator().next();
        long watermark = Long.parseLong(item.get("watermark").n());
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(watermark / 1000 + 35L * 24 * 3600);
        assertThat(item.get("state").b().asByteArray().length).isLessThanOrEqualTo(4096);
    }
}
