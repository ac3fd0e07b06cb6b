package dev.mariposa.testing;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.kernel.port.RiskStatePort;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.signal.InFlightOrder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The risk engine's inputs in memory, for a paper agent: no halt, a ticker of 99/101 received at
 * {@code now}, nothing in flight, the account {@code accounts} gives, the paper instruments; the
 * exchange can be made to stop answering ({@link #exchangeAway}).
 */
public final class PaperRiskState implements RiskStatePort {
  private final long now;
  private final Function<Agent, Account> accounts;
  public volatile boolean exchangeAway;

  public PaperRiskState(long now, Function<Agent, Account> accounts) {
    this.now = now;
    this.accounts = accounts;
  }

  /** Every agent at its starting balance, holding nothing. */
  public static PaperRiskState fresh(long now) {
    return new PaperRiskState(now, agent -> Account.open(agent.id(), BigDecimal.valueOf(agent.account().startingBalance())));
  }

  @Override
  public Future<Optional<JsonObject>> halt() {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<Optional<LatestTicker>> ticker(String symbol) {
    return Future.succeededFuture(Optional.of(LatestTicker.of(Ticker.quote(symbol, "test", now, now,
        BigDecimal.valueOf(99), BigDecimal.ONE, BigDecimal.valueOf(101), BigDecimal.ONE))));
  }

  @Override
  public boolean realMoney(Agent agent) {
    return false;
  }

  @Override
  public Future<Account> account(Agent agent) {
    return Future.succeededFuture(accounts.apply(agent));
  }

  @Override
  public Future<List<InFlightOrder>> inFlight(Agent agent, long at) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Instrument> instrument(Agent agent, String symbol) {
    return exchangeAway ? Future.failedFuture("the exchange is not answering (breaker open)")
        : Future.succeededFuture(agent.tradesSwaps() ? PaperMatching.swapInstrument(symbol) : PaperMatching.instrument(symbol));
  }
}
