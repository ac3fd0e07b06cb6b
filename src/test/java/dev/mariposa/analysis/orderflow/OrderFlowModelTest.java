package dev.mariposa.analysis.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.analysis.BatchAnalyzer;
import dev.mariposa.analysis.ModelRegistry;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.signal.Signals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code orderflow} model's votes and gates, alone and in an agent's ensemble. */
class OrderFlowModelTest {
  private static final long T = 1_617_647_603_472L;
  private static final OrderFlowModel MODEL = new OrderFlowModel(OrderFlowParams.defaults());

  /** Spread 4 bps, half-spread 2 bps; {@code micro} in bps; volatility 1 bps. */
  private static OrderFlowSnapshot flow(double imbalance, double micro, double tradeFlow, int trades) {
    return new OrderFlowSnapshot("MANAUSDT", T, T, 0.9998, 1.0002, 4, imbalance, micro, tradeFlow, 10, 5, trades, 1, 40);
  }

  private static ModelDecision decide(OrderFlowSnapshot flow) {
    return MODEL.evaluate("MANAUSDT", Optional.of(flow));
  }

  @Test
  void theMeanOfItsThreeVotesBuysOrSellsBeyondTheThreshold() {
    // book +0.4, micro-price 1 bps of a 2 bps half-spread = +0.5, trade flow +0.6: (0.4 + 0.5 + 0.6) / 3 = 0.5 ≥ 0.35
    ModelDecision buy = decide(flow(0.4, 1, 0.6, 5));
    assertThat(buy.action()).isEqualTo(Action.BUY);
    assertThat(buy.confidence()).isEqualTo(0.5);
    assertThat(buy.reasons()).anyMatch(r -> r.contains("book imbalance +0.40")).anyMatch(r -> r.contains("+0.50 of the half-spread"))
        .anyMatch(r -> r.contains("trade flow +0.60 over 5 trades"));
    // -0.6, -0.8 (−1.6 / 2), -0.4: mean -0.6
    ModelDecision sell = decide(flow(-0.6, -1.6, -0.4, 3));
    assertThat(sell.action()).isEqualTo(Action.SELL);
    assertThat(sell.confidence()).isEqualTo(0.6);
  }

  @Test
  void withTooFewTradesTheTradeFlowDoesNotVote() {
    // 2 trades (< 3): the mean of the book +0.4 and the micro-price +0.3 (0.6 / 2) = 0.35: a BUY at the threshold
    ModelDecision decision = decide(flow(0.4, 0.6, -1, 2));
    assertThat(decision.action()).isEqualTo(Action.BUY);
    assertThat(decision.confidence()).isEqualTo(0.35);
    assertThat(decision.reasons()).anyMatch(r -> r.contains("2 trades in 10 s: trade flow not counted"));
    // counted, the same selling flow would pull the score to (0.4 + 0.3 - 1) / 3 = -0.1: no edge
    ModelDecision counted = decide(flow(0.4, 0.6, -1, 3));
    assertThat(counted.action()).isEqualTo(Action.HOLD);
    assertThat(counted.confidence()).as("1 - 0.1 / 0.35 × 0.5").isEqualTo(0.8571);
  }

  @Test
  void aWideSpreadOrAJumpyPriceHolds() {
    OrderFlowSnapshot wide = new OrderFlowSnapshot("AXSBNB", T, T, 0.0266, 0.0268, 74.6, 0.9, 30, 1, 20, 0, 4, 1, 40);
    assertThat(decide(wide).action()).isEqualTo(Action.HOLD);
    assertThat(decide(wide).confidence()).isEqualTo(1);
    assertThat(decide(wide).reasons().get(0)).startsWith("spread 74.6 bps above 15.0");
    OrderFlowSnapshot jumpy = new OrderFlowSnapshot("MANAUSDT", T, T, 0.9998, 1.0002, 4, 0.9, 1.5, 1, 20, 0, 9, 7.5, 40);
    assertThat(decide(jumpy).action()).isEqualTo(Action.HOLD);
    assertThat(decide(jumpy).reasons().get(0)).startsWith("volatility 7.50 bps");
  }

  @Test
  void withoutABookItDoesNotVote() {
    ModelDecision none = MODEL.evaluate("BTCUSDT", Optional.empty());
    assertThat(none.usable()).isFalse();
    assertThat(none.status()).isEqualTo(ModelDecision.Status.UNAVAILABLE);
  }

  /**
   * An agent of the technical model (not warm: it holds with no confidence) and {@code orderflow}:
   * the flow's BUY at 0.5 has half the voting weight, score 0.5 / 2 = 0.25, agreement 0.5. The
   * result is stamped with the update's time as its bar, so its signal is its own.
   */
  @Test
  void inAnEnsembleOnAFlowUpdate() {
    Agent agent = AgentJson.parse(new JsonObject().put("id", "flow-and-bars").put("symbols", new JsonArray().add("MANAUSDT"))
        .put("models", new JsonArray().add("technical").add("orderflow")).put("minConfidence", 0.25).put("agreement", 0.5),
        null, Set.of());
    assertThat(agent.usesOrderFlow()).isTrue();
    OrderFlowSnapshot flow = flow(0.4, 1, 0.6, 5);
    ModelInput input = new ModelInput(IndicatorSnapshot.beforeFirstBar("MANAUSDT", "1m"), Optional.empty(), List.of(),
        flow.mid(), ModelInput.Trigger.FLOW, Optional.of(flow));
    AnalysisResult result = new BatchAnalyzer(ModelRegistry.builtInOnly("not asked here"), "node-a", () -> T + 5)
        .run(input, List.of(agent), T).result().get(0);

    assertThat(result.action()).isEqualTo("BUY");
    assertThat(result.confidence()).isEqualTo(0.25);
    assertThat(result.agreement()).isEqualTo(0.5);
    assertThat(result.trigger()).isEqualTo("flow");
    assertThat(result.barOpenTime()).isEqualTo(T);
    assertThat(result.price()).isEqualTo(1.0);
    assertThat(new JsonArray(result.modelsJson()).stream().map(m -> ((JsonObject) m).getString("model")))
        .containsExactly("technical", "orderflow");
    assertThat(EventSchemas.get().validate("analysis.result.flow-and-bars", result)).isEmpty();
    assertThat(input.toJson().getJsonObject("flow").getDouble("bookImbalance")).isEqualTo(0.4);
    assertThat(EventSchemas.get().validateRequest("analysis.model.any", input.toJson())).isEmpty();
    JsonObject outOfRange = input.toJson();
    outOfRange.getJsonObject("flow").put("bookImbalance", 5);
    assertThat(EventSchemas.get().validateRequest("analysis.model.any", outOfRange)).as("the flow's schema is checked").isNotEmpty();
    assertThat(Signals.fromAnalysis(result, T, Duration.ofSeconds(30)).orElseThrow().id())
        .isEqualTo("flow-and-bars:MANAUSDT:" + T + ":buy");
  }
}
