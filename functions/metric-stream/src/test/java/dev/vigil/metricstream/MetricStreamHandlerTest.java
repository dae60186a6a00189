package dev.vigil.metricstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.pipeline.MetricStreamBatch.OutputRecord;
import dev.vigil.core.pipeline.MetricStreamBatch.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;

/** The Firehose transformation contract, on the bundled events/ fixtures. */
class MetricStreamHandlerTest {

    private static List<String> inputIds(KinesisFirehoseEvent event) {
        return event.getRecords().stream().map(KinesisFirehoseEvent.Record::getRecordId).collect(Collectors.toList());
    }

    @ParameterizedTest
    @Events(events = {
        @Event("events/metric-stream-real-sample.json"),
        @Event("events/metric-stream-some-invalid.json"),
        @Event("events/metric-stream-junk-record.json"),
        @Event("events/metric-stream-spike.json"),
        @Event("events/metric-stream-level-shift.json"),
        @Event("events/metric-stream-seasonal-day.json"),
        @Event("events/metric-streams/aws-lambda-java-tests_firehose_event.json")
    }, type = KinesisFirehoseEvent.class)
    void everyRecordId_isAnsweredExactlyOnce_inOrder(KinesisFirehoseEvent event) {
        List<OutputRecord> out = new HandlerFixture().handler.handleRequest(event, null);
        assertThat(out).extracting(OutputRecord::recordId).containsExactlyElementsOf(inputIds(event));
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-junk-record.json", type = KinesisFirehoseEvent.class)
    void junk_failsOnlyItsOwnRecord_andOkRecordsPassThroughUnchanged(KinesisFirehoseEvent event) {
        HandlerFixture f = new HandlerFixture();
        List<OutputRecord> out = f.handler.handleRequest(event, null);

        assertThat(out).extracting(OutputRecord::result)
                .containsExactly(Result.ProcessingFailed, Result.Ok, Result.Dropped, Result.Ok);
        for (int i = 0; i < out.size(); i++) {
            ByteBuffer in = event.getRecords().get(i).getData();
            byte[] original = new byte[in.remaining()];
            in.duplicate().get(original);
            assertThat(out.get(i).data()).as("record %d passes through unchanged", i).isEqualTo(original);
        }
        // The mixed record's two junk lines are counted and logged with its record id.
        String mixedId = event.getRecords().get(1).getRecordId();
        assertThat(f.log()).contains("junk lines in metric stream record").contains(mixedId)
                .contains("\"junkLines\":2");
        assertThat(f.handler.lastStats().datapoints).isEqualTo(4);
        assertThat(f.handler.lastStats().recordsFailed).isEqualTo(1);
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-spike.json", type = KinesisFirehoseEvent.class)
    void theWirePath_andTheTypedPath_giveTheSameAnswer(KinesisFirehoseEvent event) throws IOException {
        List<OutputRecord> typed = new HandlerFixture().handler.handleRequest(event, null);
        byte[] wire = new HandlerFixture().handler.handleBytes(
                HandlerFixture.resource("events/metric-stream-spike.json"));
        JsonNode records = HandlerFixture.tree(wire).get("records");
        List<String> wireResults = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            assertThat(r.get("recordId").asText()).isEqualTo(typed.get(i).recordId());
            assertThat(Base64.getDecoder().decode(r.get("data").asText())).isEqualTo(typed.get(i).data());
            wireResults.add(r.get("result").asText());
        }
        assertThat(wireResults).containsExactlyElementsOf(
                typed.stream().map(o -> o.result().name()).collect(Collectors.toList()));
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-spike.json", type = KinesisFirehoseEvent.class)
    void aLatencySpike_isPublishedAsAnExplainedAnomaly(KinesisFirehoseEvent event) {
        HandlerFixture f = new HandlerFixture();
        f.handler.handleRequest(event, null);
        assertThat(f.publisher.delivered).anySatisfy(e -> {
            assertThat(e.metricName()).isEqualTo("Duration");
            assertThat(e.value()).isEqualTo(900.0);
            assertThat(e.upper()).isLessThan(900.0);
            assertThat(e.expected()).isBetween(100.0, 140.0);
            assertThat(e.reason()).isEqualTo("spike");
            assertThat(e.timestamp()).isEqualTo(1_793_577_600_000L + 9 * 3_600_000L + 225 * 60_000L);
        });
    }
}
