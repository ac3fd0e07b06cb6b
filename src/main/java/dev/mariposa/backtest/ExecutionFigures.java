package dev.mariposa.backtest;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one agent's orders were executed in a backtest, the report's {@code execution} section: its
 * orders by type and outcome, the fill ratio of its limit orders (every type but market), the
 * maker/taker share of its filled notional and its maker and taker fills, how long its resting
 * orders waited in the queue (from reaching the venue to their first fill as a maker), its fees,
 * its slippage against the mid each order was sized at, and the adverse selection after its fills
 * (the mid's move 1 s and 10 s later) where the quotes are recorded tick by tick. Summed from the exact fills as the orders settle; each order carries its
 * own figures too. Basis points are signed so that worse is positive, and averaged weighted by the
 * filled quantity at the mid (what the order cost, over what it was worth at the mid).
 */
final class ExecutionFigures {
  /** How long after a fill the mid is looked at again. */
  static final List<Duration> HORIZONS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10));
  /** Bars give one quote a bar: the mid a second after a fill would be made up. */
  static final String BARS = "n/a (bars)";
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal BPS = BigDecimal.valueOf(10_000);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * What an order met when it was placed: the mid the risk gate sized it at, the book it was matched
   * against, and whether the symbol's quotes are recorded (tick by tick) or made from bars.
   */
  record Placement(long at, BigDecimal sizingMid, Optional<BookSnapshot> book, boolean recordedQuotes) {}

  /** Orders by type (market, ioc, fok, ...), then by outcome. */
  private final Map<String, Map<String, Integer>> orders = new LinkedHashMap<>();
  /** Per symbol, the limit orders' asked and filled quantities. */
  private final Map<String, BigDecimal[]> limitQuantities = new TreeMap<>();
  /** The limit orders' asked and filled quantities at their sizing mids: quantities of several symbols add up so. */
  private BigDecimal limitAskedAtMid = BigDecimal.ZERO;
  private BigDecimal limitFilledAtMid = BigDecimal.ZERO;
  private BigDecimal takerNotional = BigDecimal.ZERO;
  private BigDecimal makerNotional = BigDecimal.ZERO;
  private int takerFills;
  private int makerFills;
  /** Per order filled as a maker: from reaching the venue to its first maker fill, ms. */
  private final List<Long> queueWaits = new ArrayList<>();
  private BigDecimal fees = BigDecimal.ZERO;
  private final Cost slippage = new Cost();
  private final Map<Duration, Cost> adverse = new LinkedHashMap<>();
  private int filledOnBars;
  private int filledOnRecordedQuotes;

  /** Sum of signed costs over the sum of the filled quantities at the mid: a weighted average in bps. */
  private static final class Cost {
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal base = BigDecimal.ZERO;
    int orders;

    void add(BigDecimal signedCost, BigDecimal atMid) {
      cost = cost.add(signedCost, MC);
      base = base.add(atMid, MC);
      orders++;
    }

    JsonObject toJson() {
      return new JsonObject().put("bps", orders == 0 ? null : bps(cost, base)).put("orders", orders);
    }
  }

  ExecutionFigures() {
    for (String style : List.of("market", "ioc", "fok")) { // an agent's execution styles: always shown
      orders.put(style, outcomes());
    }
    HORIZONS.forEach(h -> adverse.put(h, new Cost()));
  }

  private static Map<String, Integer> outcomes() {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (String outcome : List.of("filled", "partiallyFilledThenCancelled", "cancelledUnfilled", "rejected")) {
      outcomes.put(outcome, 0);
    }
    return outcomes;
  }

  /**
   * Adds the settled order of {@code ticket} (its {@code status} and {@code fills}) to the figures,
   * and its own figures to {@code order}, the report's line for it.
   */
  void settled(JsonObject order, TradeTicket ticket, String status, List<Fill> fills, Placement placement) {
    boolean buy = ticket.side() == Side.BUY;
    String type = ticket.orderType().name().toLowerCase(Locale.ROOT);
    BigDecimal filled = fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    order.put("type", type);
    ticket.limitPrice().ifPresent(px -> order.put("limitPrice", JsonDecimals.number(px)));
    order.put("sizingMid", JsonDecimals.number(placement.sizingMid()));
    orders.computeIfAbsent(type, t -> outcomes()).merge(outcome(status, filled), 1, Integer::sum);
    if (ticket.orderType() != OrderRequest.Type.MARKET) {
      BigDecimal[] asked = limitQuantities.computeIfAbsent(ticket.signal().symbol(),
          s -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      asked[0] = asked[0].add(ticket.quantity());
      asked[1] = asked[1].add(filled);
      limitAskedAtMid = limitAskedAtMid.add(ticket.quantity().multiply(placement.sizingMid(), MC), MC);
      limitFilledAtMid = limitFilledAtMid.add(filled.multiply(placement.sizingMid(), MC), MC);
    }
    if (fills.isEmpty()) {
      return;
    }
    BigDecimal taker = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;
    Long firstMakerFill = null;
    for (Fill fill : fills) {
      BigDecimal value = fill.quantity().multiply(fill.price(), MC);
      notional = notional.add(value, MC);
      if (took(fill, buy, placement)) {
        takerNotional = takerNotional.add(value, MC);
        taker = taker.add(fill.quantity());
        takerFills++;
      } else {
        makerNotional = makerNotional.add(value, MC);
        makerFills++;
        firstMakerFill = firstMakerFill == null ? fill.at() : Math.min(firstMakerFill, fill.at());
      }
      fees = fees.add(fill.fee());
    }
    order.put("takerQuantity", JsonDecimals.number(taker));
    if (firstMakerFill != null) {
      long waited = firstMakerFill - placement.at();
      queueWaits.add(waited);
      order.put("queueWaitMs", waited);
    }
    BigDecimal atMid = filled.multiply(placement.sizingMid(), MC);
    BigDecimal paid = buy ? notional.subtract(atMid, MC) : atMid.subtract(notional, MC);
    slippage.add(paid, atMid);
    order.put("slippageBps", bps(paid, atMid));
    if (placement.recordedQuotes()) {
      filledOnRecordedQuotes++;
      order.put("adverseBps", new JsonObject());
    } else {
      filledOnBars++;
      order.put("adverseBps", BARS);
    }
  }

  /**
   * Where a fill came from: one taken when the order was placed, at or through the other side's
   * best price of the book it was matched against, took liquidity (taker); any other was resting
   * (maker): a resting LIMIT or POST_ONLY order's fills from the queue. (A LIMIT amended across
   * the book later takes too; at a time other than its placement it is counted a maker's.)
   */
  private static boolean took(Fill fill, boolean buy, Placement placement) {
    Optional<BookSnapshot.Level> touch = placement.book().flatMap(b -> b.takerSide(buy).stream().findFirst());
    return fill.at() == placement.at() && touch.isPresent()
        && (buy ? fill.price().compareTo(touch.get().price()) >= 0 : fill.price().compareTo(touch.get().price()) <= 0);
  }

  /**
   * The mid {@code horizon} after a fill of {@code order}, which filled {@code filled} at
   * {@code mid}: the mid's move against the fill, in bps, into the order's figures and the sums.
   */
  void markedOut(JsonObject order, boolean buy, BigDecimal filled, BigDecimal mid, Duration horizon, BigDecimal midThen) {
    BigDecimal moved = buy ? mid.subtract(midThen, MC) : midThen.subtract(mid, MC);
    BigDecimal atMid = filled.multiply(mid, MC);
    BigDecimal lost = moved.multiply(filled, MC);
    adverse.get(horizon).add(lost, atMid);
    order.getJsonObject("adverseBps").put(label(horizon), bps(lost, atMid));
  }

  static String label(Duration horizon) {
    return horizon.toSeconds() + "s";
  }

  /** The order's outcome: filled, partially filled then cancelled, cancelled unfilled, rejected, or its status. */
  static String outcome(String status, BigDecimal filled) {
    return switch (status) {
      case "FILLED" -> "filled";
      case "CANCELED" -> filled.signum() > 0 ? "partiallyFilledThenCancelled" : "cancelledUnfilled";
      case "REJECTED" -> "rejected";
      default -> status.toLowerCase(Locale.ROOT);
    };
  }

  JsonObject toJson() {
    JsonObject byType = new JsonObject();
    orders.forEach((type, outcomes) -> byType.put(type, new JsonObject(new LinkedHashMap<>(outcomes))));
    JsonObject bySymbol = new JsonObject();
    limitQuantities.forEach((symbol, q) -> bySymbol.put(symbol, new JsonObject().put("asked", JsonDecimals.number(q[0]))
        .put("filled", JsonDecimals.number(q[1])).put("fillRatio", ratio(q[1], q[0]))));
    BigDecimal notional = takerNotional.add(makerNotional, MC);
    return new JsonObject()
        .put("orders", byType)
        .put("limitOrders", new JsonObject().put("askedAtMid", JsonDecimals.number(limitAskedAtMid))
            .put("filledAtMid", JsonDecimals.number(limitFilledAtMid)).put("fillRatio", ratio(limitFilledAtMid, limitAskedAtMid))
            .put("bySymbol", bySymbol))
        .put("liquidity", new JsonObject()
            .put("takerNotional", JsonDecimals.number(takerNotional)).put("makerNotional", JsonDecimals.number(makerNotional))
            .put("takerPct", percent(takerNotional, notional)).put("makerPct", percent(makerNotional, notional))
            .put("takerFills", takerFills).put("makerFills", makerFills))
        .put("queueWait", queueWait())
        .put("fees", new JsonObject().put("total", JsonDecimals.number(fees)).put("notional", JsonDecimals.number(notional))
            .put("bps", notional.signum() == 0 ? null : bps(fees, notional)))
        .put("slippage", slippage.toJson())
        .put("adverseSelection", adverseSelection());
  }

  /**
   * How long the orders filled as makers waited, from reaching the venue to their first maker fill:
   * the median and the longest, in ms; null when no order was.
   */
  private JsonObject queueWait() {
    if (queueWaits.isEmpty()) {
      return null;
    }
    List<Long> sorted = queueWaits.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return new JsonObject().put("orders", n).put("medianMs", median).put("maxMs", sorted.get(n - 1));
  }

  /** Filled over asked, null without anything asked. */
  private static BigDecimal ratio(BigDecimal filled, BigDecimal asked) {
    return asked.signum() == 0 ? null : JsonDecimals.number(filled.divide(asked, MC).setScale(6, RoundingMode.HALF_EVEN));
  }

  /** Per horizon, on the fills on recorded quotes; {@value #BARS} when every fill was on bars; null without fills. */
  private Object adverseSelection() {
    if (filledOnRecordedQuotes == 0) {
      return filledOnBars == 0 ? null : BARS;
    }
    JsonObject out = new JsonObject();
    adverse.forEach((horizon, cost) -> out.put(label(horizon), cost.toJson()
        .put("unmeasured", filledOnRecordedQuotes - cost.orders))); // the data ended before the horizon
    return out.put("filledOnBars", filledOnBars);
  }

  private static BigDecimal bps(BigDecimal part, BigDecimal whole) {
    return JsonDecimals.number(part.multiply(BPS, MC).divide(whole, MC).setScale(4, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
    return whole.signum() == 0 ? null : JsonDecimals.number(part.multiply(HUNDRED, MC).divide(whole, MC)
        .setScale(4, RoundingMode.HALF_EVEN));
  }
}
