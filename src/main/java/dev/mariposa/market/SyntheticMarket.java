package dev.mariposa.market;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic synthetic market for one symbol, for the demo and for tests: log-normal price
 * moves whose variance follows a GARCH(1,1) process (so calm and wild periods cluster), a spread
 * that widens with volatility, a ten-level book with sizes that grow away from the touch, and a
 * Poisson number of trades per step, more of them when the market moves. Prices and quantities are
 * exact decimals on the symbol's tick and lot ({@link Precision}), as a venue publishes them.
 */
final class SyntheticMarket {
  /**
   * The long-run volatility of a one-minute return, whatever the step: 0.05%, between a calm day
   * of BTCUSDT (0.03% on 2024-09-21) and a busy one of ETHUSDT (0.08% on 2022-08-14). A fixed
   * variance per step made it grow with the step rate: 0.8% a minute at 100 ms steps, a market so
   * wild that the technical model cut every confidence and the demo agents never traded.
   */
  static final double MINUTE_VOLATILITY = 0.0005;
  private static final double ALPHA = 0.08;
  private static final double BETA = 0.90;
  static final int BOOK_LEVELS = 10;

  private final String symbol;
  private final Precision precision;
  private final Random random;
  private final double omega;
  private double mid;
  private double variance;
  private double lastReturn;
  private BigDecimal last;
  private long tradeId;

  /** {@code step}: the time between two steps (the feed's tick), which the variance of a step scales with. */
  SyntheticMarket(String symbol, long seed, Duration step) {
    this.symbol = symbol;
    this.precision = precision(symbol);
    this.random = new Random(seed);
    this.mid = startingPrice(symbol);
    this.last = precision.price(mid, RoundingMode.HALF_EVEN);
    double stepVariance = MINUTE_VOLATILITY * MINUTE_VOLATILITY * Math.max(1, step.toMillis()) / 60_000.0;
    this.omega = stepVariance * (1 - ALPHA - BETA); // GARCH(1,1): the long-run variance is omega / (1 - alpha - beta)
    this.variance = stepVariance;
  }

  /** The tick and lot the synthetic market of {@code symbol} quotes in. */
  static Precision precision(String symbol) {
    return Precision.of(symbol, startingPrice(symbol));
  }

  /** One step of the market: the events it produced, in order (trades first, then the ticker). */
  record Step(List<TradePrint> trades, Ticker ticker, BookSnapshot book) {}

  Step step(long nowMs, boolean withBook) {
    variance = omega + ALPHA * lastReturn * lastReturn + BETA * variance;
    lastReturn = Math.sqrt(variance) * random.nextGaussian();
    mid *= Math.exp(lastReturn);
    double volatility = Math.sqrt(variance);
    double halfSpread = mid * Math.max(0.00005, 0.5 * volatility);
    BigDecimal bid = precision.price(mid - halfSpread, RoundingMode.HALF_EVEN);
    BigDecimal ask = precision.price(mid + halfSpread, RoundingMode.HALF_EVEN);
    if (ask.compareTo(bid) <= 0) {
      ask = JsonDecimals.number(bid.add(precision.tick()));
    }

    List<TradePrint> trades = new ArrayList<>();
    int count = poisson(1.5 + 4000 * Math.abs(lastReturn));
    for (int i = 0; i < count; i++) {
      boolean buyerIsMaker = random.nextBoolean();
      last = buyerIsMaker ? bid : ask;
      trades.add(new TradePrint(symbol, "synthetic", nowMs, nowMs, ++tradeId, last, quantity(0.4), null, buyerIsMaker));
    }
    Ticker ticker = Ticker.quote(symbol, "synthetic", nowMs, nowMs, bid, quantity(1), ask, quantity(1)).withLast(last);
    return new Step(trades, ticker, withBook ? book(nowMs, bid, ask) : null);
  }

  private BookSnapshot book(long nowMs, BigDecimal bid, BigDecimal ask) {
    List<BookSnapshot.Level> bids = new ArrayList<>(BOOK_LEVELS);
    List<BookSnapshot.Level> asks = new ArrayList<>(BOOK_LEVELS);
    BigDecimal step = precision.price(ask.subtract(bid).doubleValue() / 2, RoundingMode.HALF_EVEN).max(precision.tick());
    for (int level = 0; level < BOOK_LEVELS; level++) {
      double depth = 1 + level * 0.6;
      BigDecimal away = step.multiply(BigDecimal.valueOf(level));
      bids.add(new BookSnapshot.Level(bid.subtract(away), quantity(depth)));
      asks.add(new BookSnapshot.Level(ask.add(away), quantity(depth)));
    }
    return new BookSnapshot(symbol, "synthetic", null, null, nowMs, nowMs, bids, asks);
  }

  private BigDecimal quantity(double scale) {
    double notional = 500 + random.nextDouble() * 20_000 * scale;
    return precision.quantity(notional / mid);
  }

  private int poisson(double lambda) {
    double l = Math.exp(-Math.min(lambda, 30));
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  static double startingPrice(String symbol) {
    return switch (symbol) {
      case "BTCUSDT" -> 63_000;
      case "ETHUSDT" -> 2_500;
      case "SOLUSDT" -> 150;
      case "BNBUSDT" -> 580;
      default -> 100;
    };
  }
}
