package dev.vigil.core.cost.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CsvRowReaderTest {

    static List<List<String>> all(String csv, int buffer) throws IOException {
        return all(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), buffer);
    }

    static List<List<String>> all(InputStream in, int buffer) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvRowReader r = new CsvRowReader(in, buffer)) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < r.fieldCount(); i++) {
                    row.add(r.string(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void quotedFieldsMayHoldCommasLineBreaksAndDoubledQuotes() throws IOException {
        String csv = "a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,\"\",last";
        assertThat(all(csv, 1024)).containsExactly(
                List.of("a", "b", "c"),
                List.of("x,1", "say \"hi\"", "two\nlines"),
                List.of("", "", "last"));
    }

    @Test
    void lineNumbersCountPhysicalLines_evenInsideQuotedFields() throws IOException {
        String csv = "h1,h2\n\"a\nb\nc\",1\nx,2\n";
        try (CsvRowReader r = new CsvRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            r.next();
            assertThat(r.line()).isEqualTo(1);
            r.next();
            assertThat(r.line()).isEqualTo(2);
            r.next();
            assertThat(r.line()).isEqualTo(5);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void recordsSpanningBufferRefillsAreReadWhole_andEscapesAreUndoneOnce() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append(i).append(",\"q\"\"").append(i).append("\"\"q\",\"long field ").append("x".repeat(i % 50))
                    .append("\"\n");
        }
        List<List<String>> rows = all(sb.toString(), 1024);   // the minimum buffer: many refills
        assertThat(rows).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(rows.get(i)).containsExactly(Integer.toString(i), "q\"" + i + "\"q",
                    "long field " + "x".repeat(i % 50));
        }
    }

    @Test
    void aRecordLongerThanTheBufferGrowsIt() throws IOException {
        String big = "y".repeat(10_000);
        assertThat(all("a,\"" + big + "\"\nb,c\n", 1024)).containsExactly(List.of("a", big), List.of("b", "c"));
    }

    @Test
    void anUnbalancedQuoteAtTheEndIsFlagged() throws IOException {
        try (CsvRowReader r = new CsvRowReader(new ByteArrayInputStream("a,b\n1,\"open".getBytes(StandardCharsets.UTF_8)))) {
            r.next();
            assertThat(r.unterminatedQuote()).isFalse();
            r.next();
            assertThat(r.unterminatedQuote()).isTrue();
            assertThat(r.string(1)).isEqualTo("open");
        }
    }

    @Test
    void aRunawayQuotedFieldFailsClearly_insteadOfEatingMemory() {
        InputStream endless = new InputStream() {
            boolean first = true;

            @Override
            public int read() {
                if (first) {
                    first = false;
                    return '"';
                }
                return 'z';
            }
        };
        assertThatThrownBy(() -> all(endless, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than");
    }

    /** Property: whatever the fields hold, writing them RFC 4180-style and reading back gives them again. */
    @Property(tries = 200)
    void writingAndReadingBackIsTheIdentity(@ForAll @Size(min = 1, max = 8) List<@StringLength(max = 40) String> fields,
                                            @ForAll @IntRange(min = 1024, max = 4096) int buffer) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int rep = 0; rep < 30; rep++) {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('"').append(fields.get(i).replace("\"", "\"\"")).append('"');
            }
            sb.append(rep % 2 == 0 ? "\n" : "\r\n");
        }
        List<List<String>> rows = all(sb.toString(), buffer);
        assertThat(rows).hasSize(30).allSatisfy(r -> assertThat(r).isEqualTo(fields));
    }

    /** Property: the word-at-a-time scan agrees with a byte-by-byte reference on arbitrary text. */
    @Property(tries = 300)
    void theWordAtATimeSplitterAgreesWithAByteByByteOne(
            @ForAll @Size(max = 300) List<@net.jqwik.api.constraints.CharRange(from = ' ', to = '/') Character> chars,
            @ForAll @IntRange(min = 1024, max = 2048) int buffer) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (char c : chars) {
            sb.append(c == '#' ? '\n' : c == '$' ? '"' : c);   // more line breaks and quotes
        }
        String text = sb.toString().replace("\"", "");   // unquoted CSV: the reference is a plain split
        List<List<String>> expected = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            expected.add(List.of(lines[i].split(",", -1)));
        }
        assertThat(all(text, buffer)).isEqualTo(expected);
    }

    @Test
    void negativeNumbersAfterACommaAreNotMistakenForSeparators() throws IOException {
        // the classic SWAR zero-byte test flags the byte after a match when it is one more (',' + 1 = '-')
        assertThat(all("a,-1.5,-,--,x\n,-\n", 1024)).containsExactly(List.of("a", "-1.5", "-", "--", "x"),
                List.of("", "-"));
    }
}
