package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A typo in an option is an error, never a silently kept default. */
class ArgsTest {

    private static Args parse(String... argv) {
        return new Args(argv, 0, Set.of("--stats"), Set.of("--out", "--store"), Set.of("--input"));
    }

    @Test
    void declaredOptions_parse_withSeveralValuesWhereAllowed_andTheEqualsForm() {
        Args a = parse("--input", "a.json", "b.json", "--stats", "--out=dir", "--input", "c.json");
        assertThat(a.values("--input")).containsExactly("a.json", "b.json", "c.json");
        assertThat(a.value("--out")).isEqualTo("dir");
        assertThat(a.has("--stats")).isTrue();
        assertThat(a.has("--store")).isFalse();
    }

    @Test
    void anUnknownOption_isAnError_namingItTheClosestOptionAndTheKnownOnes() {
        assertThatThrownBy(() -> parse("--inptu", "a.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --inptu (did you mean --input?)")
                .hasMessageContaining("options: --input --out --stats --store");
        assertThatThrownBy(() -> parse("--frobnicate")).hasMessageNotContaining("did you mean");
    }

    @Test
    void aStrayWord_aMissingValue_aSecondValue_andAValueOnASwitch_areErrors() {
        assertThatThrownBy(() -> parse("a.json")).hasMessageContaining("unexpected argument 'a.json'");
        assertThatThrownBy(() -> parse("--input", "a", "--out")).hasMessage("--out needs a value");
        assertThatThrownBy(() -> parse("--out", "x", "y")).hasMessageContaining("--out takes one value");
        assertThatThrownBy(() -> parse("--out", "x", "--out", "y")).hasMessage("--out is given twice");
        assertThatThrownBy(() -> parse("--stats=yes")).hasMessage("--stats takes no value");
    }

    /** Every command refuses a misspelt option before doing any work, with exit code 2 and the option's name. */
    @ParameterizedTest
    @CsvSource({
        "detect, --inptu, --input",
        "replay, --stat, --stats",
        "demo, --ot, --out",
        "synth, --serie, --series",
        "audit, --incidnet, --incident",
        "cost-report, --min-impakt, --min-impact",
        "scorecard, --noize, --noise",
    })
    void everyCommand_refusesAMisspeltOption(String command, String typo, String meant) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Vigil.run(new String[] {command, typo, "x"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("vigil " + command + ": unknown option " + typo + " (did you mean " + meant + "?)");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theLevenshteinDistance_countsEditsAndTranspositionsAsTwo() {
        assertThat(Args.distance("--input", "--input")).isZero();
        assertThat(Args.distance("--inptu", "--input")).isEqualTo(2);
        assertThat(Args.distance("--stat", "--stats")).isEqualTo(1);
    }
}
