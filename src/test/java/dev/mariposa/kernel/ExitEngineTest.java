package dev.mariposa.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.events.Ticker;
import dev.mariposa.trade.PositionGuard;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exits of a ticker, pure: each holder of the symbol the gate lets decide has its high-water
 * mark moved and its stops checked at the ticker's bid, exactly as quoted (no trip through a
 * double); holders the gate holds back, or of other symbols, are left as they were.
 */
class ExitEngineTest {
  private static final long NOW = 1_726_900_000_000L;
  private static final Duration TTL = Duration.ofSeconds(30);
  /** No double holds it: the nearest is 63235.98999999999796..., which a bid read as a double would carry. */
  private static final BigDecimal HIGH_BID = new BigDecimal("63235.99");

  private static Agent agent(String id, double trailingStopPct) {
    return new Agent(id, id, List.of("BTCUSDT", "ETHUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)),
        0.5, 0.5, new Agent.RiskLimits(5, 1_000, 6, 200, 10, 60, 5, 0, 0, trailingStopPct),
        new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 1);
  }

  private static Account holding(String agentId, String symbol, String average) {
    Account open = Account.open(agentId, new BigDecimal("10000"));
    return new Account(agentId, open.startingBalance(), new BigDecimal("9000"), Map.of(symbol,
        new Account.Position(symbol, BigDecimal.ONE, new BigDecimal(average), NOW - 60_000, new BigDecimal(average))),
        BigDecimal.ZERO, BigDecimal.ZERO, "", BigDecimal.ZERO, open.peakEquity(), 0, 0, List.of(), 0);
  }

  private static Ticker bid(BigDecimal bid) {
    return Ticker.quote("BTCUSDT", "binance", NOW, NOW, bid, BigDecimal.ONE, bid.add(new BigDecimal("0.01")),
        BigDecimal.ONE);
  }

  @Test
  void theHighWaterAndTheTrailingStopAreDecidedAtTheExactBid() {
    Agent agent = agent("trail", 1.0);
    ExitEngine exits = new ExitEngine(ExitEngine.PriceGate.always(), TTL);

    List<PositionGuard.Watch> up = exits.onTicker(bid(HIGH_BID), List.of(new ExitEngine.Holder(agent,
        holding("trail", "BTCUSDT", "60000"))), NOW);
    assertThat(up).hasSize(1);
    assertThat(up.get(0).exit()).isEmpty();
    assertThat(up.get(0).account().positions().get("BTCUSDT").highWater()).isEqualTo(HIGH_BID);

    List<PositionGuard.Watch> down = exits.onTicker(bid(new BigDecimal("62500")),
        List.of(new ExitEngine.Holder(agent, up.get(0).account())), NOW + 1_000);
    assertThat(down.get(0).exit().orElseThrow().reasons().get(0))
        .startsWith("trailing stop: ").contains("from the high 63235.99,");
  }

  @Test
  void onlyHoldersOfTheSymbolThatTheGateLetsDecideAreWatched() {
    Agent live = agent("live", 1.0);
    Agent waiting = agent("waiting", 1.0);
    Agent other = agent("other", 1.0);
    ExitEngine exits = new ExitEngine((agent, ticker, now) -> !agent.id().equals("waiting"), TTL);

    List<PositionGuard.Watch> watches = exits.onTicker(bid(new BigDecimal("59000")), List.of(
        new ExitEngine.Holder(live, holding("live", "BTCUSDT", "60000")),
        new ExitEngine.Holder(waiting, holding("waiting", "BTCUSDT", "60000")),
        new ExitEngine.Holder(other, holding("other", "ETHUSDT", "3000"))), NOW);

    assertThat(watches).extracting(w -> w.account().agentId()).containsExactly("live");
    assertThat(watches.get(0).exit()).isPresent();
  }
}
