package dev.mariposa.agent;

import dev.mariposa.bus.JsonDecimals;
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
 * An agent's account: cash in the quote asset, spot positions (long only) with their average entry
 * price, realized profit (fees included) in total and for the current UTC day, the equity peak
 * for the drawdown limit, and when the last losing trade closed (the cooldown). Immutable: a
 * fill gives a new account. Money is BigDecimal, stored as strings.
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
    long version) {

  private static final MathContext MC = MathContext.DECIMAL64;
  /** Client order ids remembered, so a fill applied twice (a retried handler) counts once. */
  private static final int APPLIED_KEPT = 500;

  /** {@code highWater}: the best price since entry, for the trailing stop. */
  public record Position(String symbol, BigDecimal quantity, BigDecimal averagePrice, long openedAt, BigDecimal highWater) {
    /** As stored (decimal strings). */
    public JsonObject toJson() {
      return new JsonObject().put("symbol", symbol).put("quantity", quantity.toPlainString())
          .put("averagePrice", averagePrice.toPlainString()).put("openedAt", openedAt)
          .put("highWater", highWater.toPlainString());
    }

    /** As the API and the bus send it: decimals as JSON numbers (JsonDecimals). */
    public JsonObject toWire() {
      return new JsonObject().put("symbol", symbol).put("quantity", JsonDecimals.number(quantity))
          .put("averagePrice", JsonDecimals.number(averagePrice)).put("openedAt", openedAt)
          .put("highWater", JsonDecimals.number(highWater));
    }

    static Position fromJson(JsonObject json) {
      return new Position(json.getString("symbol"), new BigDecimal(json.getString("quantity")),
          new BigDecimal(json.getString("averagePrice")), json.getLong("openedAt"), new BigDecimal(json.getString("highWater")));
    }
  }

  public static Account open(String agentId, BigDecimal startingBalance) {
    return new Account(agentId, startingBalance, startingBalance, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, "",
        BigDecimal.ZERO, startingBalance, 0, 0, List.of(), 0);
  }

  public boolean hasApplied(String clOrdId) {
    return applied.contains(clOrdId);
  }

  /** Realized profit of today (UTC), zero when the last trade was on another day. */
  public BigDecimal realizedOn(long now) {
    return utcDay(now).equals(day) ? realizedToday : BigDecimal.ZERO;
  }

  /** Cash plus positions at the given marks (a position without a mark counts at its entry price). */
  public BigDecimal equity(Map<String, BigDecimal> marks) {
    BigDecimal equity = cash;
    for (Position p : positions.values()) {
      equity = equity.add(p.quantity().multiply(marks.getOrDefault(p.symbol(), p.averagePrice()), MC), MC);
    }
    return equity;
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
    String today = utcDay(at);
    BigDecimal todays = (today.equals(day) ? realizedToday : BigDecimal.ZERO).add(realized, MC);
    List<String> seen = new ArrayList<>(applied);
    seen.add(clOrdId);
    if (seen.size() > APPLIED_KEPT) {
      seen = new ArrayList<>(seen.subList(seen.size() - APPLIED_KEPT, seen.size()));
    }
    Account after = new Account(agentId, startingBalance, newCash, Map.copyOf(next), realizedTotal.add(realized, MC),
        todays, today, feesTotal.add(fee, MC), peakEquity, lossAt, trades + 1, List.copyOf(seen), version);
    BigDecimal equity = after.equity(Map.of(symbol, price));
    return after.withPeak(peakEquity.max(equity));
  }

  /** The same account with a new equity peak (marks move it between fills too). */
  public Account withPeak(BigDecimal peak) {
    return new Account(agentId, startingBalance, cash, positions, realizedTotal, realizedToday, day, feesTotal, peak,
        lastLossAt, trades, applied, version);
  }

  public Account withHighWater(String symbol, BigDecimal price) {
    Position p = positions.get(symbol);
    if (p == null || price.compareTo(p.highWater()) <= 0) {
      return this;
    }
    Map<String, Position> next = new LinkedHashMap<>(positions);
    next.put(symbol, new Position(symbol, p.quantity(), p.averagePrice(), p.openedAt(), price));
    return new Account(agentId, startingBalance, cash, Map.copyOf(next), realizedTotal, realizedToday, day, feesTotal,
        peakEquity, lastLossAt, trades, applied, version);
  }

  public JsonObject toJson() {
    JsonObject positionsJson = new JsonObject();
    positions.forEach((s, p) -> positionsJson.put(s, p.toJson()));
    return new JsonObject().put("agentId", agentId).put("startingBalance", startingBalance.toPlainString())
        .put("cash", cash.toPlainString()).put("positions", positionsJson)
        .put("realizedTotal", realizedTotal.toPlainString()).put("realizedToday", realizedToday.toPlainString())
        .put("day", day).put("feesTotal", feesTotal.toPlainString()).put("peakEquity", peakEquity.toPlainString())
        .put("lastLossAt", lastLossAt).put("trades", trades).put("applied", new JsonArray(applied)).put("version", version);
  }

  public static Account fromJson(JsonObject json) {
    Map<String, Position> positions = new LinkedHashMap<>();
    JsonObject p = json.getJsonObject("positions", new JsonObject());
    p.fieldNames().forEach(s -> positions.put(s, Position.fromJson(p.getJsonObject(s))));
    return new Account(json.getString("agentId"), new BigDecimal(json.getString("startingBalance")),
        new BigDecimal(json.getString("cash")), Map.copyOf(positions), new BigDecimal(json.getString("realizedTotal")),
        new BigDecimal(json.getString("realizedToday")), json.getString("day", ""), new BigDecimal(json.getString("feesTotal")),
        new BigDecimal(json.getString("peakEquity")), json.getLong("lastLossAt", 0L), json.getLong("trades", 0L),
        json.getJsonArray("applied", new JsonArray()).stream().map(String::valueOf).toList(), json.getLong("version", 0L));
  }

  static String utcDay(long at) {
    return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
