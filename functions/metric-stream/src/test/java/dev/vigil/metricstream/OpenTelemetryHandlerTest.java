package dev.vigil.metricstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.metric.format.MetricFormats;
import dev.vigil.core.pipeline.MetricStreamBatch.OutputRecord;
import dev.vigil.core.pipeline.MetricStreamBatch.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The handler on the bundled opentelemetry1.0 Firehose events (encoded by the official opentelemetry-proto classes,
 * see events/metric-streams/PROVENANCE.md), with the format chosen by its METRIC_STREAM_FORMAT name.
 */
class OpenTelemetryHandlerTest {

    private static HandlerFixture otel() {
        return new HandlerFixture(MetricFormats.forName("opentelemetry1.0"));
    }

    private static byte[] original(KinesisFirehoseEvent event, int i) {
        ByteBuffer in = event.getRecords().get(i).getData();
        byte[] b = new byte[in.remaining()];
        in.duplicate().get(b);
        return b;
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-otel-sample.json", type = KinesisFirehoseEvent.class)
    void theSample_isOkEverywhere_scoresEverySeries_andPassesTheBytesThrough(KinesisFirehoseEvent event) {
        HandlerFixture f = otel();
        List<OutputRecord> out = f.handler.handleRequest(event, null);

        assertThat(out).extracting(OutputRecord::result).containsOnly(Result.Ok).hasSize(4);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).data()).as("record %d unchanged", i).isEqualTo(original(event, i));
        }
        assertThat(f.handler.lastStats().datapoints).isEqualTo(100);
        assertThat(f.handler.lastStats().junkLines).isZero();
        assertThat(f.store.snapshot().keySet()).containsExactlyInAnyOrder(
                "444455556666/us-east-1/AWS/Lambda/Duration/FunctionName=catalog-api",
                "444455556666/us-east-1/AWS/Lambda/Invocations/FunctionName=catalog-api",
                "444455556666/us-east-1/AWS/ApplicationELB/RequestCount/LoadBalancer=app/catalog/6d0ecf831eec9f09",
                "444455556666/us-east-1/AWS/SQS/ApproximateNumberOfMessagesVisible/QueueName=catalog-jobs",
                "444455556666/us-east-1/AWS/Lambda/ConcurrentExecutions/");
        // Each series learned all 20 minutes: its watermark is the last one (12:19).
        assertThat(f.store.get("444455556666/us-east-1/AWS/Lambda/Duration/FunctionName=catalog-api").watermark())
                .isEqualTo(java.time.Instant.parse("2026-11-02T12:19:00Z").toEpochMilli());
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-otel-some-invalid.json", type = KinesisFirehoseEvent.class)
    void aBadMessageFailsAlone_okDataPassesThrough_jsonIsProcessingFailed_emptyIsDropped(KinesisFirehoseEvent event) {
        HandlerFixture f = otel();
        List<OutputRecord> out = f.handler.handleRequest(event, null);

        assertThat(out).extracting(OutputRecord::recordId).containsExactlyElementsOf(
                event.getRecords().stream().map(KinesisFirehoseEvent.Record::getRecordId).toList());
        assertThat(out).extracting(OutputRecord::result)
                .containsExactly(Result.Ok, Result.ProcessingFailed, Result.Dropped, Result.Ok);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).data()).as("record %d unchanged", i).isEqualTo(original(event, i));
        }
        assertThat(f.handler.lastStats().datapoints).isEqualTo(11);
        assertThat(f.handler.lastStats().recordsFailed).isEqualTo(1);
        assertThat(f.log()).contains("junk lines in metric stream record").contains(event.getRecords().get(0).getRecordId())
                .contains("missing attribute Namespace");
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-otel-sample.json", type = KinesisFirehoseEvent.class)
    void theWirePath_answersLikeTheTypedPath(KinesisFirehoseEvent event) throws IOException {
        List<OutputRecord> typed = otel().handler.handleRequest(event, null);
        byte[] wire = otel().handler.handleBytes(HandlerFixture.resource("events/metric-stream-otel-sample.json"));
        JsonNode records = HandlerFixture.tree(wire).get("records");
        assertThat(records).hasSize(typed.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).get("result").asText()).isEqualTo(typed.get(i).result().name());
            assertThat(Base64.getDecoder().decode(records.get(i).get("data").asText())).isEqualTo(typed.get(i).data());
        }
    }

    @ParameterizedTest
    @Event(value = "events/metric-stream-otel-sample.json", type = KinesisFirehoseEvent.class)
    void anOpenTelemetryStream_readAsJson_failsEveryRecord_visibly(KinesisFirehoseEvent event) {
        // The wrong METRIC_STREAM_FORMAT loses nothing: every record goes to the error prefix, none is dropped.
        List<OutputRecord> out = new HandlerFixture().handler.handleRequest(event, null);
        assertThat(out).extracting(OutputRecord::result).containsOnly(Result.ProcessingFailed);
    }

    @org.junit.jupiter.api.Test
    void snapStartPriming_parsesItsOpenTelemetryRecord() throws Exception {
        SnapStartPriming.prime();   // throws when either format's priming record yields no datapoint
        assertThat(new dev.vigil.core.metric.format.OpenTelemetry10Format()
                .parse(Base64.getDecoder().decode(SnapStartPriming.OTEL_RECORD)).datums()).hasSize(1);
    }
}
