package dev.mariposa.backtest;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the risk engine reads in a backtest: no halt, the quotes being played, each agent's account
 * of the run, its resting entries in flight (any other order settles before the next signal is
 * taken), paper money and the paper venue's instruments.
 */
final class BacktestRiskState implements RiskStatePort {
  private final Map<String, AgentRun> runs;
  private final Function<String, Optional<Ticker>> tickers;
  private final Function<String, List<InFlightOrder>> resting;

  /** {@code resting}: an agent's resting entries, by agent id. */
  BacktestRiskState(Map<String, AgentRun> runs, Function<String, Optional<Ticker>> tickers,
                    Function<String, List<InFlightOrder>> resting) {
    this.runs = runs;
    this.tickers = tickers;
    this.resting = resting;
  }

  @Override
  public Future<Optional<JsonObject>> halt() {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<Optional<LatestTicker>> ticker(String symbol) {
    return Future.succeededFuture(tickers.apply(symbol).map(LatestTicker::of));
  }

  @Override
  public boolean realMoney(Agent agent) {
    return false;
  }

  @Override
  public Future<Account> account(Agent agent) {
    return Future.succeededFuture(runs.get(agent.id()).account());
  }

  @Override
  public Future<List<InFlightOrder>> inFlight(Agent agent, long now) {
    return Future.succeededFuture(resting.apply(agent.id()));
  }

  @Override
  public Future<Instrument> instrument(Agent agent, String symbol) {
    return Future.succeededFuture(agent.tradesSwaps() ? PaperMatching.swapInstrument(symbol) : PaperMatching.instrument(symbol));
  }
}
