package dev.vigil.core.metric.format;

import static dev.vigil.core.metric.format.OtelRecords.concat;
import static dev.vigil.core.metric.format.OtelRecords.delimited;
import static dev.vigil.core.metric.format.OtelRecords.metric;
import static dev.vigil.core.metric.format.OtelRecords.point;
import static dev.vigil.core.metric.format.OtelRecords.record;
import static dev.vigil.core.metric.format.OtelRecords.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricDatum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever arrives in an opentelemetry1.0 record, the parser never throws and a bad message never costs a good one. */
class OpenTelemetry10FormatPropertyTest {

    private final OpenTelemetry10Format format = new OpenTelemetry10Format();

    private static byte[] valid(int i) {
        return record(request(metric("AWS/Lambda", "Duration", "ms", point("AWS/Lambda", "Duration",
                Map.of("FunctionName", "fn-" + i), 1_700_000_000_000L + i * 60_000L, 3, 6.0 + i,
                Map.of(0.0, 1.0, 0.99, 4.0, 1.0, 5.0 + i)))));
    }

    @Property(tries = 500)
    void arbitraryBytes_neverThrow_andEveryJunkPieceHasAReason(@ForAll @Size(max = 2000) byte[] bytes) {
        ParsedRecord r = format.parse(bytes);
        assertThat(r.junk()).allSatisfy(j -> assertThat(j.reason()).isNotBlank());
        assertThat(r.datums()).allSatisfy(d -> assertThat(d.value().problem()).isNull());
    }

    @Property(tries = 300)
    void validMessages_surviveAnyFramedJunkAroundThem(@ForAll("junkBodies") List<byte[]> junk,
                                                      @ForAll("positions") List<Integer> positions) {
        List<byte[]> messages = new ArrayList<>();
        for (byte[] body : junk) {
            messages.add(delimited(body));   // well framed, whatever is inside
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            messages.add(Math.min(positions.get(i), messages.size()), valid(i));
            expected.add("fn-" + i);
        }
        ParsedRecord r = format.parse(concat(messages.toArray(new byte[0][])));

        assertThat(r.datums()).extracting(MetricDatum::series).extracting(s -> s.dimensions().get("FunctionName"))
                .containsAll(expected);
        assertThat(r.junk()).allSatisfy(j -> assertThat(j.lineNumber()).isBetween(1, messages.size()));
    }

    @Provide
    Arbitrary<List<byte[]>> junkBodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80);
        // Pieces of a real message: truncated, or with one byte flipped, are the likeliest corruptions.
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(1, 200).map(n -> {
            byte[] body = body(valid(99));
            return java.util.Arrays.copyOf(body, Math.min(body.length, n));
        });
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, 10_000).map(n -> {
            byte[] body = body(valid(98));
            body[n % body.length] ^= (byte) (1 + n % 255);
            return body;
        });
        return Arbitraries.oneOf(random, truncated, flipped).list().ofMaxSize(8);
    }

    /** A one-message record without its varint length prefix. */
    private static byte[] body(byte[] record) {
        int i = 0;
        while ((record[i] & 0x80) != 0) {
            i++;
        }
        return java.util.Arrays.copyOfRange(record, i + 1, record.length);
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, 8).list().ofMinSize(1).ofMaxSize(4);
    }
}
