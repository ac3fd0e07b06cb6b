package dev.mariposa.signal;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.Execution;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.market.LatestTicker;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The risk rules before every order, pure, in order: the global halt (exits and a close asked
 * through the API or the bridge pass it: they only reduce risk), the agent trades the symbol, live
 * venue prices for a real-money account ({@link LivePrices}), fresh market data (the ticker's
 * age), then on the agent's account the cooldown after a loss, the daily loss limit, the drawdown
 * limit, open positions and position notional for a buy (a sell or close needs a position: spot,
 * no shorting), and the exchange's minimums for the sized order: quantity and order value, so no
 * dust top-up goes out. Orders approved and not settled yet count as filled; exits are exempt
 * from the order rate. They size the order: a buy takes the room left under the position notional
 * (and the cash), a sell or close the whole position. The kernel's
 * {@link dev.mariposa.kernel.RiskEngine} applies them, live and in backtests; the order rate comes after.
 */
public final class RiskRules {
  /** The check that refuses a signal whose market data is older than the agent allows. */
  public static final String STALE_CHECK = "stale_market_data";
  /** The check that refuses a signal whose exchange did not give its instrument (away, or its breaker open). */
  public static final String EXCHANGE_CHECK = "exchange";

  private static final MathContext MC = MathContext.DECIMAL64;

  /** Approved with a ticket, or rejected by one named check with its reason. */
  public record Verdict(Optional<TradeTicket> ticket, String check, String reason) {
    public static Verdict reject(String check, String reason) {
      return new Verdict(Optional.empty(), check, reason);
    }

    public boolean approved() {
      return ticket.isPresent();
    }

    /** The same verdict, its ticket (if approved) changed. */
    public Verdict mapTicket(UnaryOperator<TradeTicket> change) {
      return new Verdict(ticket.map(change), check, reason);
    }
  }

  private RiskRules() {}

  /**
   * The checks that need no account: halt, agent, live prices for a real-money account
   * ({@code realMoney}: the agent's exchange spends real money), fresh ticker. Empty when the
   * signal passes them.
   */
  public static Optional<Verdict> screen(Signal signal, Agent agent, boolean realMoney, Optional<JsonObject> halted,
                                         Optional<LatestTicker> ticker, long now) {
    if (halted.isPresent() && !passesHalt(signal)) {
      return Optional.of(Verdict.reject("halt", "trading is halted: " + halted.get().getString("reason", "no reason given")));
    }
    if (!agent.enabled() || !agent.symbols().contains(signal.symbol())) {
      return Optional.of(Verdict.reject("agent", "agent " + agent.id()
          + (agent.enabled() ? " does not trade " + signal.symbol() : " is disabled")));
    }
    if (realMoney) {
      Optional<String> notLive = LivePrices.refusal(signal.symbol(), ticker, maxTickerAge(agent), now);
      if (notLive.isPresent()) {
        return Optional.of(Verdict.reject(LivePrices.CHECK, "real money: " + notLive.get()));
      }
    }
    return staleness(ticker, agent, now).map(reason -> Verdict.reject(STALE_CHECK, reason));
  }

  /** The oldest ticker the agent trades on. */
  public static Duration maxTickerAge(Agent agent) {
    return Duration.ofSeconds(agent.risk().maxTickerAgeSeconds());
  }

  /**
   * What the halt lets through: the position guard's exits, and a close a person asks for (a
   * trader flattening during a halt must not have to resume the agents' buying first).
   */
  static boolean passesHalt(Signal signal) {
    return signal.source() == Signal.Source.EXIT
        || signal.source() == Signal.Source.API && signal.action() == Signal.Action.CLOSE;
  }

  /** Exits do not spend the agent's order rate (nor wait for it): like the halt, they only reduce risk. */
  public static boolean countsAgainstOrderRate(Signal signal) {
    return signal.source() != Signal.Source.EXIT;
  }

  /** The price orders are sized at: the ticker's mid, exact (the one mid rule, {@link Ticker#mid}). */
  public static BigDecimal mid(Ticker ticker) {
    return ticker.mid();
  }

  /**
   * The account's limits and the order's size, at {@code price}, counting the agent's orders
   * approved and not settled yet ({@code inFlight}) as if they had filled at their signal's price.
   */
  public static Verdict size(Signal signal, Agent agent, Account account, List<InFlightOrder> inFlight,
                             Instrument instrument, Ticker ticker, long now) {
    return size(signal, agent, account, inFlight, instrument, ticker, Optional.empty(), now);
  }

