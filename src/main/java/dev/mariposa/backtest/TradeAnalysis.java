package dev.mariposa.backtest;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.kernel.ExitReason;
import dev.mariposa.metrics.TradeFill;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An agent's run read trade by trade for the report: its round trips (a position opened from flat
 * and closed back to flat, long or, on a swap, short), counted the way {@code metrics.Performance}
 * counts them (average cost, a fill's whole fee to the trip it closes, funding to the trip it is
 * paid in) so that their profits add up to its realized profit; then those trades by exit reason,
 * by symbol and by UTC day, and the summary figures (CAGR, Calmar, expectancy, the markets'
 * change, a buy-and-hold benchmark, the drawdown's dates). Pure functions.
 */
final class TradeAnalysis {
  static final String SIGNAL = "signal";
  static final String END_OF_DATA = "end of data";
  /** Every exit reason, in the report's order. */
  static final List<String> REASONS = List.of(SIGNAL, "stop-loss", "take-profit", "trailing", "liquidation", END_OF_DATA);

  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final double YEAR_MS = 365.25 * 86_400_000;

  private TradeAnalysis() {}

  /** A fill and why its order was placed ({@link #reason}; funding's is empty). */
  record Execution(TradeFill fill, String reason) {}

  /** One round trip; a trade still open at the end is marked at the last price, exit reason "end of data". */
  record Trade(String symbol, boolean isLong, long entryAt, BigDecimal entryPrice, long exitAt, BigDecimal exitPrice,
               BigDecimal quantity, BigDecimal pnl, BigDecimal fees, BigDecimal funding, String exitReason) {
    long durationMs() {
      return exitAt - entryAt;
    }

    boolean won() {
      return pnl.signum() > 0;
    }

    boolean closed() {
      return !END_OF_DATA.equals(exitReason);
    }

    JsonObject toJson() {
      return new JsonObject().put("symbol", symbol).put("side", isLong ? "long" : "short").put("entryAt", entryAt)
          .put("entryPrice", number(entryPrice)).put("exitAt", exitAt).put("exitPrice", number(exitPrice))
          .put("quantity", number(quantity)).put("pnl", cents(pnl)).put("fees", number(fees.setScale(8, RoundingMode.HALF_EVEN)))
          .put("funding", cents(funding)).put("durationMs", durationMs()).put("exitReason", exitReason);
    }
  }

  /**
   * The exit reason of an order as the report lists it (see {@code AgentRun.order}): a liquidation,
   * a guard's exit by its text (see {@code trade.PositionGuard}), else a signal's.
   */
  static String reason(String source, String exit) {
    return ExitReason.of(source, exit);
  }

  /** What is bought or sold in one round trip so far. */
  private static final class Open {
    final String symbol;
    final boolean isLong;
    final long entryAt;
    BigDecimal held = BigDecimal.ZERO; // signed: a short's is negative
    BigDecimal average = BigDecimal.ZERO;
    BigDecimal entryQuantity = BigDecimal.ZERO;
    BigDecimal entryNotional = BigDecimal.ZERO;
    BigDecimal exitQuantity = BigDecimal.ZERO;
    BigDecimal exitNotional = BigDecimal.ZERO;
    BigDecimal pnl = BigDecimal.ZERO;
    BigDecimal fees = BigDecimal.ZERO;
    BigDecimal funding = BigDecimal.ZERO;

    Open(String symbol, boolean isLong, long entryAt) {
      this.symbol = symbol;
      this.isLong = isLong;
      this.entryAt = entryAt;
    }

    void charge(BigDecimal fee) {
      fees = fees.add(fee);
      pnl = pnl.subtract(fee);
    }

    void fund(BigDecimal received) {
      funding = funding.add(received);
      pnl = pnl.add(received);
    }

    void carry(Open flat) {
      fees = fees.add(flat.fees);
      funding = funding.add(flat.funding);
      pnl = pnl.add(flat.pnl);
    }

    void add(BigDecimal quantity, BigDecimal price) {
      BigDecimal size = held.abs();
      average = size.multiply(average, MC).add(quantity.multiply(price, MC), MC).divide(size.add(quantity), MC);
      held = isLong ? held.add(quantity) : held.subtract(quantity);
      entryQuantity = entryQuantity.add(quantity);
      entryNotional = entryNotional.add(quantity.multiply(price));
    }

    /** Closes {@code quantity} of it at {@code price}, its gain at the average cost. */
    void reduce(BigDecimal quantity, BigDecimal price) {
      BigDecimal gain = price.subtract(average, MC).multiply(quantity, MC);
      pnl = pnl.add(isLong ? gain : gain.negate(), MC);
      held = isLong ? held.subtract(quantity) : held.add(quantity);
      exitQuantity = exitQuantity.add(quantity);
      exitNotional = exitNotional.add(quantity.multiply(price));
    }

    Trade trade(long exitAt, String reason) {
      return new Trade(symbol, isLong, entryAt, entryNotional.divide(entryQuantity, MC), exitAt,
          exitNotional.divide(exitQuantity, MC), entryQuantity, pnl, fees, funding, reason);
    }
  }

  /**
   * The round trips of {@code executions} (in time order), closed ones in the order they closed,
   * then those still open at {@code endAt}, marked at {@code marks} (missing: their last fill price).
   */
  static List<Trade> trades(List<Execution> executions, Map<String, BigDecimal> marks, long endAt) {
    List<Trade> trades = new ArrayList<>();
    Map<String, Open> open = new LinkedHashMap<>();
    Map<String, Open> flat = new HashMap<>(); // fees and funding booked while flat: the next trip's, as Performance counts them
    Map<String, BigDecimal> last = new HashMap<>();
    for (Execution e : executions) {
      TradeFill f = e.fill();
      String s = f.symbol();
      Open trip = open.get(s);
      if (f.isFunding()) {
        (trip != null ? trip : flat.computeIfAbsent(s, k -> new Open(s, true, f.at()))).fund(f.funding());
        continue;
      }
      last.put(s, f.price());
      BigDecimal opening = f.quantity();
      boolean charged = false;
      if (trip != null && trip.isLong != f.buy()) {
        BigDecimal closed = f.quantity().min(trip.held.abs());
        trip.reduce(closed, f.price());
        trip.charge(f.fee());
        charged = true;
        opening = f.quantity().subtract(closed);
        if (trip.held.signum() == 0) {
          trades.add(trip.trade(f.at(), e.reason()));
          open.remove(s);
          trip = null;
        }
      }
      if (!f.swap() && !f.buy()) {
        opening = BigDecimal.ZERO; // spot is long only: a sell opens nothing
      }
      if (opening.signum() > 0) {
        if (trip == null) {
          trip = new Open(s, f.buy(), f.at());
          Open before = flat.remove(s);
          if (before != null) {
            trip.carry(before);
          }
          open.put(s, trip);
        }
        if (!charged) {
          trip.charge(f.fee());
          charged = true;
        }
        trip.add(opening, f.price());
      }
      if (!charged) {
        flat.computeIfAbsent(s, k -> new Open(s, true, f.at())).charge(f.fee());
      }
    }
    for (Open trip : open.values()) {
      BigDecimal mark = marks.getOrDefault(trip.symbol, last.get(trip.symbol));
      trip.reduce(trip.held.abs(), mark);
      trades.add(trip.trade(endAt, END_OF_DATA));
    }
    return trades;
  }

  /** Per exit reason (all of {@link #REASONS}): trades, wins, total and average profit. */
  static JsonObject exitReasons(List<Trade> trades) {
    JsonObject out = new JsonObject();
    for (String reason : REASONS) {
      out.put(reason, group(trades.stream().filter(t -> t.exitReason().equals(reason)).toList()));
    }
    return out;
  }

  /** Per symbol: trades, wins, win rate, profit and average duration. */
  static JsonObject pairs(List<Trade> trades) {
    Map<String, List<Trade>> bySymbol = new TreeMap<>();
    trades.forEach(t -> bySymbol.computeIfAbsent(t.symbol(), k -> new ArrayList<>()).add(t));
    JsonObject out = new JsonObject();
    bySymbol.forEach((symbol, list) -> {
      JsonObject g = group(list);
      out.put(symbol, g.put("winRatePct", percent(g.getInteger("wins"), list.size()))
          .put("averageDurationMs", Math.round(list.stream().mapToLong(Trade::durationMs).average().orElse(0))));
    });
    return out;
  }

  private static JsonObject group(List<Trade> trades) {
    BigDecimal pnl = total(trades);
    return new JsonObject().put("trades", trades.size()).put("wins", (int) trades.stream().filter(Trade::won).count())
        .put("pnl", cents(pnl))
        .put("averagePnl", trades.isEmpty() ? null : cents(pnl.divide(BigDecimal.valueOf(trades.size()), MC)));
  }

  /**
   * Per UTC day (of the equity samples or a trade's close): the trades closed then (open ones at
   * the end left out), their profit, and the equity of the day's last sample (null: none that day).
   */
  static JsonArray daily(List<Trade> trades, List<Long> equityTimes, List<Double> equityValues) {
    Map<LocalDate, Double> equity = new TreeMap<>();
    for (int i = 0; i < equityTimes.size(); i++) {
      equity.put(day(equityTimes.get(i)), equityValues.get(i));
    }
    Map<LocalDate, List<Trade>> closed = new TreeMap<>();
    trades.stream().filter(Trade::closed).forEach(t -> closed.computeIfAbsent(day(t.exitAt()), k -> new ArrayList<>()).add(t));
    TreeMap<LocalDate, Boolean> days = new TreeMap<>();
    equity.keySet().forEach(d -> days.put(d, true));
    closed.keySet().forEach(d -> days.put(d, true));
    JsonArray out = new JsonArray();
    for (LocalDate d : days.keySet()) {
      List<Trade> list = closed.getOrDefault(d, List.of());
      Double e = equity.get(d);
      out.add(new JsonObject().put("day", d.toString()).put("trades", list.size()).put("pnl", cents(total(list)))
          .put("equity", e == null ? null : cents(BigDecimal.valueOf(e))));
    }
    return out;
  }

  /** What the summary is computed from. {@code prices}: each symbol's [time ms, price] line. */
  record Period(long from, long to, BigDecimal startingBalance, BigDecimal endEquity, double maxDrawdownPct,
                List<Long> equityTimes, List<Double> equityValues, Map<String, List<double[]>> prices) {}

  /**
   * CAGR, Calmar, expectancy (of the closed trades), each symbol's market change, the buy-and-hold
   * benchmark (the starting balance split equally into {@code prices}' symbols at their first price,
   * marked at the equity samples' times) and the sampled curve's largest drawdown with its dates.
   */
  static JsonObject summary(List<Trade> trades, Period p) {
    JsonObject out = new JsonObject();
    double years = (p.to() - p.from()) / YEAR_MS;
    Double cagr = null;
    if (years > 0 && p.startingBalance().signum() > 0) {
      double ratio = p.endEquity().doubleValue() / p.startingBalance().doubleValue();
      double value = ratio <= 0 ? -100 : (Math.pow(ratio, 1 / years) - 1) * 100;
      cagr = Double.isFinite(value) ? value : null;
    }
    out.put("periodMs", p.to() - p.from()).put("cagrPct", decimal(cagr, 4))
        .put("calmar", decimal(cagr != null && p.maxDrawdownPct() > 0 ? cagr / p.maxDrawdownPct() : null, 4));
    out.put("expectancy", expectancy(trades.stream().filter(Trade::closed).toList()));
    JsonObject markets = new JsonObject();
    p.prices().forEach((symbol, line) -> {
      if (!line.isEmpty()) {
        double first = line.get(0)[1];
        double last = line.get(line.size() - 1)[1];
        markets.put(symbol, new JsonObject().put("first", first).put("last", last)
            .put("changePct", decimal(first > 0 ? (last / first - 1) * 100 : null, 4)));
      }
    });
    out.put("markets", markets);
    out.put("buyAndHold", buyAndHold(p));
    return out.put("drawdown", drawdown(p));
  }

  private static JsonObject expectancy(List<Trade> closed) {
    List<Trade> won = closed.stream().filter(Trade::won).toList();
    List<Trade> lost = closed.stream().filter(t -> !t.won()).toList();
    int n = closed.size();
    if (n == 0) {
      return new JsonObject().put("trades", 0);
    }
    BigDecimal count = BigDecimal.valueOf(n);
    BigDecimal averageWin = won.isEmpty() ? BigDecimal.ZERO : total(won).divide(BigDecimal.valueOf(won.size()), MC);
    BigDecimal averageLoss = lost.isEmpty() ? BigDecimal.ZERO : total(lost).negate().divide(BigDecimal.valueOf(lost.size()), MC);
    BigDecimal winRate = BigDecimal.valueOf(won.size()).divide(count, MC);
    BigDecimal lossRate = BigDecimal.ONE.subtract(winRate);
    return new JsonObject().put("trades", n).put("perTrade", cents(total(closed).divide(count, MC)))
        .put("winRatePct", percent(won.size(), n)).put("averageWin", cents(averageWin)).put("averageLoss", cents(averageLoss))
        .put("byRates", cents(winRate.multiply(averageWin, MC).subtract(lossRate.multiply(averageLoss, MC), MC)));
  }

  private static JsonObject buyAndHold(Period p) {
    Map<String, List<double[]>> lines = new TreeMap<>();
    p.prices().forEach((symbol, line) -> {
      if (!line.isEmpty() && line.get(0)[1] > 0) {
        lines.put(symbol, line);
      }
    });
    double start = p.startingBalance().doubleValue();
    if (lines.isEmpty()) {
      return new JsonObject().put("symbols", new JsonArray());
    }
    double share = start / lines.size();
    Map<String, Integer> at = new HashMap<>();
    JsonArray curve = new JsonArray();
    double value = start;
    for (long t : p.equityTimes()) {
      value = 0;
      for (Map.Entry<String, List<double[]>> e : lines.entrySet()) {
        List<double[]> line = e.getValue();
        int i = at.getOrDefault(e.getKey(), 0);
        while (i + 1 < line.size() && line.get(i + 1)[0] <= t) {
          i++;
        }
        at.put(e.getKey(), i);
        value += share * line.get(i)[1] / line.get(0)[1];
      }
      curve.add(new JsonArray().add(t).add(round(value)));
    }
    double end = 0;
    for (List<double[]> line : lines.values()) {
      end += share * line.get(line.size() - 1)[1] / line.get(0)[1];
    }
    return new JsonObject().put("symbols", new JsonArray(List.copyOf(lines.keySet()))).put("start", round(start))
        .put("end", round(end)).put("returnPct", decimal((end / start - 1) * 100, 4)).put("curve", curve);
  }

  /** The sampled curve's largest fall from a peak (the starting balance at the start the first): its dates and depth. */
  private static JsonObject drawdown(Period p) {
    double peak = p.startingBalance().doubleValue();
    long peakAt = p.from();
    double worst = 0;
    long worstPeakAt = p.from();
    double worstPeak = peak;
    long troughAt = p.from();
    double trough = peak;
    for (int i = 0; i < p.equityTimes().size(); i++) {
      double e = p.equityValues().get(i);
      long t = p.equityTimes().get(i);
      if (e > peak) {
        peak = e;
        peakAt = t;
      }
      double fall = peak > 0 ? (peak - e) * 100 / peak : 0;
      if (fall > worst) {
        worst = fall;
        worstPeakAt = peakAt;
        worstPeak = peak;
        troughAt = t;
        trough = e;
      }
    }
    JsonObject out = new JsonObject().put("pct", decimal(worst, 4));
    if (worst == 0) {
      return out;
    }
    Long recoveredAt = null;
    for (int i = 0; i < p.equityTimes().size(); i++) {
      if (p.equityTimes().get(i) > troughAt && p.equityValues().get(i) >= worstPeak) {
        recoveredAt = p.equityTimes().get(i);
        break;
      }
    }
    return out.put("peakAt", worstPeakAt).put("peakEquity", round(worstPeak)).put("troughAt", troughAt)
        .put("troughEquity", round(trough)).put("recoveredAt", recoveredAt);
  }

  static BigDecimal total(List<Trade> trades) {
    return trades.stream().map(Trade::pnl).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static LocalDate day(long at) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC);
  }

  private static BigDecimal percent(int part, int whole) {
    return whole == 0 ? null : BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal decimal(Double value, int scale) {
    return value == null || !Double.isFinite(value) ? null
        : JsonDecimals.number(BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static BigDecimal cents(BigDecimal value) {
    return JsonDecimals.number(value.setScale(2, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal number(BigDecimal value) {
    return JsonDecimals.number(value);
  }
}
