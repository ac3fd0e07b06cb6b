package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.bus.BridgeCommands.Refusal;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The reasons both bridges give a command they refuse for its token. */
class BridgeCommandsTest {
  private static final Predicate<String> VALID = "Bearer right-token"::equals;

  @Test
  void aRefusedTokenSaysWhy() {
    assertThat(BridgeCommands.checkToken("cmd.halt", "Bearer right-token", true, VALID)).isEmpty();
    Refusal none = BridgeCommands.checkToken("cmd.halt", null, true, VALID).orElseThrow();
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.text()).isEqualTo(
        "unauthorized: cmd.halt needs headers {\"authorization\": \"Bearer <token>\"} (one of API_TOKENS)");
    Refusal wrong = BridgeCommands.checkToken("cmd.halt", "Bearer wrong", true, VALID).orElseThrow();
    assertThat(wrong.text()).isEqualTo("unauthorized: the bearer token is not valid (not one of API_TOKENS)");
    assertThat(wrong.text()).doesNotContain("wrong");
    Refusal off = BridgeCommands.checkToken("cmd.halt", "Bearer right-token", false, VALID).orElseThrow();
    assertThat(off.status()).isEqualTo(403);
    assertThat(off.text()).startsWith("mutations_disabled: cmd.halt is off on this instance: set API_TOKENS");
  }
}