  /**
   * As {@link #size(Signal, Agent, Account, List, Instrument, Ticker, long)}; a swap agent's order is
   * sized by {@link SwapRiskRules}, which reads the swap's next funding rate ({@code fundingRate},
   * empty when unknown).
   */
  public static Verdict size(Signal signal, Agent agent, Account account, List<InFlightOrder> inFlight,
                             Instrument instrument, Ticker ticker, Optional<BigDecimal> fundingRate, long now) {
    if (agent.tradesSwaps()) {
      return SwapRiskRules.size(signal, agent, account, inFlight, instrument, ticker, fundingRate, now);
    }
    BigDecimal price = mid(ticker);
    Agent.RiskLimits limits = agent.risk();
    Account.Position held = account.positions().get(signal.symbol());
    BigDecimal buying = BigDecimal.ZERO;
    BigDecimal selling = BigDecimal.ZERO;
    BigDecimal committed = BigDecimal.ZERO;
    Set<String> opening = new HashSet<>();
    for (InFlightOrder order : inFlight) {
      boolean same = order.symbol().equals(signal.symbol());
      if (order.side() == Side.BUY) {
        committed = committed.add(order.quantity().multiply(order.price(), MC), MC);
        buying = same ? buying.add(order.quantity(), MC) : buying;
        if (!account.positions().containsKey(order.symbol())) {
          opening.add(order.symbol());
        }
      } else if (same) {
        selling = selling.add(order.quantity(), MC);
      }
    }
    if (signal.action() != Signal.Action.BUY) {
      BigDecimal free = held == null ? BigDecimal.ZERO : held.quantity().subtract(selling, MC).max(BigDecimal.ZERO);
      BigDecimal quantity = instrument.roundQuantity(free);
      if (quantity.signum() == 0 || quantity.compareTo(instrument.minQuantity()) < 0) {
        return Verdict.reject("no_position", "no " + signal.symbol() + " position to sell (spot: no shorting)"
            + (selling.signum() > 0 ? "; " + selling.toPlainString() + " is being sold already" : ""));
      }
      return belowMinimumValue(signal, quantity, price, instrument)
          .orElseGet(() -> approve(signal, agent, Side.SELL, quantity, now));
    }
    Optional<Verdict> limited = entryLimits(signal, agent, account, opening, held == null && buying.signum() == 0,
        price, now);
    if (limited.isPresent()) {
      return limited.get();
    }
    BigDecimal heldQuantity = (held == null ? BigDecimal.ZERO : held.quantity()).add(buying, MC);
    BigDecimal heldNotional = heldQuantity.multiply(price, MC);
    BigDecimal cash = account.cash().subtract(committed, MC);
    BigDecimal room = BigDecimal.valueOf(limits.maxPositionNotional()).subtract(heldNotional, MC)
        .min(cash.divide(BigDecimal.ONE.add(new BigDecimal("0.002")), MC)); // fees and a little slippage
    if (room.signum() <= 0) {
      return Verdict.reject("max_position_notional", "the " + signal.symbol() + " position is worth "
          + heldNotional.setScale(2, RoundingMode.HALF_UP) + ", the limit is " + limits.maxPositionNotional()
          + (buying.signum() > 0 ? ", " + buying.toPlainString() + " of it being bought" : "")
          + (cash.signum() <= 0 ? " (and no cash left)" : ""));
    }
    BigDecimal quantity = instrument.roundQuantity(room.divide(price, MC));
    if (quantity.compareTo(instrument.minQuantity()) < 0) {
      return Verdict.reject("exchange_minimum", "the order would be " + quantity.toPlainString() + " "
          + signal.symbol() + ", below the exchange's minimum quantity " + instrument.minQuantity().toPlainString()
          + (held != null ? " (no top-up below the minimum)" : ""));
    }
    // A top-up of the room left, however small, would be dust the venue refuses.
    return belowMinimumValue(signal, quantity, price, instrument)
        .orElseGet(() -> approveEntry(signal, agent, quantity, ticker, instrument, now));
  }

