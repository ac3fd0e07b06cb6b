package dev.mariposa.exchange.paper;

import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

/**
 * One resting paper limit order's place in the queue of its price level, pure. The order is not
 * in the venue's book, so where it stands is estimated from what the feed shows: the displayed
 * quantity at its price and the trades that print there. It fills only from trades, as maker:
 *
 * <ul>
 *   <li><b>Join.</b> It queues behind everything displayed at its price when placed:
 *       {@code ahead = displayed}.
 *   <li><b>A trade at its price</b> whose aggressor takes its side (a sell print for a resting
 *       buy, a buy print for a resting sell) consumes the queue from the front: of a print of
 *       {@code q}, {@code min(q, ahead)} goes to those ahead, {@code min(q - that, remaining)}
 *       fills this order.
 *   <li><b>A trade through its price</b> (a sell print below a resting buy, a buy print above a
 *       resting sell) shows the whole level was taken: the rest fills at the order's price.
 *   <li><b>A level update</b> {@code L'} after the level stood at {@code L}, with
 *       {@code behind = L - ahead}: a growth is orders joining behind, ahead does not move; a
 *       shrink of {@code d = L - L'} is cancels (or the trades already counted), taken
 *       conservatively <em>from behind first</em>: ahead only moves when the shrink exceeds what
 *       is behind, {@code ahead' = ahead - max(0, d - behind) = min(ahead, L')}. Example: L 10,
 *       ahead 6 (behind 4); L' 7 takes 3 from behind, ahead stays 6; L' 5 takes all 4 behind and 1
 *       ahead, ahead 5. Since the rule reduces to {@code min(ahead, L')}, the prints that the next
 *       update shows are not counted twice: a print already took them from ahead, and ahead never
 *       exceeds the level. That holds when a print comes before the update that shows it, as in
 *       Binance's streams (aggTrade is pushed at once, depth every 100 ms); an update that came
 *       first would count that volume twice, in the order's favour.
 *       A level update never fills by itself: only a print shows a counterparty.
 *   <li>A print at its price with the aggressor on its own side (asks reached its price while
 *       the level was empty) is ignored: how much of that ask it would have taken is unknown.
 * </ul>
 *
 * Fills are charged {@code fees.maker()} on their notional. Not thread-safe: one owner feeds it.
 */
public final class QueuePosition {
  private static final MathContext MC = MathContext.DECIMAL64;

  private final Side side;
  private final BigDecimal price;
  private final BigDecimal quantity;
  private final BigDecimal makerRate;
  private BigDecimal ahead;
  private BigDecimal filled = BigDecimal.ZERO;

  /** {@code displayedAhead}: the quantity displayed at {@code price} when the order joined. */
  public QueuePosition(Side side, BigDecimal price, BigDecimal quantity, BigDecimal displayedAhead, Fees fees) {
    this.side = Objects.requireNonNull(side, "side");
    this.price = Objects.requireNonNull(price, "price");
    this.quantity = Objects.requireNonNull(quantity, "quantity");
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("quantity must be positive: " + quantity);
    }
    this.ahead = displayedAhead.max(BigDecimal.ZERO);
    this.makerRate = fees.maker();
  }

  /** A print of {@code qty} at {@code tradePrice} whose taker was {@code aggressor}; the fills it gives this order. */
  public List<Fill> onTrade(BigDecimal tradePrice, BigDecimal qty, Side aggressor, long at) {
    if (done() || aggressor == side) {
      return List.of();
    }
    int vsOurs = tradePrice.compareTo(price);
    boolean through = side == Side.BUY ? vsOurs < 0 : vsOurs > 0;
    if (through) {
      return fill(remaining(), at);
    }
    if (vsOurs != 0) {
      return List.of();
    }
    BigDecimal toAhead = qty.min(ahead);
    ahead = ahead.subtract(toAhead);
    BigDecimal toUs = qty.subtract(toAhead).min(remaining());
    return toUs.signum() > 0 ? fill(toUs, at) : List.of();
  }

  /** The venue now displays {@code displayedAtPrice} at this order's price: cancels, taken from behind first; no fill (see the class comment). */
  public void onLevel(BigDecimal displayedAtPrice) {
    ahead = ahead.min(displayedAtPrice);
  }

  private List<Fill> fill(BigDecimal qty, long at) {
    filled = filled.add(qty);
    return List.of(new Fill(qty, price, qty.multiply(price, MC).multiply(makerRate, MC), at));
  }

  public Side side() {
    return side;
  }

  public BigDecimal price() {
    return price;
  }

  public BigDecimal quantity() {
    return quantity;
  }

  /** The estimated quantity still queued ahead of this order at its price. */
  public BigDecimal ahead() {
    return ahead;
  }

  public BigDecimal filled() {
    return filled;
  }

  public BigDecimal remaining() {
    return quantity.subtract(filled);
  }

  public boolean done() {
    return filled.compareTo(quantity) >= 0;
  }
}
