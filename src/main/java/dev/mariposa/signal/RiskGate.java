package dev.mariposa.signal;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.Side;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks before every order, in order: the global halt (exits pass it: they only reduce
 * risk), the agent trades the symbol, fresh market data (the ticker's age), then on the agent's
 * account the cooldown after a loss, the daily loss limit, the drawdown limit, open positions and
 * position notional for a buy (a sell or close needs a position: spot, no shorting), the exchange's
 * minimums for the sized quantity, and last the order rate (last, so a rejected signal does not
 * spend a token). The gate sizes the order: a buy takes the room left under the position notional
 * (and the cash), a sell or close the whole position.
 */
public final class RiskGate {
  private static final MathContext MC = MathContext.DECIMAL64;

  private final MarketDataService market;
  private final AccountRepository accounts;
  private final RateLimiter limiter;
  private final RedisKeys keys;
  private final Halt halt;
  private final Function<Agent.Exchange, Exchange> exchanges;

  /** Approved with a ticket, or rejected by one named check with its reason. */
  public record Verdict(Optional<TradeTicket> ticket, String check, String reason) {
    static Verdict reject(String check, String reason) {
      return new Verdict(Optional.empty(), check, reason);
    }

    public boolean approved() {
      return ticket.isPresent();
    }
  }

  public RiskGate(MarketDataService market, AccountRepository accounts, RateLimiter limiter, RedisKeys keys, Halt halt,
                  Function<Agent.Exchange, Exchange> exchanges) {
    this.market = market;
    this.accounts = accounts;
    this.limiter = limiter;
    this.keys = keys;
    this.halt = halt;
    this.exchanges = exchanges;
  }

  public Future<Verdict> check(Signal signal, Agent agent, long now) {
    return halt.current().compose(halted -> {
      if (halted.isPresent() && signal.source() != Signal.Source.EXIT) {
        return done(Verdict.reject("halt", "trading is halted: " + halted.get().getString("reason", "no reason given")));
      }
      if (!agent.enabled() || !agent.symbols().contains(signal.symbol())) {
        return done(Verdict.reject("agent", "agent " + agent.id() + (agent.enabled() ? " does not trade " + signal.symbol() : " is disabled")));
      }
      return market.ticker(signal.symbol()).compose(ticker -> {
        Optional<String> stale = staleness(ticker, agent, now);
        if (stale.isPresent()) {
          return done(Verdict.reject("stale_market_data", stale.get()));
        }
        BigDecimal price = mid(ticker.get());
        Exchange exchange = exchanges.apply(agent.account().exchange());
        Future<Instrument> instrument = exchange.instrument(signal.symbol());
        return Future.join(accounts.get(agent.id(), BigDecimal.valueOf(agent.account().startingBalance())), instrument)
            .transform(ar -> {
              if (instrument.failed()) {
                return done(Verdict.reject("exchange", exchange.name() + ": " + instrument.cause().getMessage()));
              }
              if (ar.failed()) {
                return Future.failedFuture(ar.cause()); // MongoDB: retried with the signal, not a rejection
              }
              return size(signal, agent, ar.result().resultAt(0), instrument.result(), price, now)
                  .compose(verdict -> verdict.approved() ? rate(agent, verdict) : done(verdict));
            });
      });
    });
  }

  private Future<Verdict> size(Signal signal, Agent agent, Account account, Instrument instrument, BigDecimal price, long now) {
    Agent.RiskLimits limits = agent.risk();
    Account.Position held = account.positions().get(signal.symbol());
    if (signal.action() != Signal.Action.BUY) {
      BigDecimal quantity = held == null ? BigDecimal.ZERO : instrument.roundQuantity(held.quantity());
      if (quantity.signum() == 0 || quantity.compareTo(instrument.minQuantity()) < 0) {
        return done(Verdict.reject("no_position", "no " + signal.symbol() + " position to sell (spot: no shorting)"));
      }
      return done(approve(signal, agent, Side.SELL, quantity, now));
    }
    if (account.lastLossAt() > 0 && now < account.lastLossAt() + limits.cooldownSeconds() * 1000L) {
      return done(Verdict.reject("cooldown", "cooling down after a loss until "
          + java.time.Instant.ofEpochMilli(account.lastLossAt() + limits.cooldownSeconds() * 1000L)));
    }
    BigDecimal today = account.realizedOn(now);
    if (today.negate().compareTo(BigDecimal.valueOf(limits.dailyLossLimit())) >= 0) {
      return done(Verdict.reject("daily_loss_limit", "lost " + today.negate().setScale(2, RoundingMode.HALF_UP)
          + " today, the limit is " + limits.dailyLossLimit()));
    }
    BigDecimal equity = account.equity(Map.of(signal.symbol(), price));
    if (account.peakEquity().signum() > 0) {
      BigDecimal drawdown = account.peakEquity().subtract(equity, MC).multiply(BigDecimal.valueOf(100), MC)
          .divide(account.peakEquity(), MC);
      if (drawdown.compareTo(BigDecimal.valueOf(limits.maxDrawdownPct())) >= 0) {
        return done(Verdict.reject("drawdown_limit", "drawdown " + drawdown.setScale(2, RoundingMode.HALF_UP)
            + "% from the peak, the limit is " + limits.maxDrawdownPct() + "%"));
      }
    }
    if (held == null && account.positions().size() >= limits.maxOpenPositions()) {
      return done(Verdict.reject("max_open_positions", account.positions().size() + " positions open, the limit is "
          + limits.maxOpenPositions()));
    }
    BigDecimal heldNotional = held == null ? BigDecimal.ZERO : held.quantity().multiply(price, MC);
    BigDecimal room = BigDecimal.valueOf(limits.maxPositionNotional()).subtract(heldNotional, MC)
        .min(account.cash().divide(BigDecimal.ONE.add(new BigDecimal("0.002")), MC)); // fees and a little slippage
    if (room.signum() <= 0) {
      return done(Verdict.reject("max_position_notional", "the " + signal.symbol() + " position is worth "
          + heldNotional.setScale(2, RoundingMode.HALF_UP) + ", the limit is " + limits.maxPositionNotional()
          + (account.cash().signum() <= 0 ? " (and no cash left)" : "")));
    }
    BigDecimal quantity = instrument.roundQuantity(room.divide(price, MC));
    if (quantity.compareTo(instrument.minQuantity()) < 0) {
      return done(Verdict.reject("exchange_minimum", "the order would be " + quantity.toPlainString() + " "
          + signal.symbol() + ", below the exchange's minimum " + instrument.minQuantity().toPlainString()));
    }
    return done(approve(signal, agent, Side.BUY, quantity, now));
  }

  private Future<Verdict> rate(Agent agent, Verdict approved) {
    String key = keys.key("ratelimit:", RedisKeys.tag("orders:" + agent.id()), "minute");
    return limiter.acquire(RateLimiter.Limit.of(key, agent.risk().maxOrdersPerMinute(), Duration.ofMinutes(1)))
        .map(decision -> decision.allowed() ? approved
            : Verdict.reject("order_rate", "more than " + agent.risk().maxOrdersPerMinute() + " orders a minute; next in "
                + decision.retryAfter().toMillis() + " ms"));
  }

  private static Verdict approve(Signal signal, Agent agent, Side side, BigDecimal quantity, long now) {
    return new Verdict(Optional.of(new TradeTicket(signal, side, quantity, agent.account().exchange(), now)), "approved", "");
  }

  private static Optional<String> staleness(Optional<JsonObject> ticker, Agent agent, long now) {
    if (ticker.isEmpty()) {
      return Optional.of("no ticker for the symbol: not fed, or not for a while");
    }
    long age = now - ticker.get().getLong("receivedAt", 0L);
    if (ticker.get().getBoolean("stale", false) || age > agent.risk().maxTickerAgeSeconds() * 1000L) {
      return Optional.of("the ticker is " + age + " ms old, the limit is " + agent.risk().maxTickerAgeSeconds() + " s");
    }
    return Optional.empty();
  }

  private static BigDecimal mid(JsonObject ticker) {
    return BigDecimal.valueOf((ticker.getDouble("bid") + ticker.getDouble("ask")) / 2);
  }

  private static Future<Verdict> done(Verdict verdict) {
    return Future.succeededFuture(verdict);
  }

}
