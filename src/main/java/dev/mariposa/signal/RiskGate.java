package dev.mariposa.signal;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks before every order, on the live stores: it reads the halt, the ticker, the agent's
 * account, its orders in flight and the exchange's instrument, applies {@link RiskRules} (the same rules a backtest
 * applies), and last the order rate, shared by the cluster in Redis (last, so a rejected signal
 * does not spend a token).
 */
public final class RiskGate {
  private final MarketDataService market;
  private final AccountRepository accounts;
  private final RateLimiter limiter;
  private final RedisKeys keys;
  private final Halt halt;
  private final InFlightOrders inFlight;
  private final Function<Agent.Exchange, Exchange> exchanges;

  /** Approved with a ticket, or rejected by one named check with its reason. */
  public record Verdict(Optional<TradeTicket> ticket, String check, String reason) {
    public static Verdict reject(String check, String reason) {
      return new Verdict(Optional.empty(), check, reason);
    }

    public boolean approved() {
      return ticket.isPresent();
    }
  }

  public RiskGate(MarketDataService market, AccountRepository accounts, InFlightOrders inFlight, RateLimiter limiter,
                  RedisKeys keys, Halt halt, Function<Agent.Exchange, Exchange> exchanges) {
    this.inFlight = inFlight;
    this.market = market;
    this.accounts = accounts;
    this.limiter = limiter;
    this.keys = keys;
    this.halt = halt;
    this.exchanges = exchanges;
  }

  public Future<Verdict> check(Signal signal, Agent agent, long now) {
    Future<Optional<JsonObject>> halted = halt.current();
    Future<Optional<JsonObject>> ticker = market.latestTicker(signal.symbol());
    return Future.all(halted, ticker).compose(read -> {
      Exchange exchange = exchanges.apply(agent.account().exchange());
      Optional<Verdict> refused = RiskRules.screen(signal, agent, exchange.realMoney(), halted.result(), ticker.result(),
          now);
      if (refused.isPresent()) {
        return done(refused.get());
      }
      Future<Instrument> instrument = exchange.instrument(signal.symbol());
      Future<List<InFlightOrders.Order>> pending = inFlight.of(agent.id(), now);
      return Future.join(accounts.get(agent.id(), BigDecimal.valueOf(agent.account().startingBalance())), instrument,
              pending)
          .transform(ar -> {
            if (instrument.failed()) {
              return done(Verdict.reject("exchange", exchange.name() + ": " + instrument.cause().getMessage()));
            }
            if (ar.failed()) {
              return Future.failedFuture(ar.cause()); // MongoDB or Redis: retried with the signal, not a rejection
            }
            Verdict verdict = RiskRules.size(signal, agent, ar.result().resultAt(0), pending.result(),
                instrument.result(), RiskRules.mid(ticker.result().orElseThrow()), now);
            return verdict.approved() && RiskRules.countsAgainstOrderRate(signal) ? rate(agent, verdict) : done(verdict);
          });
    });
  }

  private Future<Verdict> rate(Agent agent, Verdict approved) {
    String key = keys.key("ratelimit:", RedisKeys.tag("orders:" + agent.id()), "minute");
    return limiter.acquire(RateLimiter.Limit.of(key, agent.risk().maxOrdersPerMinute(), Duration.ofMinutes(1)))
        .map(decision -> decision.allowed() ? approved
            : Verdict.reject("order_rate", "more than " + agent.risk().maxOrdersPerMinute() + " orders a minute; next in "
                + decision.retryAfter().toMillis() + " ms"));
  }

  private static Future<Verdict> done(Verdict verdict) {
    return Future.succeededFuture(verdict);
  }
}
