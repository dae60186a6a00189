package dev.vigil.core.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

class BlockActionsTest {

    private static BlockAction real(String name) {
        return BlockActions.parse(ProjectFiles.read("events/slack/java-slack-sdk/" + name));
    }

    @Test
    void theRealHomeTabPayload_yieldsUserAndButton() {
        BlockAction a = real("block_actions_home_tab_real.json");
        assertThat(a.userId()).isEqualTo("U123");
        assertThat(a.userName()).isEqualTo("test-test");
        assertThat(a.actionId()).isEqualTo("home_button_1");
        assertThat(a.value()).isEqualTo("create_task");
        assertThat(a.responseUrl()).isNull();
    }

    @Test
    void theDocsMessagePayload_yieldsChannelMessageAndResponseUrl() {
        BlockAction a = real("block_actions_message_attachment_docs_example.json");
        assertThat(a.userId()).isEqualTo("UA8RXUSPL");
        assertThat(a.channelId()).isEqualTo("CBR2V3XEX");
        assertThat(a.messageTs()).isEqualTo("1548261231.000200");
        assertThat(a.responseUrl()).isEqualTo("https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209");
        assertThat(a.value()).isEqualTo("click_me_123");
    }

    @Test
    void aButtonWithConfirmAndNoValue_parsesWithANullValue() {
        BlockAction a = real("block_actions_home_tab_confirm.json");
        assertThat(a.actionId()).isEqualTo("clear-settings-button");
        assertThat(a.value()).isNull();
    }

    @Test
    void statefulAndThreadedPayloads_parse() {
        assertThat(real("block_actions_with_state.json").value()).isEqualTo("1");
        BlockAction t = real("block_actions_message_in_thread.json");
        assertThat(t.messageTs()).isEqualTo("1693635296.000500");
        assertThat(t.actionTs()).isEqualTo("1606455407.603639");
    }

    @Test
    void theFormEncodedBody_givesBackThePayloadJson() {
        String form = ProjectFiles.read("events/slack/DERIVED_block_actions_form_body.txt").trim();
        BlockAction a = BlockActions.parse(BlockActions.payloadField(form));
        assertThat(a.userId()).isEqualTo("U111");
        assertThat(a.channelId()).isEqualTo("C111");
    }

    @Test
    void otherInteractionTypes_areRefusedWithTheReason() {
        assertThatThrownBy(() -> BlockActions.parse("{\"type\":\"view_submission\",\"user\":{\"id\":\"U1\"}}"))
                .hasMessageContaining("not a block_actions");
        assertThatThrownBy(() -> BlockActions.parse("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"}}"))
                .hasMessageContaining("without an action");
        assertThatThrownBy(() -> BlockActions.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