  /**
   * The account's limits on an entry, spot or swap: the cooldown after a loss, the daily loss, the
   * drawdown from the peak, and (for a new position, {@code opensPosition}) the open positions,
   * counting the symbols of entries in flight ({@code opening}).
   */
  static Optional<Verdict> entryLimits(Signal signal, Agent agent, Account account, Set<String> opening,
                                       boolean opensPosition, BigDecimal price, long now) {
    Agent.RiskLimits limits = agent.risk();
    if (account.lastLossAt() > 0 && now < account.lastLossAt() + limits.cooldownSeconds() * 1000L) {
      return Optional.of(Verdict.reject("cooldown", "cooling down after a loss until "
          + Instant.ofEpochMilli(account.lastLossAt() + limits.cooldownSeconds() * 1000L)));
    }
    BigDecimal today = account.realizedOn(now);
    if (today.negate().compareTo(BigDecimal.valueOf(limits.dailyLossLimit())) >= 0) {
      return Optional.of(Verdict.reject("daily_loss_limit", "lost " + today.negate().setScale(2, RoundingMode.HALF_UP)
          + " today, the limit is " + limits.dailyLossLimit()));
    }
    BigDecimal equity = account.equity(Map.of(signal.symbol(), price));
    if (account.peakEquity().signum() > 0) {
      BigDecimal drawdown = account.peakEquity().subtract(equity, MC).multiply(BigDecimal.valueOf(100), MC)
          .divide(account.peakEquity(), MC);
      if (drawdown.compareTo(BigDecimal.valueOf(limits.maxDrawdownPct())) >= 0) {
        return Optional.of(Verdict.reject("drawdown_limit", "drawdown " + drawdown.setScale(2, RoundingMode.HALF_UP)
            + "% from the peak, the limit is " + limits.maxDrawdownPct() + "%"));
      }
    }
    int positions = account.positions().size() + opening.size();
    if (opensPosition && positions >= limits.maxOpenPositions()) {
      return Optional.of(Verdict.reject("max_open_positions", positions + " positions open"
          + (opening.isEmpty() ? "" : " or opening") + ", the limit is " + limits.maxOpenPositions()));
    }
    return Optional.empty();
  }

  /** The venue's minimum order value (quote asset), as the venue checks it: quantity × price. */
  static Optional<Verdict> belowMinimumValue(Signal signal, BigDecimal quantity, BigDecimal price,
                                                     Instrument instrument) {
    BigDecimal value = quantity.multiply(price, MC);
    if (value.compareTo(instrument.minNotional()) >= 0) {
      return Optional.empty();
    }
    return Optional.of(Verdict.reject("exchange_minimum", "the order would be " + quantity.toPlainString() + " "
        + signal.symbol() + " worth " + value.setScale(2, RoundingMode.HALF_UP).toPlainString()
        + ", below the exchange's minimum order value " + instrument.minNotional().toPlainString()
        + (signal.action() == Signal.Action.BUY ? "" : " (a position this small cannot be sold at the venue)")));
  }

  /**
   * A buy, as the agent's execution style places it: at market, an IOC or FOK limit a few bps above
   * the mid, or a resting limit or post-only priced from the book (with its plan for later).
   */
  static Verdict approveEntry(Signal signal, Agent agent, BigDecimal quantity, Ticker ticker,
                                      Instrument instrument, long now) {
    Execution execution = agent.execution();
    OrderRequest.Type type = OrderRequest.Type.valueOf(execution.type().name());
    BigDecimal mid = mid(ticker);
    Optional<BigDecimal> limit = execution.buyLimit(ticker.bid(), ticker.ask(), mid, instrument.tickSize());
    Optional<RestingPlan> resting = type.rests() ? Optional.of(new RestingPlan(execution, mid, maxTickerAge(agent))) : Optional.empty();
    return new Verdict(Optional.of(new TradeTicket(signal, Side.BUY, quantity, agent.account().exchange(), now, type,
        limit, resting)), "approved", "");
  }

  private static Verdict approve(Signal signal, Agent agent, Side side, BigDecimal quantity, long now) {
    return new Verdict(Optional.of(new TradeTicket(signal, side, quantity, agent.account().exchange(), now)), "approved", "");
  }

  private static Optional<String> staleness(Optional<LatestTicker> ticker, Agent agent, long now) {
    if (ticker.isEmpty()) {
      return Optional.of("no ticker for the symbol: not fed, or not for a while");
    }
    long age = now - ticker.get().ticker().receivedAt();
    if (ticker.get().staleCopy() || age > agent.risk().maxTickerAgeSeconds() * 1000L) {
      return Optional.of("the ticker is " + age + " ms old, the limit is " + agent.risk().maxTickerAgeSeconds() + " s");
    }
    return Optional.empty();
  }
}
