package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.Market;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.signal.RiskRules.Verdict;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The risk gate on a swap agent's signals: sides, reduce-only exits, leverage, liquidation, funding. */
class SwapRiskRulesTest {
  private static final long NOW = 1_704_067_200_000L;
  private static final Ticker QUOTE = Ticker.quote("BTCUSDT", "test", NOW, NOW, new BigDecimal("39999"),
      BigDecimal.ONE, new BigDecimal("40001"), BigDecimal.ONE);

  private static Agent agent(String account, String risk) {
    JsonObject json = new JsonObject().put("id", "perp").put("symbols", new io.vertx.core.json.JsonArray().add("BTCUSDT"))
        .put("account", new JsonObject(account)).put("risk", new JsonObject(risk));
    return AgentJson.parse(json, "perp", Set.of());
  }

  private static Signal signal(Signal.Action action) {
    return Signals.requested("perp", "BTCUSDT", action, 1, 40000, "r-" + action, NOW, Duration.ofSeconds(30));
  }

  private static Verdict size(Agent agent, Account account, Signal.Action action, Optional<BigDecimal> funding) {
    return RiskRules.size(signal(action), agent, account, List.of(), PaperMatching.swapInstrument("BTCUSDT"), QUOTE,
        funding, NOW);
  }

  private static Account holding(Agent agent, PositionSide side, String quantity) {
    return Account.open("perp", new BigDecimal("10000")).applySwap("held", "BTCUSDT",
        SwapOrder.opening(agent.account().market(), side), side == PositionSide.LONG, new BigDecimal(quantity),
        new BigDecimal("40000"), BigDecimal.ZERO, NOW - 60_000);
  }

  @Test
  void aSellWithNothingHeldOpensAShortSizedByTheNotionalLimit() {
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":5,\"short\":true}", "{}");
    Verdict verdict = size(agent, Account.open("perp", new BigDecimal("10000")), Signal.Action.SELL, Optional.empty());
    TradeTicket ticket = verdict.ticket().orElseThrow();
    assertThat(ticket.side()).isEqualTo(Side.SELL);
    assertThat(ticket.quantity()).isEqualByComparingTo("0.025"); // 1000 / 40000
    assertThat(ticket.swap()).contains(new SwapOrder(Market.MarginMode.ISOLATED, 5, PositionSide.SHORT, false));
    assertThat(TradeTicket.fromJson(ticket.toJson())).isEqualTo(ticket);
  }

  @Test
  void aSellWithNothingHeldIsRefusedToAnAgentThatDoesNotGoShort() {
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":5}", "{}");
    Verdict verdict = size(agent, Account.open("perp", new BigDecimal("10000")), Signal.Action.SELL, Optional.empty());
    assertThat(verdict.check()).isEqualTo("no_position");
    assertThat(verdict.reason()).contains("does not go short");
  }

  @Test
  void aSignalAgainstThePositionClosesItWholeReduceOnlyAndNeverFlipsIt() {
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":5,\"short\":true}", "{}");
    TradeTicket exit = size(agent, holding(agent, PositionSide.LONG, "0.02"), Signal.Action.SELL, Optional.empty())
        .ticket().orElseThrow();
    assertThat(exit.side()).isEqualTo(Side.SELL);
    assertThat(exit.quantity()).isEqualByComparingTo("0.02");
    assertThat(exit.swap()).contains(new SwapOrder(Market.MarginMode.ISOLATED, 5, PositionSide.LONG, true));
    TradeTicket cover = size(agent, holding(agent, PositionSide.SHORT, "0.02"), Signal.Action.CLOSE, Optional.empty())
        .ticket().orElseThrow();
    assertThat(cover.side()).isEqualTo(Side.BUY);
    assertThat(cover.swap().orElseThrow().reduceOnly()).isTrue();
    assertThat(size(agent, Account.open("perp", BigDecimal.TEN), Signal.Action.CLOSE, Optional.empty()).check())
        .isEqualTo("no_position");
  }

  @Test
  void leverageAboveTheInstrumentsMaximumIsRefused() {
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":110}", "{\"stopLossPct\":0.5}");
    Verdict verdict = size(agent, Account.open("perp", new BigDecimal("10000")), Signal.Action.BUY, Optional.empty());
    assertThat(verdict.check()).isEqualTo("leverage");
    assertThat(verdict.reason()).isEqualTo("leverage 110 is above the BTCUSDT swap's maximum of 100");
  }

  @Test
  void anEntryWhoseLiquidationWouldBeTooCloseIsRefused() {
    // 50×: liquidated at 40000 × 0.98 / 0.9955, 1.56 % below the entry, inside the 5 % buffer.
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":50}", "{\"stopLossPct\":1}");
    Verdict verdict = size(agent, Account.open("perp", new BigDecimal("10000")), Signal.Action.BUY, Optional.empty());
    assertThat(verdict.check()).isEqualTo("liquidation_distance");
    assertThat(verdict.reason()).contains("would be liquidated at 39377.20, 1.56% from the mark 40000.00");
  }

  @Test
  void aStopLossBeyondTheLiquidationIsRefused() {
    // 10×: liquidated 9.55 % below the entry; a 9.8 % stop would come after it.
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":10}", "{\"stopLossPct\":9.8,\"liquidationBufferPct\":0}");
    Verdict verdict = size(agent, Account.open("perp", new BigDecimal("10000")), Signal.Action.BUY, Optional.empty());
    assertThat(verdict.check()).isEqualTo("stop_beyond_liquidation");
    Agent safe = agent("{\"market\":\"swap\",\"leverage\":10}", "{\"stopLossPct\":5,\"liquidationBufferPct\":0}");
    assertThat(size(safe, Account.open("perp", new BigDecimal("10000")), Signal.Action.BUY, Optional.empty()).approved())
        .isTrue();
  }

  @Test
  void anEntryThatWouldPayMoreFundingThanTheLimitIsRefused() {
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":5,\"short\":true}", "{}");
    Account flat = Account.open("perp", new BigDecimal("10000"));
    Verdict longPays = size(agent, flat, Signal.Action.BUY, Optional.of(new BigDecimal("0.002")));
    assertThat(longPays.check()).isEqualTo("funding_rate");
    assertThat(longPays.reason()).contains("would pay 0.2% at the next funding, the limit is 0.1%");
    assertThat(size(agent, flat, Signal.Action.SELL, Optional.of(new BigDecimal("0.002"))).approved()).isTrue();
  }

  @Test
  void theMarginIsBoundedByTheCashNoPositionReserves() {
    Agent agent = agent("{\"market\":\"swap\",\"leverage\":2}", "{\"maxPositionNotional\":100000,\"stopLossPct\":5}");
    TradeTicket ticket = size(agent, Account.open("perp", new BigDecimal("1000")), Signal.Action.BUY, Optional.empty())
        .ticket().orElseThrow();
    // 1000 of margin at 2× buys at most 2000 / 1.002 of notional: 0.04990 BTC at 40000.
    assertThat(ticket.quantity()).isEqualByComparingTo("0.0499");
  }
}
