package dev.vigil.core.metric.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricDatum;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real samples (events/metric-streams, see its PROVENANCE.md) and the shapes that break naive parsers. */
class CloudWatchJsonFormatTest {

    private final CloudWatchJsonFormat format = new CloudWatchJsonFormat();

    static byte[] sample(String name) throws IOException {
        try (InputStream in = CloudWatchJsonFormatTest.class.getResourceAsStream("/metric-streams/" + name)) {
            assertThat(in).as("sample %s on the test classpath", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private ParsedRecord parse(String text) {
        return format.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAwsDocsExample_withSpacesAndAnotherFieldOrder_parses() throws IOException {
        ParsedRecord r = format.parse(sample("single_record"));
        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).hasSize(1);
        MetricDatum d = r.datums().get(0);
        assertThat(d.series().key()).isEqualTo("1234567890/us-east-1/AWS/EC2/DiskWriteOps/InstanceId=i-123456789012");
        assertThat(d.timestamp()).isEqualTo(1611929698000L);
        assertThat(d.value().count()).isEqualTo(3.0);
        assertThat(d.value().sum()).isEqualTo(20.0);
        assertThat(d.value().max()).isEqualTo(18.0);
        assertThat(d.value().min()).isEqualTo(0.0);
        assertThat(d.unit()).isEqualTo("Seconds");
    }

    @Test
    void aCapturedStream_parsesEveryLine_includingEmptyDimensionsAndUnsortedMinutes() throws IOException {
        ParsedRecord r = format.parse(sample("multiple_records"));
        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).hasSize(127);
        assertThat(r.datums()).anyMatch(d -> d.series().dimensions().isEmpty());
        assertThat(r.datums()).anyMatch(d -> d.series().dimensions().size() == 4);
        List<Long> times = r.datums().stream().map(MetricDatum::timestamp).collect(Collectors.toList());
        assertThat(times).isNotEqualTo(times.stream().sorted().collect(Collectors.toList()));
        assertThat(r.datums()).extracting(MetricDatum::unit).contains("Count", "Bytes", "Seconds", "Percent", "None");
    }

    @Test
    void nonMetricJson_isJunk_andTheMetricLinesAroundItStillParse() throws IOException {
        ParsedRecord r = format.parse(sample("some_invalid_records"));
        assertThat(r.datums()).hasSize(88);
        assertThat(r.junk()).hasSize(4);
        assertThat(r.junk()).extracting(JunkLine::lineNumber).containsExactly(1, 2, 3, 4);
        assertThat(r.junk().get(0).reason()).contains("missing account_id");
        assertThat(r.junk().get(0).excerpt()).startsWith("{\"CHANGE\"");
    }

    @Test
    void aPrettyPrintedDatapoint_withPercentiles_parsesAsOne() throws IOException {
        ParsedRecord r = format.parse(sample("valid_metric_with_percentiles.json"));
        assertThat(r.junk()).isEmpty();
        assertThat(r.datums()).hasSize(1);
        assertThat(r.datums().get(0).value().extra()).containsEntry("p50", 10.0).containsEntry("p99", 17.0);
    }

    @Test
    void unusualStatisticNames_areKeptAsExtraStatistics() throws IOException {
        ParsedRecord r = format.parse(sample("valid_metric_with_unsupported_stats.json"));
        assertThat(r.datums()).hasSize(1);
        assertThat(r.datums().get(0).value().extra())
                .containsEntry("TM(25%:75%)", 16.43).containsEntry("IQM", 16.0).hasSize(9);
    }

    @Test
    void aTruncatedObject_costsOnlyItsOwnLine() {
        String valid = line("A", 1);
        ParsedRecord r = parse("{\"metric_name\": \"x\", \"value\": {\n" + valid + "\n" + line("B", 2) + "\n");
        assertThat(r.datums()).hasSize(2);
        assertThat(r.junk()).singleElement().satisfies(j -> assertThat(j.lineNumber()).isEqualTo(1));
    }

    @Test
    void anObjectWrappingAValidLine_doesNotSwallowIt() {
        String valid = line("A", 1);
        ParsedRecord r = parse("{\"wrap\":\n" + valid + "\n}\n");
        assertThat(r.datums()).hasSize(1);
        assertThat(r.datums().get(0).series().dimensions()).containsEntry("FunctionName", "A");
    }

    @Test
    void twoObjectsOnOneLine_bothParse() {
        ParsedRecord r = parse(line("A", 1) + line("B", 2) + "\n");
        assertThat(r.datums()).hasSize(2);
        assertThat(r.junk()).isEmpty();
    }

    @Test
    void plainJunk_isTold_fromBlankLinesAndCarriageReturns() {
        ParsedRecord r = parse("garbage\r\n\r\n" + line("A", 1) + "\r\n   \n[1,2]\n");
        assertThat(r.datums()).hasSize(1);
        assertThat(r.junk()).extracting(JunkLine::lineNumber).containsExactly(1, 5);
        assertThat(r.junk().get(0).reason()).isEqualTo("not a JSON object");
    }

    @Test
    void nanInfinityAndNegativeCounts_areRejectedWithAReason() {
        ParsedRecord r = parse(line("A", 1).replace("\"sum\":3.0", "\"sum\":NaN") + "\n"
                + line("B", 2).replace("\"sum\":3.0", "\"sum\":Infinity") + "\n"
                + line("C", 3).replace("\"count\":2.0", "\"count\":-2.0") + "\n");
        assertThat(r.datums()).isEmpty();
        assertThat(r.junk()).extracting(JunkLine::reason).containsExactly(
                "value.sum is not finite (NaN)", "value.sum is not finite (Infinity)",
                "value.count is negative (-2.0): a sample count cannot be below zero");
    }

    @Test
    void missingRequiredFields_areNamed() {
        assertThat(parse(line("A", 1).replace("\"timestamp\":1700000060000,", "")).junk())
                .singleElement().satisfies(j -> assertThat(j.reason()).contains("missing timestamp"));
        assertThat(parse(line("A", 1).replace(",\"count\":2.0", "")).junk())
                .singleElement().satisfies(j -> assertThat(j.reason()).contains("missing value.count"));
    }

    @Test
    void aBlankRecord_isBlank_andAnAllJunkRecord_isAllJunk() {
        assertThat(parse(" \n\n\t\n").isBlank()).isTrue();
        assertThat(parse("nope\n{\"a\":1}\n").isAllJunk()).isTrue();
    }

    @Test
    void theFormatIsChosenByName_andAnUnknownNameIsRefusedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricFormats.forName("yaml"))
                .hasMessageContaining("METRIC_STREAM_FORMAT=yaml is unknown");
        assertThat(MetricFormats.forName("JSON").name()).isEqualTo("json");
    }

    /** A valid one-line datapoint for a Lambda function; {@code minute} offsets its timestamp. */
    static String line(String function, int minute) {
        return "{\"metric_stream_name\":\"s\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                + "\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Duration\",\"dimensions\":{\"FunctionName\":\""
                + function + "\"},\"timestamp\":" + (1_700_000_000_000L + minute * 60_000L)
                + ",\"value\":{\"max\":2.0,\"min\":1.0,\"sum\":3.0,\"count\":2.0},\"unit\":\"Milliseconds\"}";
    }
}
