package dev.mariposa.signal;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.Liquidation;
import dev.mariposa.agent.Market;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.signal.RiskRules.Verdict;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The risk rules of a perpetual swap agent's order, after {@link RiskRules#screen}. A BUY opens or
 * adds to a long, a SELL a short (when the agent goes short); a signal against the position held,
 * and a CLOSE, close it whole with a reduce-only order: a position is never flipped by one order.
 * An entry passes the account's limits ({@link RiskRules#entryLimits}), then the swap's:
 * <ul>
 *   <li>the account's leverage at most the instrument's maximum;
 *   <li>the position's notional (held, in flight, and this order) within {@code maxPositionNotional},
 *       and its margin within the cash no other position or order reserves;
 *   <li>the position's liquidation price after the order at least {@code liquidationBufferPct} from
 *       the mark, and the stop-loss before it;
 *   <li>the next funding rate, when known, at most {@code maxFundingRatePct} against the side.
 * </ul>
 * Sizes and prices are the mid's, as for spot.
 */
final class SwapRiskRules {
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  /** The closing fee and a little slippage kept aside from the margin, as spot keeps them from cash. */
  private static final BigDecimal MARGIN_BUFFER = new BigDecimal("1.002");

  private SwapRiskRules() {}

  static Verdict size(Signal signal, Agent agent, Account account, List<InFlightOrder> inFlight, Instrument instrument,
                      Ticker ticker, Optional<BigDecimal> fundingRate, long now) {
    Market market = agent.account().market();
    Account.Position held = account.positions().get(signal.symbol());
    if (signal.action() == Signal.Action.CLOSE) {
      return close(signal, agent, held, inFlight, instrument, now);
    }
    PositionSide direction = signal.action() == Signal.Action.BUY ? PositionSide.LONG : PositionSide.SHORT;
    if (held != null && held.side() != direction) {
      return close(signal, agent, held, inFlight, instrument, now);
    }
    if (direction == PositionSide.SHORT && !market.shorts()) {
      return Verdict.reject("no_position", "no " + signal.symbol() + " position to sell, and agent " + agent.id()
          + " does not go short (its account's short is false)");
    }
    if (market.leverage() > instrument.maxLeverage()) {
      return Verdict.reject("leverage", "leverage " + market.leverage() + " is above the " + signal.symbol()
          + " swap's maximum of " + instrument.maxLeverage());
    }
    return entry(signal, agent, account, held, direction, inFlight, instrument, ticker, fundingRate, now);
  }

  /** The whole position, less what orders in flight already close, in one reduce-only order. */
  private static Verdict close(Signal signal, Agent agent, Account.Position held, List<InFlightOrder> inFlight,
                               Instrument instrument, long now) {
    if (held == null) {
      return Verdict.reject("no_position", "no " + signal.symbol() + " position to close");
    }
    Side closing = held.side().closing();
    BigDecimal underWay = BigDecimal.ZERO;
    for (InFlightOrder order : inFlight) {
      if (order.symbol().equals(signal.symbol()) && order.side() == closing) {
        underWay = underWay.add(order.quantity(), MC);
      }
    }
    BigDecimal quantity = instrument.roundQuantity(held.quantity().subtract(underWay, MC).max(BigDecimal.ZERO));
    if (quantity.signum() == 0 || quantity.compareTo(instrument.minQuantity()) < 0) {
      return Verdict.reject("no_position", "the " + signal.symbol() + " " + held.side().venueName() + " is being closed already ("
          + underWay.toPlainString() + " under way)");
    }
    TradeTicket ticket = new TradeTicket(signal, closing, quantity, agent.account().exchange(), now)
        .onSwap(SwapOrder.closing(agent.account().market(), held.side()));
    return new Verdict(Optional.of(ticket), "approved", "");
  }

  private static Verdict entry(Signal signal, Agent agent, Account account, Account.Position held, PositionSide direction,
                               List<InFlightOrder> inFlight, Instrument instrument, Ticker ticker,
                               Optional<BigDecimal> fundingRate, long now) {
    Market market = agent.account().market();
    Agent.RiskLimits limits = agent.risk();
    BigDecimal price = RiskRules.mid(ticker);
    BigDecimal leverage = BigDecimal.valueOf(market.leverage());
    BigDecimal adding = BigDecimal.ZERO;
    BigDecimal reserved = BigDecimal.ZERO;
    Set<String> opening = new HashSet<>();
    for (InFlightOrder order : inFlight) {
      // Every order in flight may open: its margin is reserved until it settles.
      reserved = reserved.add(order.quantity().multiply(order.price(), MC).divide(leverage, MC), MC);
      if (order.symbol().equals(signal.symbol())) {
        adding = order.side() == direction.opening() ? adding.add(order.quantity(), MC) : adding;
      } else if (!account.positions().containsKey(order.symbol())) {
        opening.add(order.symbol());
      }
    }
    Optional<Verdict> limited = RiskRules.entryLimits(signal, agent, account, opening,
        held == null && adding.signum() == 0, price, now);
    if (limited.isPresent()) {
      return limited.get();
    }
    Optional<Verdict> funding = fundingRate.flatMap(rate -> funding(signal, direction, rate, limits));
    if (funding.isPresent()) {
      return funding.get();
    }
    BigDecimal heldQuantity = (held == null ? BigDecimal.ZERO : held.quantity()).add(adding, MC);
    BigDecimal heldNotional = heldQuantity.multiply(price, MC);
    BigDecimal notionalRoom = BigDecimal.valueOf(limits.maxPositionNotional()).subtract(heldNotional, MC);
    BigDecimal freeMargin = account.freeCash().subtract(reserved, MC);
    BigDecimal room = notionalRoom.min(freeMargin.multiply(leverage, MC).divide(MARGIN_BUFFER, MC));
    if (room.signum() <= 0) {
      return Verdict.reject("max_position_notional", "the " + signal.symbol() + " " + direction.venueName()
          + " is worth " + heldNotional.setScale(2, RoundingMode.HALF_UP) + ", the limit is " + limits.maxPositionNotional()
          + (freeMargin.signum() <= 0 ? " (and no margin left: " + freeMargin.setScale(2, RoundingMode.HALF_UP)
              + " free)" : ""));
    }
    BigDecimal quantity = instrument.roundQuantity(room.divide(price, MC));
    if (quantity.signum() == 0 || quantity.compareTo(instrument.minQuantity()) < 0) {
      return Verdict.reject("exchange_minimum", "the order would be " + quantity.toPlainString() + " "
          + signal.symbol() + ", below the swap's minimum quantity " + instrument.minQuantity().toPlainString());
    }
    Optional<Verdict> unsafe = liquidation(signal, agent, account, held, direction, quantity, price, instrument);
    if (unsafe.isPresent()) {
      return unsafe.get();
    }
    return approve(signal, agent, direction, quantity, ticker, instrument, now);
  }

