package dev.mariposa.exchange.paper;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.store.BulkWriter;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The built-in paper exchange: orders fill against the live order book from the market cache,
 * as {@link PaperMatching} decides (the same matching a backtest uses). Market orders take what the book
 * has and cancel the rest; limit orders take what crosses and rest until the book crosses them
 * ({@link #matchResting}). Orders live in the {@code paper_orders} collection keyed by client
 * order id, so a second placement with the same id is refused as a duplicate, as OKX does.
 * Fills are stamped with the clock's time: in a replay, the replayed time.
 */
public final class PaperExchange implements Exchange {
  private static final String COLLECTION = "paper_orders";
  private static final int DEPTH = 20;

  private final MarketDataService market;
  private final MongoClient mongo;
  private final BulkWriter writes;
  private final MarketClock clock;
  private final Fees fees;

  /** {@code fees}: taker on what an order takes when placed, maker on what a resting limit order fills later. */
  public PaperExchange(MarketDataService market, MongoStore store, MarketClock clock, Fees fees) {
    this.fees = fees;
    this.market = market;
    this.mongo = store.client();
    this.writes = store.writer(COLLECTION);
    this.clock = clock;
  }

  @Override
  public String name() {
    return "paper";
  }

  /**
   * Matches against the cached book, then stores the order with its outcome in one insert: a duplicate
   * client order id is refused by the insert (nothing fills twice), and a failure before it
   * (Redis down) leaves nothing behind, so the placement can simply be tried again.
   */
  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    return market.latestOrderBook(request.symbol(), DEPTH).compose(book -> {
      long now = clock.millis(request.symbol());
      PaperMatching.Match match = PaperMatching.place(book, request, fees, now);
      JsonObject order = new JsonObject().put("_id", request.clOrdId()).put("symbol", request.symbol())
          .put("side", request.side().name()).put("type", request.type().name())
          .put("quantity", request.quantity().toPlainString())
          .put("limitPrice", request.limitPrice().map(BigDecimal::toPlainString).orElse(null))
          .put("status", match.status().name()).put("fills", stored(match.fills())).put("createdAt", now)
          .put("book", book.map(PaperExchange::version).orElse(0L));
      return writes.write(BulkOperation.createInsert(order)).map(v -> match.result());
    }).recover(t -> MongoStore.isDuplicateKey(t)
        ? Future.succeededFuture(PlaceResult.duplicate("51016", "duplicated clOrdId " + request.clOrdId()))
        : Future.failedFuture(t));
  }

  /**
   * Fills what the book now crosses of the resting limit and post-only orders of {@code symbol}; returns the
   * orders that changed. Each book state fills an order once: a book no newer than the one an
   * order last matched is skipped, so the same liquidity is never taken twice. (Between two book
   * states the paper exchange cannot know how much of a level its own fills consumed: a known
   * limit of trading on snapshots, not on the matching engine.)
   */
  public Future<List<OrderState>> matchResting(String symbol) {
    JsonObject query = new JsonObject().put("symbol", symbol)
        .put("type", new JsonObject().put("$in", new JsonArray().add(OrderRequest.Type.LIMIT.name())
            .add(OrderRequest.Type.POST_ONLY.name())))
        .put("status", new JsonObject().put("$in", new JsonArray().add("LIVE").add("PARTIALLY_FILLED")));
    return mongo.find(COLLECTION, query).compose(resting -> {
      if (resting.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      return market.latestOrderBook(symbol, DEPTH).compose(book -> {
        if (book.isEmpty()) {
          return Future.succeededFuture(List.<OrderState>of());
        }
        List<Future<Optional<OrderState>>> changed = resting.stream().map(o -> rest(o, book.get())).toList();
        return Future.all(changed).map(all -> changed.stream().flatMap(f -> f.result().stream()).toList());
      });
    });
  }

  private Future<Optional<OrderState>> rest(JsonObject order, BookSnapshot book) {
    long version = version(book);
    if (version <= order.getLong("book", 0L)) {
      return Future.succeededFuture(Optional.empty());
    }
    boolean buy = Side.BUY.name().equals(order.getString("side"));
    List<Fill> earlier = fills(order);
    BigDecimal left = new BigDecimal(order.getString("quantity")).subtract(BookWalker.filled(earlier));
    List<Fill> fresh = BookWalker.walk(book.takerSide(buy), buy, left,
        Optional.of(new BigDecimal(order.getString("limitPrice"))), fees.maker(), clock.millis(order.getString("symbol")));
    if (fresh.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    List<Fill> all = new java.util.ArrayList<>(earlier);
    all.addAll(fresh);
    OrderState.Status status = BookWalker.filled(fresh).compareTo(left) == 0 ? OrderState.Status.FILLED
        : OrderState.Status.PARTIALLY_FILLED;
    String clOrdId = order.getString("_id");
    // Only if the order is still as read: two matchers never both fill it.
    JsonObject query = new JsonObject().put("_id", clOrdId).put("book", order.getLong("book", 0L));
    return mongo.updateCollection(COLLECTION, query, new JsonObject().put("$set", new JsonObject()
            .put("status", status.name()).put("fills", stored(all)).put("book", version)))
        .map(r -> r.getDocModified() == 1 ? Optional.of(state(clOrdId, status, all)) : Optional.<OrderState>empty());
  }

  /** A book's version: Binance's update id, else its exchange or receive time. */
  private static long version(BookSnapshot book) {
    return book.lastUpdateId() != null ? book.lastUpdateId() : book.exchangeTime();
  }

  private static JsonArray stored(List<Fill> fills) {
    return new JsonArray(fills.stream().map(f -> new JsonObject()
        .put("quantity", f.quantity().toPlainString()).put("price", f.price().toPlainString())
        .put("fee", f.fee().toPlainString()).put("at", f.at())).toList());
  }

  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", clOrdId), null).map(doc -> Optional.ofNullable(doc)
        .map(d -> state(clOrdId, OrderState.Status.valueOf(d.getString("status")), fills(d))));
  }

  /**
   * Cancels what rests of the order, in one conditional update (only while it is live or
   * partially filled); a final or unknown order is answered as such.
   */
  @Override
  public Future<CancelResult> cancel(String symbol, String clOrdId) {
    JsonObject open = new JsonObject().put("_id", clOrdId)
        .put("status", new JsonObject().put("$in", new JsonArray().add("LIVE").add("PARTIALLY_FILLED")));
    return mongo.updateCollection(COLLECTION, open, new JsonObject().put("$set", new JsonObject()
            .put("status", OrderState.Status.CANCELED.name())))
        .compose(r -> r.getDocModified() == 1
            ? Future.succeededFuture(CancelResult.of(CancelResult.Outcome.CANCELED, "0", "cancelled " + clOrdId))
            : lookup(symbol, clOrdId).map(found -> found.isEmpty()
                ? CancelResult.of(CancelResult.Outcome.NOT_FOUND, "51400", "no paper order " + clOrdId)
                : CancelResult.of(CancelResult.Outcome.ALREADY_FINAL, "51400",
                    "paper order " + clOrdId + " is " + found.get().status() + " already")));
  }

  @Override
  public Future<Instrument> instrument(String symbol) {
    return Future.succeededFuture(PaperMatching.instrument(symbol));
  }

  private static List<Fill> fills(JsonObject order) {
    return order.getJsonArray("fills", new JsonArray()).stream().map(JsonObject.class::cast)
        .map(f -> new Fill(new BigDecimal(f.getString("quantity")), new BigDecimal(f.getString("price")),
            new BigDecimal(f.getString("fee")), f.getLong("at")))
        .toList();
  }

  private static OrderState state(String clOrdId, OrderState.Status status, List<Fill> fills) {
    return PaperMatching.state(clOrdId, status, fills);
  }
}
