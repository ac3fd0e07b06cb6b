package dev.mariposa.agent;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How an agent's entries reach the venue. Takers: {@code market} (take whatever the book gives),
 * or a limit at most {@code maxSlippageBps} past the mid the order was sized at, as {@code ioc}
 * (take what the book has up to that price, cancel the rest) or {@code fok} (all of it up to that
 * price, or nothing). Makers: {@code limit} or {@code post_only} (never takes: the venue refuses
 * it when its price would take), resting at a price the {@link PriceRule} sets from the book, for
 * {@code ttl}; then repriced to the rule's price again (chasing the market, up to
 * {@code maxReprices} times and never past {@code maxSlippageBps} above the first mid), and when it
 * may not chase any more, cancelled, or, for a {@code limit} with {@code onExpiry} cross, moved to
 * the taker limit for one last {@code ttl}. A resting entry is also cancelled as soon as the book
 * turns against it: its imbalance over the top levels at or below {@code -cancelOnImbalance}
 * (sellers' size pressing on a resting buy, which is then likely to be filled just before the
 * price falls; 0: off). Exits and closes are always market orders: a stop-loss must get out.
 */
public record Execution(Type type, double maxSlippageBps, PriceRule price, Duration ttl, int maxReprices,
                        OnExpiry onExpiry, double cancelOnImbalance) {
  public enum Type {
    MARKET, IOC, FOK, LIMIT, POST_ONLY;

    /** Whether an order of this type rests in the book when it does not fill at once. */
    public boolean rests() {
      return this == LIMIT || this == POST_ONLY;
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where a resting entry is priced, from the book of the moment. */
  public enum PriceFrom {
    /** At the best bid: behind the queue already there. */
    JOIN,
    /** {@code ticks} above the best bid, never at or above the best ask: first in a new level. */
    IMPROVE,
    /** {@code bps} below the mid, never at or above the best ask. */
    OFFSET;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A resting entry's price rule: {@code from}, with its {@code ticks} (improve) or {@code bps} (offset). */
  public record PriceRule(PriceFrom from, int ticks, double bps) {
    public static PriceRule join() {
      return new PriceRule(PriceFrom.JOIN, DEFAULT_IMPROVE_TICKS, DEFAULT_OFFSET_BPS);
    }
  }

  /** What a resting entry does once it may not chase any more. */
  public enum OnExpiry {
    CANCEL, CROSS;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final double DEFAULT_SLIPPAGE_BPS = 10;
  public static final int DEFAULT_IMPROVE_TICKS = 1;
  public static final double DEFAULT_OFFSET_BPS = 5;
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_REPRICES = 3;
  /**
   * The longest a resting entry may live, every reprice and a cross included: the risk gate counts
   * an order in flight for {@code InFlightOrders.MAX_AGE} (5 minutes), and must still count it.
   */
  public static final Duration MAX_LIFE = Duration.ofMinutes(4);

  public Execution {
    if (type.rests() && ttl.multipliedBy(maxReprices + 2L).compareTo(MAX_LIFE) > 0) {
      throw new IllegalArgumentException("a resting entry would live longer than " + MAX_LIFE.toSeconds() + " s");
    }
    if (onExpiry == OnExpiry.CROSS && type != Type.LIMIT) {
      throw new IllegalArgumentException("only a limit entry crosses on expiry: a " + type.wire() + " never takes");
    }
  }

  /** A taker style with the default resting parameters (unused by takers). */
  public Execution(Type type, double maxSlippageBps) {
    this(type, maxSlippageBps, PriceRule.join(), DEFAULT_TTL, DEFAULT_MAX_REPRICES, OnExpiry.CANCEL);
  }

  /** A style that does not watch the book's imbalance. */
  public Execution(Type type, double maxSlippageBps, PriceRule price, Duration ttl, int maxReprices, OnExpiry onExpiry) {
    this(type, maxSlippageBps, price, ttl, maxReprices, onExpiry, 0);
  }

  /** Whether the book's imbalance {@code imbalance} (-1 all asks, +1 all bids) now says to cancel a resting buy. */
  public boolean bookTurnedAgainst(double imbalance) {
    return cancelOnImbalance > 0 && imbalance <= -cancelOnImbalance;
  }

  public static Execution market() {
    return new Execution(Type.MARKET, DEFAULT_SLIPPAGE_BPS);
  }

  /**
   * The highest price a buy sized at {@code mid} may pay: {@code maxSlippageBps} above it, rounded
   * down to the tick so the bound holds.
   */
  public BigDecimal slippageBound(BigDecimal mid, BigDecimal tick) {
    BigDecimal bound = mid.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(maxSlippageBps).movePointLeft(4)));
    return floor(bound, tick);
  }

  /**
   * The limit price of a buy entry on the book {@code bid}/{@code ask} (mid {@code mid}): the
   * slippage bound for IOC and FOK, the price rule's for a resting entry (at or below the bound,
   * and below the best ask, so that it rests); empty for a market order.
   */
  public Optional<BigDecimal> buyLimit(BigDecimal bid, BigDecimal ask, BigDecimal mid, BigDecimal tick) {
    return switch (type) {
      case MARKET -> Optional.empty();
      case IOC, FOK -> Optional.of(slippageBound(mid, tick));
      case LIMIT, POST_ONLY -> Optional.of(restingBuyPrice(bid, ask, mid, tick).min(slippageBound(mid, tick)));
    };
  }

  /**
   * The lowest price a sell entry (a swap's short) sized at {@code mid} may take: {@code maxSlippageBps}
   * below it, rounded up to the tick; empty for a market order. Only orders that take open a
   * short: see {@link #opensShorts}.
   */
  public Optional<BigDecimal> sellLimit(BigDecimal mid, BigDecimal tick) {
    if (type == Type.MARKET) {
      return Optional.empty();
    }
    BigDecimal bound = mid.multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(maxSlippageBps).movePointLeft(4)));
    return Optional.of(bound.divide(tick, 0, RoundingMode.CEILING).multiply(tick));
  }

  /** Whether short entries can be placed this way: market, IOC and FOK (resting entries are buys only, for now). */
  public boolean opensShorts() {
    return !type.rests();
  }

  /** The resting buy price the rule gives on this book, below the best ask (the reprice uses it too). */
  public BigDecimal restingBuyPrice(BigDecimal bid, BigDecimal ask, BigDecimal mid, BigDecimal tick) {
    BigDecimal ruled = switch (price.from()) {
      case JOIN -> bid;
      case IMPROVE -> bid.add(tick.multiply(BigDecimal.valueOf(price.ticks())));
      case OFFSET -> floor(mid.multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(price.bps()).movePointLeft(4))), tick);
    };
    BigDecimal belowAsk = ask.subtract(tick);
    return floor(ruled.min(belowAsk.max(bid)), tick);
  }

  /** As agents and orders store it. */
  public JsonObject toJson() {
    return new JsonObject().put("type", type.wire()).put("maxSlippageBps", maxSlippageBps)
        .put("price", price.from().wire()).put("improveTicks", price.ticks()).put("offsetBps", price.bps())
        .put("ttlMs", ttl.toMillis()).put("maxReprices", maxReprices).put("onExpiry", onExpiry.wire())
        .put("cancelOnImbalance", cancelOnImbalance);
  }

  /** An execution as {@link #toJson} stored it (checked when the agent was saved). */
  public static Execution fromJson(JsonObject json) {
    return new Execution(Type.valueOf(json.getString("type").toUpperCase(Locale.ROOT)), json.getDouble("maxSlippageBps"),
        new PriceRule(PriceFrom.valueOf(json.getString("price").toUpperCase(Locale.ROOT)), json.getInteger("improveTicks"),
            json.getDouble("offsetBps")),
        Duration.ofMillis(json.getLong("ttlMs")), json.getInteger("maxReprices"),
        OnExpiry.valueOf(json.getString("onExpiry").toUpperCase(Locale.ROOT)), json.getDouble("cancelOnImbalance", 0.0));
  }

  private static BigDecimal floor(BigDecimal price, BigDecimal tick) {
    return price.divide(tick, 0, RoundingMode.FLOOR).multiply(tick).stripTrailingZeros();
  }
}
