package dev.mariposa.kernel.port;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.signal.InFlightOrder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** What the risk engine reads before an order: the halt, the market, the agent's account and venue. */
public interface RiskStatePort {
  /** The halt in force, if any ({@code {halted, reason, by, at}}). */
  Future<Optional<JsonObject>> halt();

  /** The symbol's latest ticker, if any (its {@code receivedAt} says how old it is). */
  Future<Optional<LatestTicker>> ticker(String symbol);

  /** Whether the agent's venue spends real money (it must then trade on live venue prices). */
  boolean realMoney(Agent agent);

  /** The agent's account (its starting balance if it has none yet). */
  Future<Account> account(Agent agent);

  /** The agent's orders approved and not settled yet at {@code now}. */
  Future<List<InFlightOrder>> inFlight(Agent agent, long now);

  /** The symbol's rules at the agent's venue; failed, with a message naming the venue, when it cannot say. */
  Future<Instrument> instrument(Agent agent, String symbol);

  /**
   * The next funding rate of the symbol's perpetual swap (0.0001 = 0.01 %), for the funding limit
   * of a swap entry; empty when unknown (the limit is then not applied).
   */
  default Future<Optional<BigDecimal>> nextFundingRate(String symbol) {
    return Future.succeededFuture(Optional.empty());
  }
}
