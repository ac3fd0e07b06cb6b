package dev.mariposa.trade.paper;

import dev.mariposa.market.MarketDataService;
import dev.mariposa.store.MongoStore;
import dev.mariposa.trade.exchange.Exchange;
import dev.mariposa.trade.exchange.Fill;
import dev.mariposa.trade.exchange.Instrument;
import dev.mariposa.trade.exchange.OrderRequest;
import dev.mariposa.trade.exchange.OrderState;
import dev.mariposa.trade.exchange.PlaceResult;
import dev.mariposa.trade.exchange.Side;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The built-in paper exchange: orders fill against the live order book from the market cache,
 * walking its levels ({@link BookWalker}), with a taker fee. Market orders take what the book
 * has and cancel the rest; limit orders take what crosses and rest until the book crosses them
 * ({@link #matchResting}). Orders live in the {@code paper_orders} collection keyed by client
 * order id, so a second placement with the same id is refused as a duplicate, as OKX does.
 */
public final class PaperExchange implements Exchange {
  public static final BigDecimal TAKER_FEE = new BigDecimal("0.001");
  private static final String COLLECTION = "paper_orders";
  private static final int DEPTH = 20;

  private final MarketDataService market;
  private final MongoClient mongo;

  public PaperExchange(MarketDataService market, MongoStore store) {
    this.market = market;
    this.mongo = store.client();
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    JsonObject order = new JsonObject().put("_id", request.clOrdId()).put("symbol", request.symbol())
        .put("side", request.side().name()).put("type", request.type().name())
        .put("quantity", request.quantity().toPlainString())
        .put("limitPrice", request.limitPrice().map(BigDecimal::toPlainString).orElse(null))
        .put("status", OrderState.Status.LIVE.name()).put("fills", new JsonArray()).put("createdAt", System.currentTimeMillis());
    return mongo.insert(COLLECTION, order)
        .compose(id -> fill(request))
        .recover(t -> MongoStore.isDuplicateKey(t)
            ? Future.succeededFuture(PlaceResult.duplicate("51016", "duplicated clOrdId " + request.clOrdId()))
            : Future.failedFuture(t));
  }

  private Future<PlaceResult> fill(OrderRequest request) {
    return market.orderBook(request.symbol(), DEPTH).compose(book -> {
      if (book.isEmpty()) {
        return settle(request.clOrdId(), OrderState.Status.REJECTED, List.of())
            .map(s -> PlaceResult.rejected("no_book", "no order book for " + request.symbol() + " in the market cache"));
      }
      boolean buy = request.side() == Side.BUY;
      List<Fill> fills = BookWalker.walk(book.get().getJsonArray(buy ? "asks" : "bids"), buy, request.quantity(),
          request.limitPrice(), TAKER_FEE, System.currentTimeMillis());
      BigDecimal filled = BookWalker.filled(fills);
      OrderState.Status status = filled.compareTo(request.quantity()) == 0 ? OrderState.Status.FILLED
          : request.type() == OrderRequest.Type.LIMIT ? (fills.isEmpty() ? OrderState.Status.LIVE : OrderState.Status.PARTIALLY_FILLED)
          : fills.isEmpty() ? OrderState.Status.REJECTED : OrderState.Status.CANCELED;
      if (status == OrderState.Status.REJECTED) {
        return settle(request.clOrdId(), status, fills)
            .map(s -> PlaceResult.rejected("no_liquidity", "the book of " + request.symbol() + " has no " + (buy ? "asks" : "bids")));
      }
      return settle(request.clOrdId(), status, fills).map(state -> PlaceResult.accepted(request.clOrdId(), Optional.of(state)));
    });
  }

  /**
   * Fills what the book now crosses of the resting limit orders of {@code symbol}; returns the
   * orders that changed.
   */
  public Future<List<OrderState>> matchResting(String symbol) {
    JsonObject query = new JsonObject().put("symbol", symbol).put("type", OrderRequest.Type.LIMIT.name())
        .put("status", new JsonObject().put("$in", new JsonArray().add("LIVE").add("PARTIALLY_FILLED")));
    return mongo.find(COLLECTION, query).compose(resting -> {
      if (resting.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      return market.orderBook(symbol, DEPTH).compose(book -> {
        if (book.isEmpty()) {
          return Future.succeededFuture(List.<OrderState>of());
        }
        List<Future<Optional<OrderState>>> changed = resting.stream().map(o -> rest(o, book.get())).toList();
        return Future.all(changed).map(all -> changed.stream().flatMap(f -> f.result().stream()).toList());
      });
    });
  }

  private Future<Optional<OrderState>> rest(JsonObject order, JsonObject book) {
    boolean buy = Side.BUY.name().equals(order.getString("side"));
    List<Fill> earlier = fills(order);
    BigDecimal left = new BigDecimal(order.getString("quantity")).subtract(BookWalker.filled(earlier));
    List<Fill> fresh = BookWalker.walk(book.getJsonArray(buy ? "asks" : "bids"), buy, left,
        Optional.of(new BigDecimal(order.getString("limitPrice"))), TAKER_FEE, System.currentTimeMillis());
    if (fresh.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    List<Fill> all = new java.util.ArrayList<>(earlier);
    all.addAll(fresh);
    OrderState.Status status = BookWalker.filled(fresh).compareTo(left) == 0 ? OrderState.Status.FILLED
        : OrderState.Status.PARTIALLY_FILLED;
    return settle(order.getString("_id"), status, all).map(Optional::of);
  }

  private Future<OrderState> settle(String clOrdId, OrderState.Status status, List<Fill> fills) {
    JsonArray stored = new JsonArray(fills.stream().map(f -> new JsonObject()
        .put("quantity", f.quantity().toPlainString()).put("price", f.price().toPlainString())
        .put("fee", f.fee().toPlainString()).put("at", f.at())).toList());
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", clOrdId),
            new JsonObject().put("$set", new JsonObject().put("status", status.name()).put("fills", stored)))
        .map(r -> state(clOrdId, status, fills));
  }

  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", clOrdId), null).map(doc -> Optional.ofNullable(doc)
        .map(d -> state(clOrdId, OrderState.Status.valueOf(d.getString("status")), fills(d))));
  }

  @Override
  public Future<Instrument> instrument(String symbol) {
    // Binance-like spot minimums; the paper exchange has no instrument list of its own.
    return Future.succeededFuture(new Instrument(symbol, new BigDecimal("0.01"), new BigDecimal("0.00001"),
        new BigDecimal("0.00001")));
  }

  private static List<Fill> fills(JsonObject order) {
    return order.getJsonArray("fills", new JsonArray()).stream().map(JsonObject.class::cast)
        .map(f -> new Fill(new BigDecimal(f.getString("quantity")), new BigDecimal(f.getString("price")),
            new BigDecimal(f.getString("fee")), f.getLong("at")))
        .toList();
  }

  private static OrderState state(String clOrdId, OrderState.Status status, List<Fill> fills) {
    return new OrderState(clOrdId, clOrdId, status, BookWalker.filled(fills), BookWalker.averagePrice(fills),
        BookWalker.fees(fills), fills);
  }
}
