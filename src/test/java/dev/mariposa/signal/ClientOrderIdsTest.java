package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Client order ids: OKX's form, one per signal, and the agent they name. */
class ClientOrderIdsTest {
  @Test
  void anIdIsOkxsFormTheSameForTheSameSignalAndNamesItsAgent() {
    String id = ClientOrderIds.of("scalper-1", "scalper-1:BTCUSDT:analysis:1733380000000:BUY");

    assertThat(id).matches("[A-Za-z0-9]{1,32}").hasSize(32).startsWith("m");
    assertThat(ClientOrderIds.of("scalper-1", "scalper-1:BTCUSDT:analysis:1733380000000:BUY")).isEqualTo(id);
    assertThat(ClientOrderIds.isOurs(id)).isTrue();
    // sha256("scalper-1") starts with the 6 hex digits the id carries after its prefix.
    assertThat(ClientOrderIds.agentTagOf(id)).contains(ClientOrderIds.agentTag("scalper-1"));
    assertThat(id.substring(1, 7)).isEqualTo(ClientOrderIds.agentTag("scalper-1"));
  }

  @Test
  void signalsOfDifferentAgentsOrIdsGetDifferentIds() {
    String a = ClientOrderIds.of("a", "s-1");
    assertThat(ClientOrderIds.of("b", "s-1")).isNotEqualTo(a);
    assertThat(ClientOrderIds.of("a", "s-2")).isNotEqualTo(a);
    assertThat(ClientOrderIds.agentTag("a")).isNotEqualTo(ClientOrderIds.agentTag("b"));
  }

  @Test
  void otherIdsAreNotOursAndNameNoAgent() {
    for (String other : new String[] {"", "SUIlian1686234726772", "e847386590ce4dBCdedee55fb0dc9ab7",
        "m" + "0".repeat(30), "m" + "0".repeat(32), "M" + "0".repeat(31), "mG" + "0".repeat(30)}) {
      assertThat(ClientOrderIds.isOurs(other)).as(other).isFalse();
      assertThat(ClientOrderIds.agentTagOf(other)).as(other).isEmpty();
    }
    assertThat(ClientOrderIds.isOurs(null)).isFalse();
  }
}
