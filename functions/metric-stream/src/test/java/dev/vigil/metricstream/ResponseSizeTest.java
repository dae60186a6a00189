package dev.vigil.metricstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseSizeTest {

    /** A realistic line (~330 bytes) for series {@code s} at minute {@code m}. */
    private static String line(int s, int m) {
        return "{\"metric_stream_name\":\"big\",\"account_id\":\"123456789012\",\"region\":\"us-east-1\","
                + "\"namespace\":\"AWS/ApplicationELB\",\"metric_name\":\"TargetResponseTime\",\"dimensions\":"
                + "{\"LoadBalancer\":\"app/lb-" + s + "/50dc6c495c0c9188\",\"TargetGroup\":\"tg-" + s + "\"},"
                + "\"timestamp\":" + (1_793_577_600_000L + m * 60_000L)
                + ",\"value\":{\"max\":0.2,\"min\":0.05,\"sum\":4.5,\"count\":45.0},\"unit\":\"Seconds\"}\n";
    }

    @Test
    void aSixMegabyteEvent_getsAResponseUnderLambdasLimit_withEveryRecordAnswered() throws IOException {
        StringBuilder event = new StringBuilder(6_400_000).append("{\"invocationId\":\"big\",\"records\":[");
        int records = 0;
        int series = 0;
        // ~6.2 MB of event JSON: records of ~300 KB raw (400 KB base64); every fifth record is junk.
        while (event.length() < FirehoseCodec.RESPONSE_LIMIT_BYTES - 420_000) {
            StringBuilder raw = new StringBuilder(310_000);
            while (raw.length() < 300_000) {
                raw.append(records % 5 == 4 ? "junk that is not json at all, repeated to fill the record\n"
                        : line(series++, records));
            }
            if (records > 0) {
                event.append(',');
            }
            event.append("{\"recordId\":\"r").append(records).append("\",\"approximateArrivalTimestamp\":1,\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8)))
                    .append("\"}");
            records++;
        }
        event.append("]}");
        byte[] in = event.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(in.length).isGreaterThan(5_800_000).isLessThanOrEqualTo(FirehoseCodec.RESPONSE_LIMIT_BYTES);

        HandlerFixture f = new HandlerFixture();
        byte[] out = f.handler.handleBytes(in);

        assertThat(out.length).isLessThan(FirehoseCodec.RESPONSE_LIMIT_BYTES);
        JsonNode rs = HandlerFixture.tree(out).get("records");
        assertThat(rs).hasSize(records);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rs.size(); i++) {
            ids.add(rs.get(i).get("recordId").asText());
            assertThat(rs.get(i).get("result").asText()).isEqualTo(i % 5 == 4 ? "ProcessingFailed" : "Ok");
        }
        assertThat(ids).hasSize(records);
        assertThat(f.handler.lastStats().datapoints).isEqualTo(series);
    }
}
