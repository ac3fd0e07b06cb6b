package dev.mariposa.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.Ticker;
import dev.mariposa.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the exits of a real-money position say on system.status while they wait for live prices. */
class LiveExitPricesTest {
  private static final long NOW = 1_727_000_000_000L;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aWaitIsSaidOnceForEachReasonNotForEachNewFigureAndLiveOnceAgain() {
    List<JsonObject> said = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS, m -> said.add(m.body())).completion().await();
    LiveExitPrices exits = new LiveExitPrices(vertx.eventBus(), "trader");
    Agent agent = agent();

    assertThat(exits.decidable(agent, true, "BTCUSDT", Optional.empty(), NOW)).isFalse();
    assertThat(exits.decidable(agent, true, "BTCUSDT", Optional.empty(), NOW + 1_000)).isFalse();
    assertThat(exits.decidable(agent, true, "BTCUSDT", Optional.of(ticker("replay", NOW)), NOW + 1_000)).isFalse();
    assertThat(exits.decidable(agent, true, "BTCUSDT", Optional.of(ticker("replay", NOW + 250)), NOW + 2_000)).isFalse();
    assertThat(exits.decidable(agent, true, "BTCUSDT", Optional.of(ticker("binance", NOW + 2_900)), NOW + 3_000)).isTrue();
    assertThat(exits.decidable(agent, true, "BTCUSDT", Optional.of(ticker("binance", NOW + 3_900)), NOW + 4_000)).isTrue();
    assertThat(exits.decidable(agent, false, "BTCUSDT", Optional.empty(), NOW + 5_000)).as("paper decides").isTrue();

    // What was said is delivered before a mark published after it (one publisher, in order).
    vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject().put("component", "mark"));
    Eventually.within(Duration.ofSeconds(5), "everything said delivered",
        () -> !said.isEmpty() && "mark".equals(said.get(said.size() - 1).getString("component")));
    said.remove(said.size() - 1);
    assertThat(said).extracting(s -> s.getString("state")).containsExactly("WAITING", "WAITING", "LIVE");
    assertThat(said.get(0).getString("reason")).contains("no BTCUSDT ticker");
    assertThat(said.get(1).getString("reason")).contains("BTCUSDT prices are replayed from recorded data");
  }

  private static Ticker ticker(String source, long at) {
    return Ticker.quote("BTCUSDT", source, at, at, new BigDecimal("63000.1"), BigDecimal.ONE, new BigDecimal("63000.2"),
        BigDecimal.ONE);
  }

  private static Agent agent() {
    Agent.RiskLimits risk = new Agent.RiskLimits(5, 100, 600, 1_000, 50, 0, 3, 2, 0, 0);
    return new Agent("real", "real", List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)),
        0.99, 0.99, risk, new Agent.Account(Agent.Exchange.OKX, 10_000), true, 0, 0, 0);
  }
}
