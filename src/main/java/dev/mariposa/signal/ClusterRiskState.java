package dev.mariposa.signal;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.kernel.port.RiskStatePort;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.market.swap.FundingRate;
import dev.mariposa.market.swap.SwapMarketReader;
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
  private final Function<String, Future<Optional<BigDecimal>>> fundingRates;

  /** Without swap market data: no funding rate is known. */
  public ClusterRiskState(MarketDataService market, AccountRepository accounts, InFlightOrders inFlight, Halt halt,
                          Function<Agent.Exchange, Exchange> exchanges) {
    this(market, accounts, inFlight, halt, exchanges, symbol -> Future.succeededFuture(Optional.empty()));
  }

  /** {@code swaps}: the swaps' market data the feed role caches (their funding rates). */
  public ClusterRiskState(MarketDataService market, AccountRepository accounts, InFlightOrders inFlight, Halt halt,
                          Function<Agent.Exchange, Exchange> exchanges, SwapMarketReader swaps) {
    this(market, accounts, inFlight, halt, exchanges, symbol -> swaps.latest(symbol)
        .map(latest -> latest.flatMap(l -> l.marks().funding()).flatMap(FundingRate::rate)));
  }

  private ClusterRiskState(MarketDataService market, AccountRepository accounts, InFlightOrders inFlight, Halt halt,
                           Function<Agent.Exchange, Exchange> exchanges,
                           Function<String, Future<Optional<BigDecimal>>> fundingRates) {
    this.market = market;
    this.accounts = accounts;
    this.inFlight = inFlight;
    this.halt = halt;
    this.exchanges = exchanges;
    this.fundingRates = fundingRates;
  }

  /** The funding rate of the current period, as the swap feed last cached it (it settles at the next funding time). */
  @Override
  public Future<Optional<BigDecimal>> nextFundingRate(String symbol) {
    return fundingRates.apply(symbol);
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
