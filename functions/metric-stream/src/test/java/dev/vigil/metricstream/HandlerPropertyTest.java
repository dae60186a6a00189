package dev.vigil.metricstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Arbitrary bytes never escape the handler as an exception, and never make a valid line disappear. */
class HandlerPropertyTest {

    private static String valid(int i) {
        return "{\"account_id\":\"1\",\"region\":\"r\",\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Errors\","
                + "\"dimensions\":{\"FunctionName\":\"f" + i + "\"},\"timestamp\":" + (1_700_000_000_000L + i * 60_000L)
                + ",\"value\":{\"max\":1,\"min\":0,\"sum\":1,\"count\":3},\"unit\":\"Count\"}";
    }

    private static byte[] event(List<byte[]> records) {
        StringBuilder b = new StringBuilder("{\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"recordId\":\"id-").append(i).append("\",\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(records.get(i))).append("\"}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 200)
    void arbitraryRecordBytes_neverThrow_andEveryRecordIsAnswered(
            @ForAll @Size(min = 1, max = 8) List<@Size(max = 600) byte[]> records) {
        HandlerFixture f = new HandlerFixture();
        byte[] response = f.handler.handleBytes(event(records));
        String json = new String(response, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            assertThat(json).containsOnlyOnce("\"recordId\":\"id-" + i + "\"");
        }
        assertThat(f.handler.lastStats().records).isEqualTo(records.size());
    }

    @Property(tries = 200)
    void validLines_mixedWithArbitraryBytes_areAllCounted(@ForAll("noise") List<byte[]> noise,
                                                          @ForAll @Size(min = 1, max = 20) List<Boolean> layout) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int valid = 0;
        int n = 0;
        for (boolean putValid : layout) {
            if (putValid) {
                record.writeBytes((valid(valid++) + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (!noise.isEmpty()) {
                record.writeBytes(noise.get(n++ % noise.size()));
                record.write('\n');
            }
        }
        HandlerFixture f = new HandlerFixture();
        f.handler.handleBytes(event(List.of(record.toByteArray())));
        assertThat(f.handler.lastStats().datapoints).isEqualTo(valid);
    }

    @Provide
    Arbitrary<List<byte[]>> noise() {
        // Random bytes with newlines removed: the contract is per line; a newline inside noise just makes more lines.
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
                .map(b -> new String(b, StandardCharsets.ISO_8859_1).replace('\n', ' ')
                        .getBytes(StandardCharsets.ISO_8859_1))
                .list().ofMaxSize(10);
    }
}
