package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.kernel.port.OrderRatePort;
import dev.mariposa.kernel.port.RiskStatePort;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.signal.InFlightOrder;
import dev.mariposa.signal.RiskRules;
import dev.mariposa.signal.RiskRules.Verdict;
import dev.mariposa.signal.Signal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The checks before every order, the same live and in backtests: it reads the halt and the ticker,
 * screens the signal ({@link RiskRules#screen}), then reads the agent's account, its orders in
 * flight and the venue's instrument and sizes the order ({@link RiskRules#size}), and last takes a
 * token from the agent's order rate (last, so a rejected signal does not spend one; exits take
 * none). A store that cannot answer fails the check (the signal is retried, not rejected); a venue
 * that cannot describe the symbol rejects it.
 */
public final class RiskEngine {
  private final RiskStatePort state;
  private final OrderRatePort orderRate;

  public RiskEngine(RiskStatePort state, OrderRatePort orderRate) {
    this.state = state;
    this.orderRate = orderRate;
  }

  /** The verdict on {@code signal} of {@code agent} at {@code now} (ms since the epoch). */
  public Future<Verdict> check(Signal signal, Agent agent, long now) {
    Future<Optional<JsonObject>> halted = state.halt();
    Future<Optional<LatestTicker>> ticker = state.ticker(signal.symbol());
    return Future.all(halted, ticker).compose(read -> {
      Optional<Verdict> refused = RiskRules.screen(signal, agent, state.realMoney(agent), halted.result(),
          ticker.result(), now);
      if (refused.isPresent()) {
        return Future.succeededFuture(refused.get());
      }
      return size(signal, agent, ticker.result().orElseThrow().ticker(), now)
          .compose(verdict -> verdict.approved() && RiskRules.countsAgainstOrderRate(signal)
              ? rate(agent, verdict, now)
              : Future.succeededFuture(verdict));
    });
  }

  private Future<Verdict> size(Signal signal, Agent agent, Ticker ticker, long now) {
    Future<Account> account = state.account(agent);
    Future<Instrument> instrument = state.instrument(agent, signal.symbol());
    Future<List<InFlightOrder>> pending = state.inFlight(agent, now);
    Future<Optional<BigDecimal>> funding = agent.tradesSwaps()
        ? state.nextFundingRate(signal.symbol()).otherwise(Optional.empty()) : Future.succeededFuture(Optional.empty());
    return Future.join(account, instrument, pending, funding).transform(read -> {
      if (instrument.failed()) {
        return Future.succeededFuture(Verdict.reject(RiskRules.EXCHANGE_CHECK, instrument.cause().getMessage()));
      }
      if (read.failed()) {
        return Future.failedFuture(read.cause());
      }
      return Future.succeededFuture(RiskRules.size(signal, agent, account.result(), pending.result(),
          instrument.result(), ticker, funding.result(), now));
    });
  }

  private Future<Verdict> rate(Agent agent, Verdict approved, long now) {
    int perMinute = agent.risk().maxOrdersPerMinute();
    return orderRate.acquire(agent, now).map(permit -> permit.allowed() ? approved
        : Verdict.reject("order_rate", "more than " + perMinute + " orders a minute; next in "
            + permit.retryAfter().toMillis() + " ms"));
  }
}
