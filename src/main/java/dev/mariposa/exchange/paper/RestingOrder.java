package dev.mariposa.exchange.paper;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One resting paper order (LIMIT or POST_ONLY), immutable: what it asks, what it has filled, and
 * where it stands in the queue of its price level. The paper venue's one matching model: the live
 * {@link PaperExchange} keeps it in {@code paper_orders}, a backtest in a {@link RestingBook}; both
 * feed it the same way, so both fill alike.
 *
 * <ul>
 *   <li><b>Placed</b> ({@link #place}): {@link PaperMatching} decides the taker part (taker fee); a
 *       LIMIT order's rest and a POST_ONLY order that would not take rest (a post-only that would
 *       take is cancelled unfilled). It joins behind what the book displays at its price
 *       ({@link #joinAhead}).
 *   <li><b>Prints</b> ({@link #onTrade}) move it up and fill it as {@link QueuePosition} says: at
 *       its price from the front of the queue, through its price the whole rest; maker fee, at its
 *       own price, stamped with the print's receive time. A print is applied once: only one newer
 *       (receive time, then trade id) than the last applied, and none from before it rested.
 *   <li><b>Book states</b> ({@link #onBook}) shrink the queue ahead of it ({@code min(ahead, level)},
 *       {@link QueuePosition#onLevel}) when its price lies within the displayed depth; a price
 *       better than the best on its side is an empty level (ahead 0); deeper than the depth shown,
 *       nothing is known and nothing moves. A book never fills by itself, not even one that crosses
 *       the order: only a print shows a counterparty.
 *   <li><b>Amends</b> ({@link #amend}): a new price loses the order's priority (it rejoins behind
 *       what is displayed at the new price, and a LIMIT moved across the book takes what crosses,
 *       taker fee); a smaller size keeps it, a larger one loses it; a new total size at or below
 *       what has filled ends it FILLED; a POST_ONLY moved to a price that would take is refused
 *       and stands. A retry of the latest amend done (the same request id) is answered as before
 *       and changes nothing (done again, a new price would lose the queue a second time).
 * </ul>
 *
 * Fills are only ever appended: fill i stays fill i (the kernel stores them as
 * {@code <clOrdId>:<i>}).
 *
 * @param queuedAt    when it joined its present queue (placed, or moved to a new price or size)
 * @param lastPrintAt receive time of the last print applied; with {@code lastPrintId}, the key that
 *                    applies each print once
 * @param bookVersion the last book applied ({@link #version}); an older one is ignored
 * @param lastAmend   the latest amend done, to answer its retry
 * @param swap        an order on the symbol's perpetual swap, which pays the venue's swap fees
 */
public record RestingOrder(String clOrdId, String symbol, Side side, OrderRequest.Type type, BigDecimal quantity,
                           BigDecimal price, OrderState.Status status, List<Fill> fills, BigDecimal ahead,
                           long restedAt, long queuedAt, long lastPrintAt, long lastPrintId, long bookVersion,
                           Optional<Amend> lastAmend, boolean swap) {

  /** An amend done: its request id and what it was answered. */
  public record Amend(String requestId, AmendResult result) {}

  /** What a placement did: the match (taker part, status) and the order resting with the rest, if any. */
  public record Placement(PaperMatching.Match match, Optional<RestingOrder> resting) {
    public OrderState state() {
      return resting.map(RestingOrder::state)
          .orElseGet(() -> PaperMatching.state(match.clOrdId(), match.status(), match.fills()));
    }
  }

  /** What an amend did: the answer, and the order after it (unchanged unless AMENDED). */
  public record Amended(AmendResult result, RestingOrder order) {}

  public RestingOrder {
    Objects.requireNonNull(clOrdId, "clOrdId");
    fills = List.copyOf(fills);
  }

  /** Matches {@code request} against {@code book} at {@code now}; a LIMIT or POST_ONLY order left open rests. */
  public static Placement place(OrderRequest request, Optional<BookSnapshot> book, Fees fees, long now) {
    PaperMatching.Match match = PaperMatching.place(book, request, fees.forOrder(request.isSwap()), now);
    boolean rests = (request.type() == OrderRequest.Type.LIMIT || request.type() == OrderRequest.Type.POST_ONLY)
        && !match.status().isFinal() && book.isPresent();
    if (!rests) {
      return new Placement(match, Optional.empty());
    }
    BigDecimal price = request.limitPrice().orElseThrow();
    RestingOrder order = new RestingOrder(request.clOrdId(), request.symbol(), request.side(), request.type(),
        request.quantity(), price, match.status(), match.fills(), joinAhead(book.get(), request.side(), price),
        now, now, now, -1, version(book.get()), Optional.empty(), request.isSwap());
    return new Placement(match, Optional.of(order));
  }

  public boolean open() {
    return !status.isFinal();
  }

  public BigDecimal filled() {
    return BookWalker.filled(fills);
  }

  public BigDecimal remaining() {
    return quantity.subtract(filled());
  }

  /** What the venue says of it. */
  public OrderState state() {
    return PaperMatching.state(clOrdId, status, fills);
  }

  /** The aggressor of a print: the seller when the buyer was the maker. */
  public static Side aggressor(TradePrint print) {
    return print.buyerIsMaker() ? Side.SELL : Side.BUY;
  }

  /**
   * Whether {@code print} can change this order: it is open, the print is newer than the last one
   * applied and not from before the order rested, its taker is on the other side, and it printed at
   * or through the order's price. Any other print leaves it as it is (nothing to write).
   */
  public boolean touchedBy(TradePrint print) {
    if (!open() || aggressor(print) == side || !newer(print)) {
      return false;
    }
    int vsOurs = print.price().compareTo(price);
    return side == Side.BUY ? vsOurs <= 0 : vsOurs >= 0;
  }

  private boolean newer(TradePrint print) {
    return print.receivedAt() > lastPrintAt || print.receivedAt() == lastPrintAt && print.tradeId() > lastPrintId;
  }

  /** The order after {@code print} (itself when the print does not touch it). */
  public RestingOrder onTrade(TradePrint print, Fees fees) {
    if (!touchedBy(print)) {
      return this;
    }
    QueuePosition queue = new QueuePosition(side, price, remaining(), ahead, fees.forOrder(swap));
    List<Fill> fresh = queue.onTrade(print.price(), print.qty(), aggressor(print), print.receivedAt());
    List<Fill> all = appended(fills, fresh);
    return new RestingOrder(clOrdId, symbol, side, type, quantity, price, status(all, quantity), all, queue.ahead(),
        restedAt, queuedAt, print.receivedAt(), print.tradeId(), bookVersion, lastAmend, swap);
  }

  /**
   * A print fed with the newest book known (live: the cached book, which may be newer or older than
   * the print): the book first, but only when it predates the print (its exchange time before the
   * print's trade time), since a book taken after the print already shows what the print took and
   * would count that twice, in the order's favour; then the print.
   */
  public RestingOrder onPrint(TradePrint print, Optional<BookSnapshot> latestBook, Fees fees) {
    if (!touchedBy(print)) {
      return this;
    }
    long printed = print.tradeTime() != null ? print.tradeTime() : print.exchangeTime();
    RestingOrder before = latestBook.filter(b -> b.exchangeTime() < printed).map(this::onBook).orElse(this);
    return before.onTrade(print, fees);
  }

  /** The order after the venue displays {@code book}: the queue ahead shrinks (see the class comment); no fill. */
  public RestingOrder onBook(BookSnapshot book) {
    long version = version(book);
    if (!open() || version <= bookVersion) {
      return this;
    }
    BigDecimal shrunk = displayedAt(book, side, price).map(ahead::min).orElse(ahead);
    return new RestingOrder(clOrdId, symbol, side, type, quantity, price, status, fills, shrunk, restedAt, queuedAt,
        lastPrintAt, lastPrintId, version, lastAmend, swap);
  }

  /**
   * A bar of a symbol known only by its bars (no prints): its low under a resting buy (its high
   * over a resting sell) traded through the order's price, and fills the rest at it, stamped with
   * the bar's close. A bar that only touches the price fills nothing (the queue there is unknown),
   * nor does one that opened before the order joined its queue (its extreme may have come first).
   */
  public RestingOrder onBar(BigDecimal low, BigDecimal high, long openTime, long closeTime, Fees fees) {
    if (!open() || openTime <= queuedAt) {
      return this;
    }
    // The bar's extremes as prints of nothing: QueuePosition fills a print through the price, and
    // a print at the price of size 0 moves nothing.
    QueuePosition queue = new QueuePosition(side, price, remaining(), ahead, fees.forOrder(swap));
    List<Fill> fresh = side == Side.BUY ? queue.onTrade(low, BigDecimal.ZERO, Side.SELL, closeTime)
        : queue.onTrade(high, BigDecimal.ZERO, Side.BUY, closeTime);
    if (fresh.isEmpty()) {
      return this;
    }
    List<Fill> all = appended(fills, fresh);
    return new RestingOrder(clOrdId, symbol, side, type, quantity, price, status(all, quantity), all, queue.ahead(),
        restedAt, queuedAt, lastPrintAt, lastPrintId, bookVersion, lastAmend, swap);
  }

  /** Cancelled, with what it filled; a final order stays as it is. */
  public RestingOrder cancel() {
    if (!open()) {
      return this;
    }
    return new RestingOrder(clOrdId, symbol, side, type, quantity, price, OrderState.Status.CANCELED, fills, ahead,
        restedAt, queuedAt, lastPrintAt, lastPrintId, bookVersion, lastAmend, swap);
  }

  /**
   * Amends to a new total size (fills included), a new price, or both, at {@code now} on
   * {@code book} (see the class comment). {@code requestId} names the amend: the latest one sent
   * again is answered as before, nothing changed.
   */
  public Amended amend(String requestId, Optional<BigDecimal> newQuantity, Optional<BigDecimal> newPrice,
                       Optional<BookSnapshot> book, Fees fees, long now) {
    if (lastAmend.isPresent() && lastAmend.get().requestId().equals(requestId)) {
      return new Amended(lastAmend.get().result(), this);
    }
    if (!open()) {
      return new Amended(AmendResult.of(AmendResult.Outcome.ALREADY_FINAL, "51503",
          "paper order " + clOrdId + " is " + status + " already"), this);
    }
    BigDecimal total = newQuantity.orElse(quantity);
    BigDecimal px = newPrice.orElse(price);
    if (newQuantity.isEmpty() && newPrice.isEmpty() || total.signum() <= 0 || px.signum() <= 0) {
      return refused("51000", "an amend needs a new positive size or price");
    }
    boolean moved = px.compareTo(price) != 0;
    boolean grows = total.compareTo(quantity) > 0;
    if ((moved || grows) && book.isEmpty()) {
      return refused("no_book", "no order book for " + symbol + ": the queue at the new price or size is unknown");
    }
    boolean buy = side == Side.BUY;
    if (type == OrderRequest.Type.POST_ONLY && moved && wouldTake(book.get(), side, px)) {
      return refused("51511", "post-only order " + clOrdId + " at " + px.toPlainString() + " would take");
    }
    AmendResult done = AmendResult.of(AmendResult.Outcome.AMENDED, "0", "amended " + clOrdId);
    Optional<Amend> amend = Optional.of(new Amend(requestId, done));
    List<Fill> all = fills;
    BigDecimal queue = ahead;
    long joined = queuedAt;
    long version = bookVersion;
    if (total.compareTo(filled()) > 0 && (moved || grows)) {
      // A LIMIT moved across the book takes what crosses first, as a placement there would.
      all = moved && type == OrderRequest.Type.LIMIT ? appended(fills, BookWalker.walk(book.get().takerSide(buy), buy,
          total.subtract(filled()), Optional.of(px), fees.forOrder(swap).taker(), now)) : fills;
      queue = joinAhead(book.get(), side, px);
      joined = now;
      version = Math.max(version, version(book.get()));
    }
    RestingOrder next = new RestingOrder(clOrdId, symbol, side, type, total, px, status(all, total), all, queue,
        restedAt, joined, lastPrintAt, lastPrintId, version, amend, swap);
    return new Amended(done, next);
  }

  /** Refused: the order stands as it was, and nothing is remembered (the same amend again is judged again). */
  private Amended refused(String code, String message) {
    return new Amended(AmendResult.of(AmendResult.Outcome.REJECTED, code, message), this);
  }

  private static OrderState.Status status(List<Fill> fills, BigDecimal quantity) {
    BigDecimal filled = BookWalker.filled(fills);
    return filled.compareTo(quantity) >= 0 ? OrderState.Status.FILLED
        : filled.signum() > 0 ? OrderState.Status.PARTIALLY_FILLED : OrderState.Status.LIVE;
  }

  private static List<Fill> appended(List<Fill> fills, List<Fill> fresh) {
    if (fresh.isEmpty()) {
      return fills;
    }
    List<Fill> all = new ArrayList<>(fills.size() + fresh.size());
    all.addAll(fills);
    all.addAll(fresh);
    return all;
  }

  /** A book's version: Binance's update id, else its exchange time. */
  public static long version(BookSnapshot book) {
    return book.lastUpdateId() != null ? book.lastUpdateId() : book.exchangeTime();
  }

  /**
   * What an order joining at {@code price} queues behind: the quantity displayed there; nothing
   * when the price is better than the best on its side (or the side is empty) or falls in a gap of
   * the displayed levels; everything displayed on its side when it lies deeper than the depth
   * shown (unknown, so assumed long: only a print through its price can fill it until its level
   * shows).
   */
  public static BigDecimal joinAhead(BookSnapshot book, Side side, BigDecimal price) {
    List<BookSnapshot.Level> levels = side == Side.BUY ? book.bids() : book.asks();
    return displayedAt(book, side, price).orElseGet(() -> levels.isEmpty() ? BigDecimal.ZERO
        : levels.stream().map(BookSnapshot.Level::quantity).reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  /**
   * The quantity {@code book} displays at {@code price} on {@code side}'s levels: 0 when the price
   * is better than the best or in a gap between displayed levels; empty when it lies deeper than the
   * depth shown, or the side shows nothing.
   */
  public static Optional<BigDecimal> displayedAt(BookSnapshot book, Side side, BigDecimal price) {
    List<BookSnapshot.Level> levels = side == Side.BUY ? book.bids() : book.asks();
    if (levels.isEmpty()) {
      return Optional.empty();
    }
    int sign = side == Side.BUY ? 1 : -1; // > 0: better than a level's price on this side
    for (BookSnapshot.Level level : levels) {
      int vs = price.compareTo(level.price()) * sign;
      if (vs == 0) {
        return Optional.of(level.quantity());
      }
      if (vs > 0) {
        return Optional.of(BigDecimal.ZERO); // better than the best, or between two displayed levels
      }
    }
    return Optional.empty();
  }

  /** Whether a post-only order at {@code price} would take: at or through the other side's best. */
  public static boolean wouldTake(BookSnapshot book, Side side, BigDecimal price) {
    BookSnapshot.Level touch = side == Side.BUY ? book.bestAsk() : book.bestBid();
    return touch != null && (side == Side.BUY ? price.compareTo(touch.price()) >= 0 : price.compareTo(touch.price()) <= 0);
  }
}
