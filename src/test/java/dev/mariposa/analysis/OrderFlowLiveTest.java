package dev.mariposa.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.analysis.orderflow.OrderFlowParams;
import dev.mariposa.analysis.orderflow.OrderFlowTracker;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis role follows the books and trades of a symbol an {@code orderflow} agent trades
 * and decides on them: BTCAUD's recorded books and trades published on the bus, as a replay's
 * feed publishes them, give one {@code flow} result per decision the tracker allows (at most one
 * per second of event time), each stamped with the update's time, with the model's answer in it.
 */
class OrderFlowLiveTest {
  private static final String SYMBOL = "BTCAUD";

  @TempDir
  Path dir;

  @Test
  @Timeout(60)
  void theRoleDecidesOnTheBookAndTradeUpdates() throws Exception {
    String replay = SharedData.captureReplay(dir, SYMBOL);
    List<Object> events = events(replay);
    int expected = 0;
    OrderFlowTracker tracker = new OrderFlowTracker(OrderFlowParams.defaults());
    for (Object event : events) {
      expected += (event instanceof BookSnapshot book ? tracker.onBook(book) : tracker.onTrade((TradePrint) event)) ? 1 : 0;
    }
    assertThat(expected).as("decisions in BTCAUD's two minutes").isGreaterThan(40);

    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("analyst", Map.of("ROLES", "session", "MARKET_SOURCE", "replay", "REPLAY_FILES", replay,
          "SYMBOLS", SYMBOL), json -> json.getJsonObject("analysis").put("seedAgents", false));
      new AgentRepository(node.services().mongo()).create(agent(), System.currentTimeMillis()).await();
      List<AnalysisResult> results = new CopyOnWriteArrayList<>();
      node.vertx().eventBus().<AnalysisResult>consumer(Addresses.analysis("flow-btcaud"), m -> results.add(m.body()));
      node.vertx().deployVerticle(node.verticles().analysis()).await(); // deployed: the agent's symbol is followed

      events.forEach(e -> node.vertx().eventBus().publish(
          e instanceof BookSnapshot b ? Addresses.book(b.symbol()) : Addresses.trade(SYMBOL), e));

      int decisions = expected;
      Eventually.within(Duration.ofSeconds(30), () -> decisions + " flow results, have " + results.size(),
          () -> results.size() >= decisions);
      Eventually.pause(300);
      assertThat(results).as("one result per decision, no more").hasSize(expected);
      long lastSlot = Long.MIN_VALUE;
      for (AnalysisResult result : results) {
        assertThat(result.trigger()).isEqualTo("flow");
        assertThat(result.barOpenTime() / 1000).as("one decision per second of event time").isGreaterThan(lastSlot);
        lastSlot = result.barOpenTime() / 1000;
        JsonObject model = new JsonArray(result.modelsJson()).getJsonObject(0);
        assertThat(model.getString("model")).isEqualTo("orderflow");
        assertThat(model.getString("status")).as("%s", model).isEqualTo("ok");
        assertThat(result.price()).isBetween(70_000.0, 80_000.0); // the mid in AUD
      }
      assertThat(results.get(0).barOpenTime()).isGreaterThanOrEqualTo(1_617_647_603_000L); // 2021-04-05 18:33:23
    }
  }

  /** BTCAUD's books (the top 20 after each depth diff that changed the synced book) and trades, in recorded order. */
  private static List<Object> events(String replay) throws Exception {
    ReplayFiles files = ReplayFiles.read(Arrays.stream(replay.split(",")).map(Path::of).toList());
    RecordedStream stream = new RecordedStream(SYMBOL, files.snapshot(SYMBOL));
    List<Object> events = new ArrayList<>();
    for (RecordedStream.Timed timed : RecordedStream.timed(files.stream(SYMBOL))) {
      RecordedStream.Decoded decoded = stream.decode(timed.message(), timed.time());
      if (decoded.bookChanged() && !stream.book().book().isCrossed()) {
        events.add(stream.book().book().snapshot(20, timed.time(), timed.time(), "replay"));
      } else if (decoded.event().isPresent() && decoded.event().get().body() instanceof TradePrint trade) {
        events.add(trade.withSource("replay"));
      }
    }
    return events;
  }

  private static Agent agent() {
    Agent.RiskLimits risk = new Agent.RiskLimits(1, 1_000, 60, 200, 10, 0, 30, 0, 0, 0);
    return new Agent("flow-btcaud", "Order flow", List.of(SYMBOL), "1m", List.of(new Agent.ModelWeight(Agent.ORDER_FLOW, 1)),
        0.35, 0.5, risk, new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }
}
