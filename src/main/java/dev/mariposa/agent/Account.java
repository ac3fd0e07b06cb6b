package dev.mariposa.agent;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.exchange.SwapOrder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's account: cash in the quote asset, positions with their average entry price (spot:
 * long only, paid in full; a perpetual swap: long or short on margin, see {@link #applySwap}),
 * realized profit (fees and funding included) in total and for the current UTC day, the funding
 * received (negative: paid), the equity peak for the drawdown limit, and when the last losing
 * trade closed (the cooldown). Immutable: a fill gives a new account. Money is BigDecimal, stored
 * as strings.
 *
 * <p>Cash is the wallet: a swap position's margin stays in it (reserved, see {@link #freeCash}),
 * its profit or loss comes in when it is realized, so equity is cash plus what spot positions are
 * worth plus the swaps' unrealized profit at the mark.
 */
public record Account(
    String agentId,
    BigDecimal startingBalance,
    BigDecimal cash,
    Map<String, Position> positions,
    BigDecimal realizedTotal,
    BigDecimal realizedToday,
    String day,
    BigDecimal feesTotal,
    BigDecimal peakEquity,
    long lastLossAt,
    long trades,
    List<String> applied,
    long version,
    BigDecimal fundingTotal) {

  /** An account that never held a swap. */
  public Account(String agentId, BigDecimal startingBalance, BigDecimal cash, Map<String, Position> positions,
                 BigDecimal realizedTotal, BigDecimal realizedToday, String day, BigDecimal feesTotal,
                 BigDecimal peakEquity, long lastLossAt, long trades, List<String> applied, long version) {
    this(agentId, startingBalance, cash, positions, realizedTotal, realizedToday, day, feesTotal, peakEquity, lastLossAt,
        trades, applied, version, BigDecimal.ZERO);
  }

  private static final MathContext MC = MathContext.DECIMAL64;
  /** Client order ids remembered, so a fill applied twice (a retried handler) counts once. */
  private static final int APPLIED_KEPT = 500;

  /**
   * A position. {@code highWater}: the best price since entry, for the trailing stop (the highest
   * for a long, the lowest for a short). A swap position ({@code leverage} above 0) also has its
   * side, its margin (initial margin, notional / leverage at entry; an isolated position's funding
   * moves it, as the venue's does) and the funding it received (negative: paid). A spot position is
   * a long of leverage 0.
   */
  public record Position(String symbol, BigDecimal quantity, BigDecimal averagePrice, long openedAt, BigDecimal highWater,
                         SwapOrder.PositionSide side, int leverage, BigDecimal margin, BigDecimal funding) {
    /** A spot position. */
    public Position(String symbol, BigDecimal quantity, BigDecimal averagePrice, long openedAt, BigDecimal highWater) {
      this(symbol, quantity, averagePrice, openedAt, highWater, SwapOrder.PositionSide.LONG, 0, BigDecimal.ZERO,
          BigDecimal.ZERO);
    }

    public boolean isSwap() {
      return leverage > 0;
    }

    public boolean isShort() {
      return side == SwapOrder.PositionSide.SHORT;
    }

    /** Its profit at {@code mark} if it closed there, before fees: (mark − entry) × quantity, negated for a short. */
    public BigDecimal unrealized(BigDecimal mark) {
      BigDecimal gain = mark.subtract(averagePrice, MC).multiply(quantity, MC);
      return isShort() ? gain.negate() : gain;
    }

    /** Its notional at {@code price}. */
    public BigDecimal notional(BigDecimal price) {
      return quantity.multiply(price, MC);
    }

    /** Whether {@code price} is better for it than its best so far (higher for a long, lower for a short). */
    boolean betterThanBest(BigDecimal price) {
      int c = price.compareTo(highWater);
      return isShort() ? c < 0 : c > 0;
    }

    Position withBest(BigDecimal price) {
      return new Position(symbol, quantity, averagePrice, openedAt, price, side, leverage, margin, funding);
    }

    /** As stored (decimal strings). */
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("symbol", symbol).put("quantity", quantity.toPlainString())
          .put("averagePrice", averagePrice.toPlainString()).put("openedAt", openedAt)
          .put("highWater", highWater.toPlainString());
      if (isSwap()) {
        json.put("side", side.name()).put("leverage", leverage).put("margin", margin.toPlainString())
            .put("funding", funding.toPlainString());
      }
      return json;
    }

    /** As the API and the bus send it: decimals as JSON numbers (JsonDecimals). */
    public JsonObject toWire() {
      JsonObject json = new JsonObject().put("symbol", symbol).put("quantity", JsonDecimals.number(quantity))
          .put("averagePrice", JsonDecimals.number(averagePrice)).put("openedAt", openedAt)
          .put("highWater", JsonDecimals.number(highWater));
      if (isSwap()) {
        json.put("side", side.name()).put("leverage", leverage).put("margin", JsonDecimals.number(margin))
            .put("funding", JsonDecimals.number(funding));
      }
      return json;
    }

    static Position fromJson(JsonObject json) {
      Position spot = new Position(json.getString("symbol"), new BigDecimal(json.getString("quantity")),
          new BigDecimal(json.getString("averagePrice")), json.getLong("openedAt"), new BigDecimal(json.getString("highWater")));
      if (!json.containsKey("leverage")) {
        return spot;
      }
      return new Position(spot.symbol, spot.quantity, spot.averagePrice, spot.openedAt, spot.highWater,
          SwapOrder.PositionSide.valueOf(json.getString("side")), json.getInteger("leverage"),
          new BigDecimal(json.getString("margin")), new BigDecimal(json.getString("funding", "0")));
    }
  }

  public static Account open(String agentId, BigDecimal startingBalance) {
    return new Account(agentId, startingBalance, startingBalance, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, "",
        BigDecimal.ZERO, startingBalance, 0, 0, List.of(), 0, BigDecimal.ZERO);
  }

  public boolean hasApplied(String clOrdId) {
    return applied.contains(clOrdId);
  }

  /** Realized profit of today (UTC), zero when the last trade was on another day. */
  public BigDecimal realizedOn(long now) {
    return utcDay(now).equals(day) ? realizedToday : BigDecimal.ZERO;
  }

  /**
   * Cash plus spot positions at the given marks plus the swaps' unrealized profit there (a position
   * without a mark counts at its entry price).
   */
  public BigDecimal equity(Map<String, BigDecimal> marks) {
    BigDecimal equity = cash;
    for (Position p : positions.values()) {
      BigDecimal mark = marks.getOrDefault(p.symbol(), p.averagePrice());
      equity = equity.add(p.isSwap() ? p.unrealized(mark) : p.notional(mark), MC);
    }
    return equity;
  }

  /** Cash not reserved as the margin of a swap position: what a new position can be paid or margined with. */
  public BigDecimal freeCash() {
    BigDecimal free = cash;
    for (Position p : positions.values()) {
      if (p.isSwap()) {
        free = free.subtract(p.margin(), MC);
      }
    }
    return free;
  }

  /** The account after one fill of the order {@code clOrdId}. */
  public Account apply(String clOrdId, String symbol, boolean buy, BigDecimal quantity, BigDecimal price,
                       BigDecimal fee, long at) {
    Map<String, Position> next = new LinkedHashMap<>(positions);
    Position held = positions.get(symbol);
    BigDecimal notional = quantity.multiply(price, MC);
    BigDecimal newCash;
    BigDecimal realized = fee.negate();
    long lossAt = lastLossAt;
    if (buy) {
      newCash = cash.subtract(notional, MC).subtract(fee, MC);
      BigDecimal oldQty = held == null ? BigDecimal.ZERO : held.quantity();
      BigDecimal newQty = oldQty.add(quantity, MC);
      BigDecimal average = held == null ? price
          : oldQty.multiply(held.averagePrice(), MC).add(notional, MC).divide(newQty, MC);
      next.put(symbol, new Position(symbol, newQty, average, held == null ? at : held.openedAt(),
          held == null ? price : held.highWater().max(price)));
    } else {
      BigDecimal sold = held == null ? BigDecimal.ZERO : quantity.min(held.quantity());
      newCash = cash.add(notional, MC).subtract(fee, MC);
      if (held != null) {
        BigDecimal gain = price.subtract(held.averagePrice(), MC).multiply(sold, MC);
        realized = realized.add(gain, MC);
        if (gain.subtract(fee, MC).signum() < 0) {
          lossAt = at;
        }
        BigDecimal left = held.quantity().subtract(sold, MC);
        if (left.signum() <= 0) {
          next.remove(symbol);
        } else {
          next.put(symbol, new Position(symbol, left, held.averagePrice(), held.openedAt(), held.highWater()));
        }
      }
    }
    return booked(clOrdId, symbol, price, newCash, next, realized, fee, BigDecimal.ZERO, lossAt, at, 1);
  }

  /**
   * The account after one fill of the swap order {@code clOrdId}: a fill on the side of the
   * position held (or of none) opens or adds to it, margined at the order's leverage; a fill
   * against it reduces or closes it, realizing its profit and releasing its margin in proportion;
   * a fill larger than the position closes it and opens the rest on the other side, unless the
   * order is reduce-only (every exit): then the rest opens nothing. The fee comes out of cash either way.
   */
  public Account applySwap(String clOrdId, String symbol, SwapOrder terms, boolean buy, BigDecimal quantity,
                           BigDecimal price, BigDecimal fee, long at) {
    Map<String, Position> next = new LinkedHashMap<>(positions);
    SwapOrder.PositionSide direction = buy ? SwapOrder.PositionSide.LONG : SwapOrder.PositionSide.SHORT;
    Position held = positions.get(symbol);
    BigDecimal realized = fee.negate();
    BigDecimal newCash = cash.subtract(fee, MC);
    long lossAt = lastLossAt;
    BigDecimal opening = quantity;
    if (held != null && held.side() != direction) {
      BigDecimal closed = quantity.min(held.quantity());
      BigDecimal gain = price.subtract(held.averagePrice(), MC).multiply(closed, MC);
      gain = held.isShort() ? gain.negate() : gain;
      realized = realized.add(gain, MC);
      newCash = newCash.add(gain, MC);
      if (gain.subtract(fee, MC).signum() < 0) {
        lossAt = at;
      }
      BigDecimal left = held.quantity().subtract(closed, MC);
      if (left.signum() <= 0) {
        next.remove(symbol);
      } else {
        BigDecimal margin = held.margin().multiply(left, MC).divide(held.quantity(), MC);
        next.put(symbol, new Position(symbol, left, held.averagePrice(), held.openedAt(), held.highWater(), held.side(),
            held.leverage(), margin, held.funding()));
      }
      opening = quantity.subtract(closed, MC);
      held = null;
    }
    if (terms.reduceOnly()) {
      opening = BigDecimal.ZERO; // a reduce-only fill never opens: what is left of it reduced nothing (the venue refuses it)
    }
    if (opening.signum() > 0) {
      BigDecimal margin = opening.multiply(price, MC).divide(BigDecimal.valueOf(terms.leverage()), MC);
      if (held == null) {
        next.put(symbol, new Position(symbol, opening, price, at, price, direction, terms.leverage(), margin, BigDecimal.ZERO));
      } else {
        BigDecimal total = held.quantity().add(opening, MC);
        BigDecimal average = held.notional(held.averagePrice()).add(opening.multiply(price, MC), MC).divide(total, MC);
        next.put(symbol, new Position(symbol, total, average, held.openedAt(), held.highWater(), direction,
            terms.leverage(), held.margin().add(margin, MC), held.funding()));
      }
    }
    return booked(clOrdId, symbol, price, newCash, next, realized, fee, BigDecimal.ZERO, lossAt, at, 1);
  }

  /**
   * The account after the funding payment of {@code symbol}'s swap at {@code fundingTime} (once per
   * time: the key is remembered as an applied fill's): the position's notional at {@code mark}
   * times {@code rate}, paid by a long and received by a short when the rate is positive, the other
   * way round when it is negative. An isolated position's margin takes it, as at the venue.
   */
  public Account applyFunding(String symbol, BigDecimal rate, BigDecimal mark, long fundingTime) {
    Position held = positions.get(symbol);
    if (held == null || !held.isSwap()) {
      return this;
    }
    BigDecimal received = held.notional(mark).multiply(rate, MC);
    return applyFundingPayment(fundingKey(symbol, fundingTime), symbol, held.isShort() ? received : received.negate(),
        mark, fundingTime);
  }

  /**
   * The account after a funding payment the venue booked for {@code symbol}'s swap position
   * ({@code received}, negative when paid; {@code mark} the price it is marked at), once under
   * {@code key}; an isolated position's margin takes it.
   */
  public Account applyFundingPayment(String key, String symbol, BigDecimal received, BigDecimal mark, long at) {
    Position held = positions.get(symbol);
    if (held == null || !held.isSwap() || hasApplied(key)) {
      return this;
    }
    Map<String, Position> next = new LinkedHashMap<>(positions);
    next.put(symbol, new Position(symbol, held.quantity(), held.averagePrice(), held.openedAt(), held.highWater(),
        held.side(), held.leverage(), held.margin().add(received, MC), held.funding().add(received, MC)));
    return booked(key, symbol, mark, cash.add(received, MC), next, received, BigDecimal.ZERO, received, lastLossAt, at, 1);
  }

  /** The key under which a funding payment is remembered as applied. */
  public static String fundingKey(String symbol, long fundingTime) {
    return "funding:" + symbol + ":" + fundingTime;
  }

  /**
   * The account after {@code symbol}'s swap position is liquidated at {@code price}: closed there
   * with {@code fee}, and the margin that backed it ({@code lost}, see {@link Liquidation#margin})
   * gone: the loss to the price, the fee, and the maintenance margin left, which the venue keeps.
   * Applied once under {@code id}.
   */
  public Account liquidate(String id, String symbol, BigDecimal price, BigDecimal fee, BigDecimal lost, long at) {
    Position held = positions.get(symbol);
    if (held == null || !held.isSwap() || hasApplied(id)) {
      return this;
    }
    Map<String, Position> next = new LinkedHashMap<>(positions);
    next.remove(symbol);
    return booked(id, symbol, price, cash.subtract(lost, MC), next, lost.negate(), fee, BigDecimal.ZERO, at, at, 1);
  }

  /** The account with one booking applied: cash, positions, realized profit and fees, funding, and the key remembered. */
  private Account booked(String key, String symbol, BigDecimal price, BigDecimal newCash, Map<String, Position> next,
                         BigDecimal realized, BigDecimal fee, BigDecimal funding, long lossAt, long at, int tradeCount) {
    String today = utcDay(at);
    BigDecimal todays = (today.equals(day) ? realizedToday : BigDecimal.ZERO).add(realized, MC);
    List<String> seen = new ArrayList<>(applied);
    seen.add(key);
    if (seen.size() > APPLIED_KEPT) {
      seen = new ArrayList<>(seen.subList(seen.size() - APPLIED_KEPT, seen.size()));
    }
    Account after = new Account(agentId, startingBalance, newCash, Map.copyOf(next), realizedTotal.add(realized, MC),
        todays, today, feesTotal.add(fee, MC), peakEquity, lossAt, trades + tradeCount, List.copyOf(seen), version,
        fundingTotal.add(funding, MC));
    BigDecimal equity = after.equity(Map.of(symbol, price));
    return after.withPeak(peakEquity.max(equity));
  }

  /** The same account with a new equity peak (marks move it between fills too). */
  public Account withPeak(BigDecimal peak) {
    return new Account(agentId, startingBalance, cash, positions, realizedTotal, realizedToday, day, feesTotal, peak,
        lastLossAt, trades, applied, version, fundingTotal);
  }

  /** The same account at another stored version (the repository's optimistic lock). */
  public Account withVersion(long newVersion) {
    return new Account(agentId, startingBalance, cash, positions, realizedTotal, realizedToday, day, feesTotal, peakEquity,
        lastLossAt, trades, applied, newVersion, fundingTotal);
  }

  /** The account with the position's best price moved to {@code price} if it is better (the trailing stop's reference). */
  public Account withHighWater(String symbol, BigDecimal price) {
    Position p = positions.get(symbol);
    if (p == null || !p.betterThanBest(price)) {
      return this;
    }
    Map<String, Position> next = new LinkedHashMap<>(positions);
    next.put(symbol, p.withBest(price));
    return new Account(agentId, startingBalance, cash, Map.copyOf(next), realizedTotal, realizedToday, day, feesTotal,
        peakEquity, lastLossAt, trades, applied, version, fundingTotal);
  }

  public JsonObject toJson() {
    JsonObject positionsJson = new JsonObject();
    positions.forEach((s, p) -> positionsJson.put(s, p.toJson()));
    return new JsonObject().put("agentId", agentId).put("startingBalance", startingBalance.toPlainString())
        .put("cash", cash.toPlainString()).put("positions", positionsJson)
        .put("realizedTotal", realizedTotal.toPlainString()).put("realizedToday", realizedToday.toPlainString())
        .put("day", day).put("feesTotal", feesTotal.toPlainString()).put("peakEquity", peakEquity.toPlainString())
        .put("lastLossAt", lastLossAt).put("trades", trades).put("applied", new JsonArray(applied)).put("version", version)
        .put("fundingTotal", fundingTotal.toPlainString());
  }

  public static Account fromJson(JsonObject json) {
    Map<String, Position> positions = new LinkedHashMap<>();
    JsonObject p = json.getJsonObject("positions", new JsonObject());
    p.fieldNames().forEach(s -> positions.put(s, Position.fromJson(p.getJsonObject(s))));
    return new Account(json.getString("agentId"), new BigDecimal(json.getString("startingBalance")),
        new BigDecimal(json.getString("cash")), Map.copyOf(positions), new BigDecimal(json.getString("realizedTotal")),
        new BigDecimal(json.getString("realizedToday")), json.getString("day", ""), new BigDecimal(json.getString("feesTotal")),
        new BigDecimal(json.getString("peakEquity")), json.getLong("lastLossAt", 0L), json.getLong("trades", 0L),
        json.getJsonArray("applied", new JsonArray()).stream().map(String::valueOf).toList(), json.getLong("version", 0L),
        new BigDecimal(json.getString("fundingTotal", "0")));
  }

  static String utcDay(long at) {
    return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
