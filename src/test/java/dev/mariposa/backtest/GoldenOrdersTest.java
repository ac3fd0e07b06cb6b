package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The backtest takes exactly the decisions it took before it was made fast: two agents (the
 * technical model on BTCUSDT and ETHUSDT at 5m, and a post-only maker on BTCUSDT at 15m, built
 * from the 5m bars) over the recorded first quarter of 2024, their orders' fingerprint (id, time,
 * side, quantity, status, fill, price, fee of each) equal to the one the engine of commit 6b06f8a
 * gave (ta4j's indicators re-read every bar, every analysis result built), computed with
 * {@link #fingerprint} from its backtest.json. A change of decisions must change this value on
 * purpose, with the reason in its commit.
 */
class GoldenOrdersTest {
  /** 611 and 671 orders; the engine before incremental indicators, lazy quotes and verdict-only analysis. */
  private static final String GOLDEN = "22cdcea8db7f669dcf67382fe138d45cbbfe755c04903304b25bd0bbaee37448";
  private static final List<String> MONTHS = List.of("2024-01", "2024-02", "2024-03");

  @Test
  void theOrdersAreThoseOfTheEngineBeforeIt() throws IOException {
    List<Path> data = new ArrayList<>();
    for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
      for (String month : MONTHS) {
        data.add(SharedData.require("binance/klines/months/" + symbol + "-5m-" + month + ".csv"));
      }
    }
    Backtest backtest = Backtest.prepare(data, ConfigLoader.load(Map.of()));
    Backtest.Run run = backtest.run(agents(), Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(run.outcomes()).extracting(o -> o.orders().size()).containsExactly(611, 671);
    assertThat(fingerprint(new JsonObject(run.report().encode()))).as("as backtest.json holds it").isEqualTo(GOLDEN);
  }

  private static List<Agent> agents() throws IOException {
    try (InputStream in = GoldenOrdersTest.class.getResourceAsStream("/backtest/golden-agents.json")) {
      JsonArray array = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      List<Agent> agents = new ArrayList<>();
      for (Object item : array) {
        agents.add(AgentJson.parse((JsonObject) item, null, Set.of()));
      }
      return agents;
    }
  }

  /**
   * SHA-256 of one line per order of every agent of a backtest.json (as read back from its text:
   * numbers as JSON writes them): what the agent decided and what it got.
   */
  static String fingerprint(JsonObject report) {
    StringBuilder text = new StringBuilder();
    for (Object item : report.getJsonArray("agents")) {
      JsonObject agent = (JsonObject) item;
      for (Object o : agent.getJsonArray("orders")) {
        JsonObject order = (JsonObject) o;
        text.append(agent.getJsonObject("agent").getString("id"));
        for (String field : List.of("clOrdId", "at", "side", "quantity", "status", "filledQuantity", "averagePrice", "fee")) {
          text.append(' ').append(order.getValue(field));
        }
        text.append('\n');
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints the fingerprint of a backtest.json (how {@link #GOLDEN} was computed). */
  public static void main(String[] args) throws IOException {
    System.out.println(fingerprint(new JsonObject(Files.readString(Path.of(args[0])))));
  }
}
