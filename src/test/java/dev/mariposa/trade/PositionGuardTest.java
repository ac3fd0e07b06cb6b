package dev.mariposa.trade;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.signal.Signal;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position guard's stops, pure (no Vert.x, no Redis): stop-loss and take-profit from the
 * entry, the trailing stop from the best price since, the high-water mark, and one exit per
 * position whichever tick crosses.
 */
class PositionGuardTest {
  private static final long NOW = 1_726_900_000_000L;
  private static final long OPENED = NOW - 60_000;
  private static final Duration TTL = Duration.ofSeconds(30);

  private static Agent agent(double stopLossPct, double takeProfitPct, double trailingStopPct) {
    return new Agent("guard", "guard", List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)),
        0.5, 0.5, new Agent.RiskLimits(5, 1_000, 6, 200, 10, 60, 5, stopLossPct, takeProfitPct, trailingStopPct),
        new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 1);
  }

  private static Account holding(String average, String highWater) {
    Account open = Account.open("guard", new BigDecimal("10000"));
    return new Account("guard", open.startingBalance(), new BigDecimal("9000"), Map.of("BTCUSDT",
        new Account.Position("BTCUSDT", BigDecimal.TEN, new BigDecimal(average), OPENED, new BigDecimal(highWater))),
        BigDecimal.ZERO, BigDecimal.ZERO, "", BigDecimal.ZERO, open.peakEquity(), 0, 0, List.of(), 0);
  }

  private static Optional<Signal> exitAt(Agent agent, Account account, String bid) {
    return PositionGuard.onPrice(agent, account, "BTCUSDT", new BigDecimal(bid), NOW, TTL).exit();
  }

  @Test
  void stopLossAndTakeProfitFromTheEntryTheirEdgesIncluded() {
    Agent agent = agent(1.0, 2.0, 0);
    Account account = holding("100", "100");
    assertThat(exitAt(agent, account, "99.01")).isEmpty();
    Signal stop = exitAt(agent, account, "99").orElseThrow();
    assertThat(stop.reasons().get(0)).startsWith("stop-loss: -1.000% from the entry 100");
    assertThat(exitAt(agent, account, "101.99")).isEmpty();
    assertThat(exitAt(agent, account, "102").orElseThrow().reasons().get(0))
        .startsWith("take-profit: +2.000% from the entry 100");
  }

  @Test
  void anExitIsACloseOfThePositionFirstInTheQueueOnePerPosition() {
    Agent agent = agent(1.0, 2.0, 0);
    Account account = holding("100", "100");
    Signal first = exitAt(agent, account, "98").orElseThrow();
    Signal second = exitAt(agent, account, "97").orElseThrow();
    assertThat(first.action()).isEqualTo(Signal.Action.CLOSE);
    assertThat(first.source()).isEqualTo(Signal.Source.EXIT);
    assertThat(first.priority()).isEqualTo(Signal.EXIT_PRIORITY);
    assertThat(first.expiresAt()).as("exits live twice the ttl").isEqualTo(NOW + 2 * TTL.toMillis());
    assertThat(second.dedupKey()).as("the position names the exit").isEqualTo(first.dedupKey());
    assertThat(second.id()).isEqualTo(first.id());
  }

  @Test
  void theTrailingStopFollowsTheBestPriceSinceTheEntry() {
    Agent agent = agent(0, 0, 1.0);
    Account account = holding("100", "100");
    PositionGuard.Watch up = PositionGuard.onPrice(agent, account, "BTCUSDT", new BigDecimal("110"), NOW, TTL);
    assertThat(up.exit()).isEmpty();
    assertThat(up.account().positions().get("BTCUSDT").highWater()).isEqualByComparingTo("110");
    PositionGuard.Watch down = PositionGuard.onPrice(agent, up.account(), "BTCUSDT", new BigDecimal("108.9"), NOW, TTL);
    assertThat(down.account().positions().get("BTCUSDT").highWater()).as("a lower price keeps the mark")
        .isEqualByComparingTo("110");
    assertThat(down.exit().orElseThrow().reasons().get(0)).startsWith("trailing stop: -1.000% from the high 110");
    assertThat(exitAt(agent, up.account(), "108.91")).as("above the trail").isEmpty();
  }

  @Test
  void noPositionNoExitAndTheAccountUntouched() {
    Agent agent = agent(1.0, 2.0, 1.0);
    Account none = Account.open("guard", new BigDecimal("10000"));
    PositionGuard.Watch watch = PositionGuard.onPrice(agent, none, "BTCUSDT", new BigDecimal("1"), NOW, TTL);
    assertThat(watch.exit()).isEmpty();
    assertThat(watch.account()).isSameAs(none);
  }

  @Test
  void theHighWaterSeenOnTicksSurvivesAReloadOfTheSamePositionOnly() {
    Account stored = holding("100", "100");
    Account seen = holding("100", "120");
    assertThat(PositionGuard.keepHighWater(stored, seen).positions().get("BTCUSDT").highWater()).isEqualByComparingTo("120");
    Account reopened = new Account("guard", stored.startingBalance(), stored.cash(), Map.of("BTCUSDT",
        new Account.Position("BTCUSDT", BigDecimal.ONE, new BigDecimal("100"), OPENED + 1, new BigDecimal("100"))),
        BigDecimal.ZERO, BigDecimal.ZERO, "", BigDecimal.ZERO, stored.peakEquity(), 0, 0, List.of(), 0);
    assertThat(PositionGuard.keepHighWater(reopened, seen).positions().get("BTCUSDT").highWater())
        .as("another position of the symbol starts its own mark").isEqualByComparingTo("100");
    assertThat(PositionGuard.keepHighWater(stored, null)).isSameAs(stored);
  }

  /** The levels the dashboard shows are where check exits: at each level it does, a tick before it does not. */
  @Test
  void levelsAreWhereTheGuardExitsALong() {
    Agent agent = agent(1.0, 2.0, 0.5);
    Account account = holding("200", "210");
    PositionGuard.Levels levels = PositionGuard.levels(agent.risk(), account.positions().get("BTCUSDT"));
    assertThat(levels.stopLoss()).isEqualByComparingTo("198");
    assertThat(levels.takeProfit()).isEqualByComparingTo("204");
    assertThat(levels.trailingStop()).isEqualByComparingTo("208.95");
    Account.Position held = account.positions().get("BTCUSDT");
    assertThat(PositionGuard.check(agent(1.0, 0, 0.5), held, levels.trailingStop(), NOW, TTL).orElseThrow().reasons().get(0)).startsWith("trailing stop");
    assertThat(PositionGuard.check(agent(1.0, 0, 0.5), held, new BigDecimal("208.96"), NOW, TTL)).isEmpty();
    assertThat(PositionGuard.check(agent(1.0, 2.0, 0), held, levels.stopLoss(), NOW, TTL).orElseThrow().reasons().get(0)).startsWith("stop-loss");
    assertThat(PositionGuard.check(agent(1.0, 2.0, 0), held, new BigDecimal("198.01"), NOW, TTL)).isEmpty();
    assertThat(PositionGuard.levels(agent(0, 0, 0).risk(), held)).isEqualTo(new PositionGuard.Levels(null, null, null));
  }

  @Test
  void aShortsLevelsMirrorALongs() {
    Account.Position shortOne = new Account.Position("BTCUSDT", BigDecimal.ONE, new BigDecimal("200"), OPENED,
        new BigDecimal("190"), dev.mariposa.exchange.SwapOrder.PositionSide.SHORT, 5, new BigDecimal("40"), BigDecimal.ZERO);
    Agent agent = agent(1.0, 2.0, 0.5);
    PositionGuard.Levels levels = PositionGuard.levels(agent.risk(), shortOne);
    assertThat(levels.stopLoss()).isEqualByComparingTo("202");
    assertThat(levels.takeProfit()).isEqualByComparingTo("196");
    assertThat(levels.trailingStop()).isEqualByComparingTo("190.95");
    assertThat(PositionGuard.check(agent(1.0, 2.0, 0), shortOne, levels.stopLoss(), NOW, TTL).orElseThrow().reasons().get(0)).startsWith("stop-loss");
    assertThat(PositionGuard.check(agent(1.0, 2.0, 0), shortOne, levels.takeProfit(), NOW, TTL).orElseThrow().reasons().get(0)).startsWith("take-profit");
  }
}
