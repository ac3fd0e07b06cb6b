package dev.mariposa.signal;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.kernel.port.RiskStatePort;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.market.MarketDataService;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the risk engine reads, live: the halt and the orders in flight in Redis, the latest ticker
 * of the market layer, the account in MongoDB, the instrument from the agent's exchange.
 */
public final class ClusterRiskState implements RiskStatePort {
  private final MarketDataService market;
  private final AccountRepository accounts;
  private final InFlightOrders inFlight;
  private final Halt halt;
  private final Function<Agent.Exchange, Exchange> exchanges;

  public ClusterRiskState(MarketDataService market, AccountRepository accounts, InFlightOrders inFlight, Halt halt,
                          Function<Agent.Exchange, Exchange> exchanges) {
    this.market = market;
    this.accounts = accounts;
    this.inFlight = inFlight;
    this.halt = halt;
    this.exchanges = exchanges;
  }

  @Override
  public Future<Optional<JsonObject>> halt() {
    return halt.current();
  }

  @Override
  public Future<Optional<LatestTicker>> ticker(String symbol) {
    return market.latestTickerRecord(symbol);
  }

  @Override
  public boolean realMoney(Agent agent) {
    return exchange(agent).realMoney();
  }

  @Override
  public Future<Account> account(Agent agent) {
    return accounts.forDecision(agent.id(), BigDecimal.valueOf(agent.account().startingBalance()));
  }

  @Override
  public Future<List<InFlightOrder>> inFlight(Agent agent, long now) {
    return inFlight.of(agent.id(), now);
  }

  @Override
  public Future<Instrument> instrument(Agent agent, String symbol) {
    Exchange exchange = exchange(agent);
    Future<Instrument> instrument = agent.tradesSwaps() ? exchange.swapInstrumentFor(symbol) : exchange.instrument(symbol);
    return instrument.recover(failure ->
        Future.failedFuture(new VertxException(exchange.name() + ": " + failure.getMessage(), true)));
  }

  private Exchange exchange(Agent agent) {
    return exchanges.apply(agent.account().exchange());
  }
}
