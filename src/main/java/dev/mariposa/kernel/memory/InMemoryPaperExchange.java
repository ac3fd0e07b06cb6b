package dev.mariposa.kernel.memory;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.PaperVenue;
import dev.mariposa.exchange.paper.Latency;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.exchange.paper.RestingBook;
import dev.mariposa.exchange.paper.RestingOrder;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The paper exchange in memory (a backtest's venue), answering at once: a placement is matched by
 * {@link PaperMatching} against the book of the moment (the live paper exchange's matching), its
 * fills stamped with {@code clock}; a LIMIT or POST_ONLY order left open rests in a
 * {@link RestingBook}, the live paper exchange's queue model, and fills as the prints fed to
 * {@link #onTrade} reach it (book states, {@link #onBook}, move it up the queue; bars, for a
 * symbol known only by its bars, {@link #onBar}). Orders are kept by client order id: a second
 * placement with the same id is refused as a duplicate, a lookup finds the order as it is now.
 *
 * <p>Cancels and amends take {@code latency} to arrive: until the owner's clock passes their due
 * time ({@link #advanceTo}) they are on their way, answered UNKNOWN ("sent, look it up"), and the
 * order may fill meanwhile. With no latency they are applied at once. (Placements are delayed by
 * the caller, which holds a ticket until it reaches the venue.)
 */
public final class InMemoryPaperExchange implements PaperVenue {
  private final Function<String, Optional<BookSnapshot>> books;
  private final InstantSource clock;
  private final Fees fees;
  private final Latency latency;
  private final RestingBook resting;
  /** Orders that never rested (market, IOC, FOK, and whatever ended when placed), by client order id. */
  private final Map<String, OrderState> orders = new HashMap<>();
  private final PriorityQueue<Action> onTheirWay = new PriorityQueue<>(Comparator.comparingLong(Action::due)
      .thenComparingLong(Action::sequence));
  private long sequence;

  /** A cancel ({@code requestId} empty) or an amend on its way to the venue. */
  private record Action(long due, long sequence, String symbol, String clOrdId, Optional<String> requestId,
                        Optional<BigDecimal> newQuantity, Optional<BigDecimal> newPrice) {}

  /** {@code books}: a symbol's book now, empty when there is none; {@code fees}: the paper exchange's. No latency. */
  public InMemoryPaperExchange(Function<String, Optional<BookSnapshot>> books, Fees fees, InstantSource clock) {
    this(books, fees, clock, Latency.none());
  }

  /** {@code latency}: how long a cancel or an amend takes to reach the venue. */
  public InMemoryPaperExchange(Function<String, Optional<BookSnapshot>> books, Fees fees, InstantSource clock,
                               Latency latency) {
    this.fees = fees;
    this.books = books;
    this.clock = clock;
    this.latency = latency;
    this.resting = new RestingBook(fees);
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    if (orders.containsKey(request.clOrdId()) || resting.get(request.clOrdId()).isPresent()) {
      return Future.succeededFuture(PlaceResult.duplicate("51016", "duplicated clOrdId " + request.clOrdId()));
    }
    RestingOrder.Placement placed = RestingOrder.place(request, books.apply(request.symbol()), fees, clock.millis());
    placed.resting().ifPresentOrElse(resting::rest, () -> orders.put(request.clOrdId(), placed.state()));
    return Future.succeededFuture(placed.match().result());
  }

  /** The order as it is now: a resting one with every fill so far. */
  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    return Future.succeededFuture(resting.get(clOrdId).map(RestingOrder::state).or(() -> Optional.ofNullable(orders.get(clOrdId))));
  }

  /** Cancels what rests of the order, at once or once it arrives (UNKNOWN until then). */
  @Override
  public Future<CancelResult> cancel(String symbol, String clOrdId) {
    long delay = latency.next();
    if (delay == 0) {
      return Future.succeededFuture(cancelNow(clOrdId));
    }
    boolean sent = onTheirWay.stream().anyMatch(a -> a.clOrdId().equals(clOrdId) && a.requestId().isEmpty());
    if (!sent) {
      onTheirWay.add(new Action(clock.millis() + delay, sequence++, symbol, clOrdId, Optional.empty(), Optional.empty(),
          Optional.empty()));
    }
    return Future.succeededFuture(CancelResult.of(CancelResult.Outcome.UNKNOWN, "sent",
        "cancel of " + clOrdId + " sent, not at the venue yet: look the order up"));
  }

  /** Amends the resting order, at once or once it arrives (UNKNOWN until then); see {@link RestingOrder#amend}. */
  @Override
  public Future<AmendResult> amend(String symbol, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                                   Optional<BigDecimal> newPrice) {
    long delay = latency.next();
    if (delay == 0) {
      return Future.succeededFuture(amendNow(symbol, clOrdId, requestId, newQuantity, newPrice));
    }
    boolean sent = onTheirWay.stream().anyMatch(a -> a.clOrdId().equals(clOrdId) && a.requestId().equals(Optional.of(requestId)));
    if (!sent) {
      onTheirWay.add(new Action(clock.millis() + delay, sequence++, symbol, clOrdId, Optional.of(requestId), newQuantity,
          newPrice));
    }
    return Future.succeededFuture(AmendResult.of(AmendResult.Outcome.UNKNOWN, "sent",
        "amend " + requestId + " of " + clOrdId + " sent, not at the venue yet: look the order up"));
  }

  /**
   * Applies the cancels and amends due by {@code time}, in the order they arrive, each against the
   * book as it is when this is called: call it before the next event changes the books.
   */
  public void advanceTo(long time) {
    while (!onTheirWay.isEmpty() && onTheirWay.peek().due() <= time) {
      Action action = onTheirWay.poll();
      if (action.requestId().isEmpty()) {
        cancelNow(action.clOrdId());
      } else {
        amendNow(action.symbol(), action.clOrdId(), action.requestId().get(), action.newQuantity(), action.newPrice(),
            action.due());
      }
    }
  }

  /** Whether some order of {@code symbol} rests: only then do its prints and books need feeding. */
  public boolean rests(String symbol) {
    return resting.rests(symbol);
  }

  /** A print of the symbol: the resting orders it filled or moved up, as they are now. */
  public List<RestingOrder> onTrade(TradePrint print) {
    return resting.onTrade(print);
  }

  /** A new state of the symbol's book (from a depth stream; not one made from a bar). */
  public void onBook(BookSnapshot book) {
    resting.onBook(book);
  }

  /** A closed bar of a symbol known only by its bars: the resting orders it traded through, filled. */
  public List<RestingOrder> onBar(String symbol, BigDecimal low, BigDecimal high, long openTime, long closeTime) {
    return resting.onBar(symbol, low, high, openTime, closeTime);
  }

  private CancelResult cancelNow(String clOrdId) {
    if (resting.get(clOrdId).isPresent()) {
      return resting.cancel(clOrdId);
    }
    OrderState order = orders.get(clOrdId);
    if (order == null) {
      return CancelResult.of(CancelResult.Outcome.NOT_FOUND, "51400", "no order " + clOrdId);
    }
    return CancelResult.of(CancelResult.Outcome.ALREADY_FINAL, "51400",
        "order " + clOrdId + " is " + order.status() + " already"); // what does not rest ended when placed
  }

  private AmendResult amendNow(String symbol, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                               Optional<BigDecimal> newPrice) {
    return amendNow(symbol, clOrdId, requestId, newQuantity, newPrice, clock.millis());
  }

  private AmendResult amendNow(String symbol, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                               Optional<BigDecimal> newPrice, long at) {
    if (resting.get(clOrdId).isEmpty() && orders.containsKey(clOrdId)) {
      return AmendResult.of(AmendResult.Outcome.ALREADY_FINAL, "51503",
          "order " + clOrdId + " is " + orders.get(clOrdId).status() + " already");
    }
    return resting.amend(clOrdId, requestId, newQuantity, newPrice, books.apply(symbol), at);
  }
}
