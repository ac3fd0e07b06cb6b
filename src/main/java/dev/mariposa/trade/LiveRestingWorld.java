package dev.mariposa.trade;

import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.events.Ticker;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.kernel.port.RestingOrderPort;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.signal.Halt;
import dev.mariposa.signal.LivePrices;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The resting-order life cycle's view of the cluster: quotes from the market cache (for real money
 * only live venue prices, as the risk gate requires), the cluster's halt, and the trade role's agents.
 */
final class LiveRestingWorld implements RestingOrderPort {
  private final MarketDataService market;
  private final Halt halt;
  private final Function<String, Optional<Agent>> agents;
  private final MarketClock clock;

  LiveRestingWorld(MarketDataService market, Halt halt, Function<String, Optional<Agent>> agents, MarketClock clock) {
    this.market = market;
    this.halt = halt;
    this.agents = agents;
    this.clock = clock;
  }

  @Override
  public Future<Optional<Ticker>> liveQuote(String symbol, Duration maxAge, boolean realMoney) {
    return market.latestTickerRecord(symbol).map(found -> found
        .filter(t -> fresh(symbol, t, maxAge, realMoney, clock.millis(symbol))).map(LatestTicker::ticker));
  }

  /**
   * Whether a resting entry may be moved on this ticker at {@code now}: no older than
   * {@code maxAge} and not a stale copy; for real money, live venue prices as the risk gate wants them.
   */
  static boolean fresh(String symbol, LatestTicker ticker, Duration maxAge, boolean realMoney, long now) {
    if (realMoney) {
      return LivePrices.refusal(symbol, Optional.of(ticker), maxAge, now).isEmpty();
    }
    return !ticker.staleCopy() && now - ticker.ticker().receivedAt() <= maxAge.toMillis();
  }

  @Override
  public Future<Optional<Double>> bookImbalance(String symbol) {
    return market.latestOrderBook(symbol, BookFeatures.DEPTH).map(book -> book.flatMap(BookFeatures::of)
        .map(BookFeatures::imbalance));
  }

  @Override
  public Future<Optional<String>> cancelReason(String agentId) {
    Optional<Agent> agent = agents.apply(agentId);
    if (agent.isEmpty()) {
      return Future.succeededFuture(Optional.of("agent " + agentId + " was deleted"));
    }
    if (!agent.get().enabled()) {
      return Future.succeededFuture(Optional.of("agent " + agentId + " is disabled"));
    }
    return halt.current().map(h -> h.map(state -> "trading halted: " + state.getString("reason", "no reason given")));
  }
}
