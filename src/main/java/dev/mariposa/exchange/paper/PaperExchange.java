package dev.mariposa.exchange.paper;

import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.store.BulkWriter;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.IndexModel;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The built-in paper exchange: orders fill against the live order book from the market cache,
 * as {@link PaperMatching} decides (the same matching a backtest uses). Market orders take what the
 * book has and cancel the rest; LIMIT and POST_ONLY orders take what crosses (a post-only that
 * would take is cancelled) and rest on the paper venue's queue model, {@link RestingOrder}, the
 * backtest's too: fed the market's trade prints ({@link #apply}, by a {@link PaperVenueFeed}) and,
 * with each print, the cached book. Orders live in the {@code paper_orders} collection keyed by
 * client order id, so a second placement with the same id is refused as a duplicate, as OKX does;
 * a resting order's document also holds its place in the queue ({@code ahead}), the last print and
 * book applied, and a revision that every change of it moves on: a change is written only to the
 * revision it was worked out from, so two instances that each hear every print never apply one
 * twice. Fills are stamped with the clock's time (in a replay, the replayed time); a resting
 * order's with its print's receive time.
 *
 * <p>With a latency ({@code exchange.paper.latencyMs}, {@link Latency}) a placement, a cancel or an
 * amend waits that long on a timer before it is matched or applied, and a placement's fills are
 * stamped no earlier than its time plus the delay (in a replay, whose clock stands still between
 * events, exactly that). Without one (the default) nothing waits.
 */
public final class PaperExchange implements PaperVenue {
  private static final String COLLECTION = "paper_orders";
  private static final int DEPTH = 20;
  /** A change found written by another instance meanwhile is worked out again on what it wrote, this many times. */
  private static final int TRIES = 3;

  private final Vertx vertx;
  private final MarketDataService market;
  private final MongoClient mongo;
  private final BulkWriter writes;
  private final MarketClock clock;
  private final Fees fees;
  private final Latency latency;
  private final List<Consumer<Stored>> restListeners = new CopyOnWriteArrayList<>();

  /** A resting order as stored, with the revision a change of it must be written to. */
  public record Stored(RestingOrder order, long revision) {}

  /** What a print did to a resting order: the order as stored now (empty when it is gone), and whether it filled or ended. */
  public record Applied(Optional<Stored> now, boolean changed) {}

  /** {@code fees}: taker on what an order takes when placed, maker on what a resting order fills later. No latency. */
  public PaperExchange(MarketDataService market, MongoStore store, MarketClock clock, Fees fees) {
    this(null, market, store, clock, fees, Latency.none());
  }

  /** {@code vertx} runs the timers of a {@code latency} (unused without one). */
  public PaperExchange(Vertx vertx, MarketDataService market, MongoStore store, MarketClock clock, Fees fees,
                       Latency latency) {
    this.vertx = vertx;
    this.fees = fees;
    this.market = market;
    this.mongo = store.client();
    this.writes = store.writer(COLLECTION);
    this.clock = clock;
    this.latency = latency;
    // The feeds read the open orders every second: few among all, found by their status.
    store.declareIndexes(COLLECTION, List.of(new IndexModel().setKey(new JsonObject().put("status", 1))));
  }

  @Override
  public String name() {
    return "paper";
  }

  /** Told of every order that rests once it is stored (a feed then follows its symbol at once). */
  public void onRested(Consumer<Stored> listener) {
    restListeners.add(listener);
  }

  /**
   * Matches against the cached book, then stores the order with its outcome in one insert: a duplicate
   * client order id is refused by the insert (nothing fills twice), and a failure before it
   * (Redis down) leaves nothing behind, so the placement can simply be tried again.
   */
  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    long sent = clock.millis(request.symbol());
    long delay = latency.next();
    return after(delay).compose(v -> market.latestOrderBook(request.symbol(), DEPTH)).compose(book -> {
      long now = Math.max(sent + delay, clock.millis(request.symbol()));
      RestingOrder.Placement placed = RestingOrder.place(request, book, fees, now);
      JsonObject order = new JsonObject().put("_id", request.clOrdId()).put("symbol", request.symbol())
          .put("side", request.side().name()).put("type", request.type().name())
          .put("quantity", request.quantity().toPlainString())
          .put("limitPrice", request.limitPrice().map(BigDecimal::toPlainString).orElse(null))
          .put("status", placed.match().status().name()).put("fills", stored(placed.match().fills()))
          .put("createdAt", now);
      placed.resting().ifPresent(resting -> order.mergeIn(fields(resting)).put("rev", 0L));
      return writes.write(BulkOperation.createInsert(order)).map(v -> {
        placed.resting().ifPresent(resting -> restListeners.forEach(l -> l.accept(new Stored(resting, 0L))));
        return placed.match().result();
      });
    }).recover(t -> MongoStore.isDuplicateKey(t)
        ? Future.succeededFuture(PlaceResult.duplicate("51016", "duplicated clOrdId " + request.clOrdId()))
        : Future.failedFuture(t));
  }

  /** The resting orders still open, of every symbol (only a resting order is ever open). */
  public Future<List<Stored>> resting() {
    JsonObject query = new JsonObject()
        .put("status", new JsonObject().put("$in", new JsonArray().add("LIVE").add("PARTIALLY_FILLED")));
    return mongo.find(COLLECTION, query).map(docs -> docs.stream().map(PaperExchange::stored).toList());
  }

  /**
   * Applies {@code print} to a resting order as this instance last knew it: the cached book first
   * when it predates the print, then the print ({@link RestingOrder#onPrint}). Written only if the
   * order is still at the revision known; if another instance changed it meanwhile, it is read
   * again and the print applied to that, unless it already was. A print that cannot touch the order
   * writes nothing.
   */
  public Future<Applied> apply(Stored known, TradePrint print) {
    return apply(known, print, TRIES);
  }

  private Future<Applied> apply(Stored known, TradePrint print, int tries) {
    RestingOrder order = known.order();
    if (!order.touchedBy(print)) {
      return Future.succeededFuture(new Applied(Optional.of(known), false));
    }
    return market.latestOrderBook(order.symbol(), DEPTH).compose(book -> {
      RestingOrder next = order.onPrint(print, book, fees);
      return write(known, next).compose(written -> {
        if (written) {
          boolean changed = next.fills().size() > order.fills().size() || next.status() != order.status();
          return Future.succeededFuture(new Applied(Optional.of(new Stored(next, known.revision() + 1)), changed));
        }
        // Changed meanwhile (this print applied by another instance, a later one, a cancel): the print on what it is now.
        return read(order.clOrdId()).compose(fresh -> fresh.isEmpty() || tries <= 1
            ? Future.succeededFuture(new Applied(fresh, false)) : apply(fresh.get(), print, tries - 1));
      });
    });
  }

  /** Writes {@code next} over the order if it is still at {@code known}'s revision, moving that on; whether it was. */
  private Future<Boolean> write(Stored known, RestingOrder next) {
    // A document from before revisions were kept has none: -1.
    Object revision = known.revision() < 0 ? new JsonObject().put("$exists", false) : known.revision();
    JsonObject query = new JsonObject().put("_id", next.clOrdId()).put("rev", revision);
    JsonObject update = new JsonObject().put("$set", fields(next).put("rev", known.revision() + 1));
    return mongo.updateCollection(COLLECTION, query, update).map(r -> r.getDocModified() == 1);
  }

  private Future<Optional<Stored>> read(String clOrdId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", clOrdId), null)
        .map(doc -> Optional.ofNullable(doc).map(PaperExchange::stored));
  }

  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", clOrdId), null).map(doc -> Optional.ofNullable(doc)
        .map(d -> state(clOrdId, OrderState.Status.valueOf(d.getString("status")), fills(d))));
  }

  /**
   * Cancels what rests of the order, in one conditional update (only while it is live or
   * partially filled, and its revision moves on, so a print worked out on it before is not written
   * after); a final or unknown order is answered as such.
   */
  @Override
  public Future<CancelResult> cancel(String symbol, String clOrdId) {
    JsonObject open = new JsonObject().put("_id", clOrdId)
        .put("status", new JsonObject().put("$in", new JsonArray().add("LIVE").add("PARTIALLY_FILLED")));
    return after(latency.next()).compose(v -> mongo.updateCollection(COLLECTION, open, new JsonObject()
            .put("$set", new JsonObject().put("status", OrderState.Status.CANCELED.name()))
            .put("$inc", new JsonObject().put("rev", 1))))
        .compose(r -> r.getDocModified() == 1
            ? Future.succeededFuture(CancelResult.of(CancelResult.Outcome.CANCELED, "0", "cancelled " + clOrdId))
            : lookup(symbol, clOrdId).map(found -> found.isEmpty()
                ? CancelResult.of(CancelResult.Outcome.NOT_FOUND, "51400", "no paper order " + clOrdId)
                : CancelResult.of(CancelResult.Outcome.ALREADY_FINAL, "51400",
                    "paper order " + clOrdId + " is " + found.get().status() + " already")));
  }

  /**
   * Amends a resting order on the cached book ({@link RestingOrder#amend}: a new price rejoins the
   * queue behind what is displayed there, a smaller size keeps its place, a post-only that would
   * take is refused), written to the revision it was worked out from (read again and worked out
   * again when a print was applied meanwhile).
   */
  @Override
  public Future<AmendResult> amend(String symbol, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                                   Optional<BigDecimal> newPrice) {
    return after(latency.next()).compose(v -> amend(clOrdId, requestId, newQuantity, newPrice, TRIES));
  }

  private Future<AmendResult> amend(String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                                    Optional<BigDecimal> newPrice, int tries) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", clOrdId), null).compose(doc -> {
      if (doc == null) {
        return Future.succeededFuture(AmendResult.of(AmendResult.Outcome.NOT_FOUND, "51503", "no paper order " + clOrdId));
      }
      if (OrderState.Status.valueOf(doc.getString("status")).isFinal()) {
        return Future.succeededFuture(AmendResult.of(AmendResult.Outcome.ALREADY_FINAL, "51503",
            "paper order " + clOrdId + " is " + doc.getString("status") + " already"));
      }
      Stored known = stored(doc);
      String symbol = known.order().symbol();
      return market.latestOrderBook(symbol, DEPTH).compose(book -> {
        RestingOrder.Amended amended = known.order().amend(requestId, newQuantity, newPrice, book, fees,
            clock.millis(symbol));
        if (amended.order() == known.order()) {
          return Future.succeededFuture(amended.result());
        }
        return write(known, amended.order()).compose(written -> written || tries <= 1
            ? Future.succeededFuture(written ? amended.result()
                : AmendResult.of(AmendResult.Outcome.UNKNOWN, "busy", "paper order " + clOrdId
                    + " kept changing while amended: look it up, then amend again with the same request id"))
            : amend(clOrdId, requestId, newQuantity, newPrice, tries - 1));
      });
    });
  }

  private Future<Void> after(long delay) {
    return delay <= 0 ? Future.succeededFuture() : vertx.timer(delay).mapEmpty();
  }

  /** What a resting order's document holds beyond the placement's fields (the revision aside). */
  private static JsonObject fields(RestingOrder o) {
    JsonObject fields = new JsonObject().put("quantity", o.quantity().toPlainString())
        .put("limitPrice", o.price().toPlainString()).put("status", o.status().name()).put("fills", stored(o.fills()))
        .put("ahead", o.ahead().toPlainString()).put("restedAt", o.restedAt()).put("queuedAt", o.queuedAt())
        .put("printAt", o.lastPrintAt()).put("printId", o.lastPrintId()).put("bookVersion", o.bookVersion())
        .put("swap", o.swap());
    o.lastAmend().ifPresent(a -> fields.put("amend", new JsonObject().put("requestId", a.requestId())
        .put("outcome", a.result().outcome().name()).put("answerCode", a.result().code()).put("message", a.result().message())));
    return fields;
  }

  private static Stored stored(JsonObject d) {
    Optional<RestingOrder.Amend> amend = Optional.ofNullable(d.getJsonObject("amend")).map(a -> new RestingOrder.Amend(
        a.getString("requestId"), AmendResult.of(AmendResult.Outcome.valueOf(a.getString("outcome")), a.getString("answerCode"),
            a.getString("message"))));
    RestingOrder order = new RestingOrder(d.getString("_id"), d.getString("symbol"), Side.valueOf(d.getString("side")),
        OrderRequest.Type.valueOf(d.getString("type")), new BigDecimal(d.getString("quantity")),
        new BigDecimal(d.getString("limitPrice")), OrderState.Status.valueOf(d.getString("status")), fills(d),
        // An order stored before the queue model: nothing known ahead of it, resting since it was made.
        new BigDecimal(d.getString("ahead", "0")), d.getLong("restedAt", d.getLong("createdAt")),
        d.getLong("queuedAt", d.getLong("createdAt")), d.getLong("printAt", d.getLong("createdAt")),
        d.getLong("printId", -1L), d.getLong("bookVersion", 0L), amend, d.getBoolean("swap", false));
    return new Stored(order, d.getLong("rev", -1L));
  }

  private static JsonArray stored(List<Fill> fills) {
    return new JsonArray(fills.stream().map(f -> new JsonObject()
        .put("quantity", f.quantity().toPlainString()).put("price", f.price().toPlainString())
        .put("fee", f.fee().toPlainString()).put("at", f.at())).toList());
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
