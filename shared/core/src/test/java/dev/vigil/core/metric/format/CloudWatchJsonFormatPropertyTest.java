package dev.vigil.core.metric.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricDatum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever arrives in a record, the parser never throws and never loses a valid line. */
class CloudWatchJsonFormatPropertyTest {

    private final CloudWatchJsonFormat format = new CloudWatchJsonFormat();

    @Property(tries = 500)
    void arbitraryBytes_neverThrow(@ForAll @Size(max = 2000) byte[] bytes) {
        ParsedRecord r = format.parse(bytes);
        // Whatever it was, every non-blank line is accounted for: as a datapoint or as junk with a reason.
        assertThat(r.junk()).allSatisfy(j -> assertThat(j.reason()).isNotBlank());
        boolean onlyWhitespace = true;
        for (byte b : bytes) {
            onlyWhitespace &= b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }
        assertThat(r.isBlank()).as("a record is blank exactly when it holds only whitespace").isEqualTo(onlyWhitespace);
    }

    @Property(tries = 500)
    void validLines_surviveAnyJunkAroundThem(@ForAll("junkLines") List<String> junk,
                                             @ForAll("positions") List<Integer> positions) {
        List<String> lines = new ArrayList<>(junk);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            String valid = CloudWatchJsonFormatTest.line("fn-" + i, i);
            expected.add("fn-" + i);
            lines.add(Math.min(positions.get(i), lines.size()), valid);
        }
        byte[] data = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        ParsedRecord r = format.parse(data);
        List<String> found = r.datums().stream().map(MetricDatum::series)
                .map(s -> s.dimensions().get("FunctionName")).collect(Collectors.toList());
        assertThat(found).containsAll(expected);
    }

    @Provide
    Arbitrary<List<String>> junkLines() {
        Arbitrary<String> anyText = Arbitraries.strings().withCharRange((char) 0, (char) 0x2FF).ofMaxLength(60)
                .map(s -> s.replace('\n', ' '));
        Arbitrary<String> jsonish = Arbitraries.of("{", "}", "{\"a\":", "{\"value\":{", "[", "\"", "\\", "{\"x\":\"",
                "{\"metric_name\":\"m\",\"value\":{\"sum\":1", "null", "{}", "{\"CHANGE\":1.5}");
        return Arbitraries.oneOf(anyText, jsonish).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, 12).list().ofMinSize(1).ofMaxSize(6);
    }
}
