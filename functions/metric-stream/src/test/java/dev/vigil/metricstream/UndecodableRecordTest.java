package dev.vigil.metricstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Issue 9, Low: one record whose base64 does not decode fails only itself, on the wire path. */
class UndecodableRecordTest {

    @Test
    void aRecordWithInvalidBase64_isProcessingFailedAlone_andTheOtherRecordIsOk() throws Exception {
        String line = "{\"account_id\":\"1\",\"region\":\"r\",\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Errors\","
                + "\"dimensions\":{\"FunctionName\":\"f\"},\"timestamp\":1793577600000,"
                + "\"value\":{\"max\":1,\"min\":0,\"sum\":3,\"count\":3},\"unit\":\"Count\"}\n";
        String good = Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8));
        String event = "{\"invocationId\":\"i\",\"records\":[{\"recordId\":\"bad\",\"data\":\"QUJD=\"},"
                + "{\"recordId\":\"good\",\"data\":\"" + good + "\"}]}";
        HandlerFixture f = new HandlerFixture();
        JsonNode out = HandlerFixture.tree(f.handler.handleBytes(event.getBytes(StandardCharsets.UTF_8)));
        assertThat(out.get("records").get(0).get("recordId").asText()).isEqualTo("bad");
        assertThat(out.get("records").get(0).get("result").asText()).isEqualTo("ProcessingFailed");
        assertThat(out.get("records").get(1).get("result").asText()).isEqualTo("Ok");
        assertThat(f.store.snapshot()).hasSize(1);
        assertThat(f.log()).contains("not base64");
    }
}