  /** Refused when the next funding rate is more than the limit against the side (a long pays a positive rate). */
  private static Optional<Verdict> funding(Signal signal, PositionSide direction, BigDecimal rate, Agent.RiskLimits limits) {
    BigDecimal paid = direction == PositionSide.LONG ? rate : rate.negate();
    BigDecimal paidPct = paid.multiply(HUNDRED, MC);
    if (paidPct.compareTo(BigDecimal.valueOf(limits.maxFundingRatePct())) <= 0) {
      return Optional.empty();
    }
    return Optional.of(Verdict.reject("funding_rate", "a " + direction.venueName() + " of " + signal.symbol()
        + " would pay " + paidPct.stripTrailingZeros().toPlainString() + "% at the next funding, the limit is "
        + limits.maxFundingRatePct() + "%"));
  }

  /**
   * The position after the order, margined at the account's leverage: its liquidation price at
   * least the buffer from the mark, and the stop-loss (from its average entry) on the safe side of it.
   */
  private static Optional<Verdict> liquidation(Signal signal, Agent agent, Account account, Account.Position held,
                                               PositionSide direction, BigDecimal quantity, BigDecimal price,
                                               Instrument instrument) {
    Market market = agent.account().market();
    Account after = account.applySwap("risk-check", signal.symbol(), SwapOrder.opening(market, direction),
        direction == PositionSide.LONG, quantity, price, BigDecimal.ZERO, 0);
    Account.Position position = after.positions().get(signal.symbol());
    BigDecimal margin = Liquidation.margin(after, position, market.marginMode());
    BigDecimal liquidationPrice = Liquidation.price(position, margin, instrument.maintenanceMarginRate(),
        Liquidation.SWAP_TAKER_FEE);
    BigDecimal distance = Liquidation.distancePct(liquidationPrice, price);
    double buffer = agent.risk().liquidationBufferPct();
    if (liquidationPrice.signum() > 0 && distance.compareTo(BigDecimal.valueOf(buffer)) < 0) {
      return Optional.of(Verdict.reject("liquidation_distance", "the " + signal.symbol() + " "
          + direction.venueName() + " would be liquidated at " + plain(liquidationPrice) + ", "
          + distance.setScale(2, RoundingMode.HALF_UP) + "% from the mark " + plain(price) + "; the buffer is "
          + buffer + "%"));
    }
    double stopPct = agent.risk().stopLossPct();
    if (stopPct > 0) {
      BigDecimal move = BigDecimal.valueOf(stopPct).divide(HUNDRED, MC);
      BigDecimal stop = position.averagePrice().multiply(
          direction == PositionSide.LONG ? BigDecimal.ONE.subtract(move, MC) : BigDecimal.ONE.add(move, MC), MC);
      boolean beyond = direction == PositionSide.LONG ? stop.compareTo(liquidationPrice) <= 0
          : stop.compareTo(liquidationPrice) >= 0;
      if (beyond) {
        return Optional.of(Verdict.reject("stop_beyond_liquidation", "the stop-loss at " + plain(stop)
            + " would come after the liquidation at " + plain(liquidationPrice) + ": lower the stop or the leverage"));
      }
    }
    return Optional.empty();
  }

  /** An entry placed as the agent's execution style places it: a long as a spot buy, a short by orders that take. */
  private static Verdict approve(Signal signal, Agent agent, PositionSide direction, BigDecimal quantity, Ticker ticker,
                                 Instrument instrument, long now) {
    SwapOrder terms = SwapOrder.opening(agent.account().market(), direction);
    if (direction == PositionSide.LONG) {
      return RiskRules.approveEntry(signal, agent, quantity, ticker, instrument, now)
          .mapTicket(ticket -> ticket.onSwap(terms));
    }
    OrderRequest.Type type = OrderRequest.Type.valueOf(agent.execution().type().name());
    Optional<BigDecimal> limit = agent.execution().sellLimit(RiskRules.mid(ticker), instrument.tickSize());
    TradeTicket ticket = new TradeTicket(signal, Side.SELL, quantity, agent.account().exchange(), now, type, limit)
        .onSwap(terms);
    return new Verdict(Optional.of(ticket), "approved", "");
  }

  private static String plain(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
