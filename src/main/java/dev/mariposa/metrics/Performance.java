package dev.mariposa.metrics;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's performance from its fills and the live marks, computed the way its account is kept
 * (average cost, spot long only, a swap long or short, fees charged to realized profit): realized and unrealized profit,
 * the equity curve (one point per fill, each position marked at its last fill price), return,
 * round trips (a position opened and closed back to zero) with their win rate, profit factor and
 * average holding time, the maximum drawdown of the curve, Sharpe and Sortino ratios of the
 * curve's step returns (per fill, not annualized, risk-free rate 0), fees, and a swap's funding
 * received (negative: paid), which is realized profit too. Pure: the same
 * fills and marks always give the same figures.
 */
public record Performance(
    BigDecimal startingBalance,
    BigDecimal realized,
    BigDecimal unrealized,
    BigDecimal equity,
    BigDecimal returnPct,
    BigDecimal fees,
    int fills,
    int roundTrips,
    int wins,
    BigDecimal winRatePct,
    BigDecimal profitFactor,
    BigDecimal maxDrawdownPct,
    double sharpe,
    double sortino,
    long averageHoldingMs,
    List<EquityPoint> equityCurve,
    BigDecimal funding,
    SideTrips longs,
    SideTrips shorts) {

  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public record EquityPoint(long at, BigDecimal equity) {}

  /** The round trips of one side (a swap agent's longs or shorts; spot's are all longs): how many, won, and their profit. */
  public record SideTrips(int trips, int wins, BigDecimal pnl) {
    public static final SideTrips NONE = new SideTrips(0, 0, BigDecimal.ZERO);

    SideTrips plus(BigDecimal trip) {
      return new SideTrips(trips + 1, wins + (trip.signum() > 0 ? 1 : 0), pnl.add(trip, MC));
    }

    JsonObject toJson() {
      return new JsonObject().put("roundTrips", trips).put("wins", wins).put("pnl", number(cents(pnl)));
    }
  }

  /**
   * What an agent's fills alone decide, marks aside: folded once per change of its fills, then
   * marked at each refresh ({@link #marked}) without reading or folding the fills again. Later
   * fills fold onto it ({@link #foldMore}) as onto the fills before them: {@code openedAt} and
   * {@code tripPnl} are the open round trips' state.
   */
  public record Folded(BigDecimal startingBalance, Map<String, BigDecimal> quantity, Map<String, BigDecimal> cost,
                       Map<String, BigDecimal> lastPrice, Map<String, Long> openedAt, Map<String, BigDecimal> tripPnl,
                       BigDecimal realized, BigDecimal fees, int fills, int trips,
                       int wins, BigDecimal grossWins, BigDecimal grossLosses, long heldMs, List<EquityPoint> curve,
                       BigDecimal maxDrawdownPct, double sharpe, double sortino, BigDecimal funding,
                       SideTrips longs, SideTrips shorts) {

    /** No fill yet. */
    public static Folded none(BigDecimal startingBalance) {
      return new Folded(startingBalance, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), BigDecimal.ZERO,
          BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, List.of(), BigDecimal.ZERO.setScale(4), 0, 0,
          BigDecimal.ZERO, SideTrips.NONE, SideTrips.NONE);
    }
  }

  /** {@code fills} in time order; {@code marks}: the live price per symbol (missing: the last fill price). */
  public static Performance of(BigDecimal startingBalance, List<TradeFill> fills, Map<String, BigDecimal> marks) {
    return marked(fold(startingBalance, fills), marks);
  }

  /** The fills, in time order, folded. */
  public static Folded fold(BigDecimal startingBalance, List<TradeFill> fills) {
    return foldMore(Folded.none(startingBalance), fills);
  }

  /**
   * {@code folded} with the fills that came after its own (in time order) folded on: the same
   * figures as folding all of them at once, the curve's drawdown and ratios taken over it whole.
   */
  public static Folded foldMore(Folded folded, List<TradeFill> fills) {
    BigDecimal startingBalance = folded.startingBalance();
    Map<String, BigDecimal> quantity = new HashMap<>(folded.quantity());
    Map<String, BigDecimal> cost = new HashMap<>(folded.cost());
    Map<String, BigDecimal> lastPrice = new HashMap<>(folded.lastPrice());
    Map<String, Long> openedAt = new HashMap<>(folded.openedAt());
    Map<String, BigDecimal> tripPnl = new HashMap<>(folded.tripPnl());
    BigDecimal realized = folded.realized();
    BigDecimal fees = folded.fees();
    BigDecimal grossWins = folded.grossWins();
    BigDecimal grossLosses = folded.grossLosses();
    int trips = folded.trips();
    int wins = folded.wins();
    long heldMs = folded.heldMs();
    List<EquityPoint> curve = new ArrayList<>(folded.curve());
    BigDecimal funding = folded.funding();
    SideTrips longs = folded.longs();
    SideTrips shorts = folded.shorts();
    for (TradeFill f : fills) {
      String s = f.symbol();
      if (f.isFunding()) {
        // Realized as it is paid, part of the round trip it is paid in.
        realized = realized.add(f.funding(), MC);
        funding = funding.add(f.funding(), MC);
        tripPnl.put(s, tripPnl.getOrDefault(s, BigDecimal.ZERO).add(f.funding(), MC));
        curve.add(new EquityPoint(f.at(), startingBalance.add(realized, MC).add(unrealized(quantity, cost, lastPrice), MC)));
        continue;
      }
      BigDecimal held = quantity.getOrDefault(s, BigDecimal.ZERO);
      BigDecimal average = cost.getOrDefault(s, BigDecimal.ZERO);
      BigDecimal pnl = f.fee().negate();
      // Signed quantities: a swap's short is negative. A fill against the position held reduces it;
      // on a swap what is left of it opens the other side, on spot (long only) it sells nothing more.
      BigDecimal opening = f.quantity();
      boolean reduced = held.signum() != 0 && held.signum() != (f.buy() ? 1 : -1);
      boolean wasLong = held.signum() > 0;
      if (reduced) {
        BigDecimal closed = f.quantity().min(held.abs());
        BigDecimal gain = f.price().subtract(average, MC).multiply(closed, MC);
        pnl = pnl.add(held.signum() > 0 ? gain : gain.negate(), MC);
        held = held.signum() > 0 ? held.subtract(closed, MC) : held.add(closed, MC);
        quantity.put(s, held);
        opening = f.quantity().subtract(closed, MC);
      }
      if (!f.swap() && !f.buy()) {
        opening = BigDecimal.ZERO;
      }
      realized = realized.add(pnl, MC);
      fees = fees.add(f.fee(), MC);
      lastPrice.put(s, f.price());
      BigDecimal trip = tripPnl.getOrDefault(s, BigDecimal.ZERO).add(pnl, MC);
      if (reduced && held.signum() == 0) {
        trips++;
        if (trip.signum() > 0) {
          wins++;
          grossWins = grossWins.add(trip, MC);
        } else {
          grossLosses = grossLosses.add(trip.negate(), MC);
        }
        heldMs += f.at() - openedAt.getOrDefault(s, f.at());
        tripPnl.remove(s);
        if (wasLong) {
          longs = longs.plus(trip);
        } else {
          shorts = shorts.plus(trip);
        }
      } else {
        tripPnl.put(s, trip);
      }
      if (opening.signum() > 0) {
        BigDecimal size = held.abs();
        BigDecimal next = size.add(opening, MC);
        cost.put(s, size.multiply(average, MC).add(opening.multiply(f.price(), MC), MC).divide(next, MC));
        quantity.put(s, f.buy() ? next : next.negate());
        if (size.signum() == 0) {
          openedAt.put(s, f.at());
        }
      }
      curve.add(new EquityPoint(f.at(), startingBalance.add(realized, MC).add(unrealized(quantity, cost, lastPrice), MC)));
    }
    double[] steps = stepReturns(startingBalance, curve);
    return new Folded(startingBalance, Map.copyOf(quantity), Map.copyOf(cost), Map.copyOf(lastPrice),
        Map.copyOf(openedAt), Map.copyOf(tripPnl), realized, fees, folded.fills() + (int) fills.stream().filter(f -> !f.isFunding()).count(), trips, wins,
        grossWins, grossLosses, heldMs, List.copyOf(curve), maxDrawdown(startingBalance, curve), sharpe(steps),
        sortino(steps), funding, longs, shorts);
  }

  /** The folded fills with their open positions marked at {@code marks} (missing: the last fill price). */
  public static Performance marked(Folded f, Map<String, BigDecimal> marks) {
    Map<String, BigDecimal> live = new HashMap<>(f.lastPrice());
    live.putAll(marks);
    BigDecimal unrealized = unrealized(f.quantity(), f.cost(), live);
    BigDecimal start = f.startingBalance();
    BigDecimal equity = start.add(f.realized(), MC).add(unrealized, MC);
    int trips = f.trips();
    return new Performance(start, cents(f.realized()), cents(unrealized), cents(equity),
        equity.subtract(start, MC).multiply(HUNDRED, MC).divide(start, MC).setScale(4, RoundingMode.HALF_EVEN),
        cents(f.fees()), f.fills(), trips, f.wins(),
        trips == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(f.wins()).multiply(HUNDRED).divide(BigDecimal.valueOf(trips), 4, RoundingMode.HALF_EVEN),
        f.grossLosses().signum() == 0 ? null : f.grossWins().divide(f.grossLosses(), 4, RoundingMode.HALF_EVEN),
        f.maxDrawdownPct(), f.sharpe(), f.sortino(), trips == 0 ? 0 : f.heldMs() / trips, f.curve(), cents(f.funding()),
        f.longs(), f.shorts());
  }

  private static BigDecimal unrealized(Map<String, BigDecimal> quantity, Map<String, BigDecimal> cost,
                                       Map<String, BigDecimal> prices) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal> e : quantity.entrySet()) {
      if (e.getValue().signum() != 0) { // a short's quantity is negative: its gain is the fall
        BigDecimal price = prices.getOrDefault(e.getKey(), cost.get(e.getKey()));
        sum = sum.add(price.subtract(cost.get(e.getKey()), MC).multiply(e.getValue(), MC), MC);
      }
    }
    return sum;
  }

  /** The largest fall from a running peak (the starting balance included), in percent of that peak. */
  private static BigDecimal maxDrawdown(BigDecimal start, List<EquityPoint> curve) {
    BigDecimal peak = start;
    BigDecimal worst = BigDecimal.ZERO;
    for (EquityPoint p : curve) {
      peak = peak.max(p.equity());
      BigDecimal drawdown = peak.subtract(p.equity(), MC).multiply(HUNDRED, MC).divide(peak, MC);
      worst = worst.max(drawdown);
    }
    return worst.setScale(4, RoundingMode.HALF_EVEN);
  }

  /** The equity curve's step returns, from {@code start}: the series the Sharpe and Sortino ratios are of. */
  public static double[] stepReturns(BigDecimal start, List<EquityPoint> curve) {
    double[] r = new double[curve.size()];
    double previous = start.doubleValue();
    for (int i = 0; i < curve.size(); i++) {
      double e = curve.get(i).equity().doubleValue();
      r[i] = e / previous - 1;
      previous = e;
    }
    return r;
  }

  /** Mean over sample standard deviation; 0 with fewer than two steps or no variation. */
  static double sharpe(double[] r) {
    if (r.length < 2) {
      return 0;
    }
    double mean = mean(r);
    double ss = 0;
    for (double x : r) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (r.length - 1));
    return sd == 0 ? 0 : mean / sd;
  }

  /** Mean over downside deviation (root mean square of the negative steps, over all steps); 0 without losses. */
  static double sortino(double[] r) {
    if (r.length < 2) {
      return 0;
    }
    double ss = 0;
    for (double x : r) {
      ss += Math.min(0, x) * Math.min(0, x);
    }
    double dd = Math.sqrt(ss / r.length);
    return dd == 0 ? 0 : mean(r) / dd;
  }

  private static double mean(double[] r) {
    double sum = 0;
    for (double x : r) {
      sum += x;
    }
    return sum / r.length;
  }

  private static BigDecimal cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_EVEN);
  }

  /** The figures that are decimals: JSON numbers written from the exact values (see JsonDecimals). */
  public static final List<String> DECIMALS = List.of("startingBalance", "realized", "unrealized", "equity", "returnPct",
      "fees", "winRatePct", "profitFactor", "maxDrawdownPct", "funding");

  public JsonObject toJson() {
    return new JsonObject().put("startingBalance", number(startingBalance)).put("realized", number(realized))
        .put("unrealized", number(unrealized)).put("equity", number(equity))
        .put("returnPct", number(returnPct)).put("fees", number(fees)).put("fills", fills)
        .put("roundTrips", roundTrips).put("wins", wins).put("winRatePct", number(winRatePct))
        .put("profitFactor", profitFactor == null ? null : number(profitFactor))
        .put("maxDrawdownPct", number(maxDrawdownPct)).put("sharpe", sharpe).put("sortino", sortino)
        .put("averageHoldingMs", averageHoldingMs).put("funding", number(funding))
        .put("long", longs.toJson()).put("short", shorts.toJson())
        .put("equityCurve", new JsonArray(equityCurve.stream()
            .map(p -> new JsonArray().add(p.at()).add(number(cents(p.equity())))).toList()));
  }

  /**
   * Figures read back (from the cache, whose JSON decodes to doubles, or a stored snapshot, which
   * may hold decimal strings) with their decimals as exact numbers again, in place; returns them.
   */
  public static JsonObject numbers(JsonObject figures) {
    JsonDecimals.numbers(figures, DECIMALS);
    if (figures.getValue("equityCurve") instanceof JsonArray curve) {
      for (Object point : curve) {
        if (point instanceof JsonArray p && p.size() == 2 && JsonDecimals.read(p.getValue(1)) != null) {
          p.set(1, number(JsonDecimals.read(p.getValue(1))));
        }
      }
    }
    return figures;
  }

  private static BigDecimal number(BigDecimal value) {
    return JsonDecimals.number(value);
  }
}
