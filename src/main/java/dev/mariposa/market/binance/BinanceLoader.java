package dev.mariposa.market.binance;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.market.Kline;
import dev.mariposa.market.MarketLoader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Market values straight from Binance REST, normalized like the stream's events. */
public final class BinanceLoader implements MarketLoader {
  private final BinanceRest rest;

  public BinanceLoader(BinanceRest rest) {
    this.rest = rest;
  }

  @Override
  public String venue() {
    return BinanceRest.VENUE;
  }

  @Override
  public Future<Optional<JsonObject>> ticker(String symbol) {
    return known(rest.bookTicker(symbol).map(t -> {
      long now = System.currentTimeMillis();
      return new JsonObject().put("symbol", symbol).put("source", "binance-rest")
          .put("exchangeTime", now).put("receivedAt", now)
          .put("bid", decimal(t.getString("bidPrice"))).put("bidQty", decimal(t.getString("bidQty")))
          .put("ask", decimal(t.getString("askPrice"))).put("askQty", decimal(t.getString("askQty")));
    }));
  }

  @Override
  public Future<Optional<JsonObject>> orderBook(String symbol) {
    return known(rest.depth(symbol, 20).map(book -> {
      long now = System.currentTimeMillis();
      return new JsonObject().put("symbol", symbol).put("lastUpdateId", book.getLong("lastUpdateId"))
          .put("bids", numbers(book.getJsonArray("bids"))).put("asks", numbers(book.getJsonArray("asks")))
          .put("exchangeTime", now).put("receivedAt", now).put("source", "binance-rest");
    }));
  }

  @Override
  public Future<List<JsonObject>> klines(String symbol, String interval, int limit) {
    return rest.klines(symbol, interval, limit).map(rows -> {
      long now = System.currentTimeMillis();
      List<JsonObject> bars = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        JsonArray r = rows.getJsonArray(i);
        boolean closed = r.getLong(6) < now;
        bars.add(new Kline(symbol, interval, r.getLong(0), r.getLong(6), new BigDecimal(r.getString(1)),
            new BigDecimal(r.getString(2)), new BigDecimal(r.getString(3)), new BigDecimal(r.getString(4)),
            new BigDecimal(r.getString(5)), new BigDecimal(r.getString(7)), r.getLong(8), closed)
            .toJson(now, "binance-rest"));
      }
      return bars;
    }).recover(t -> Future.failedFuture(BinanceRest.isUnknownSymbol(t) ? new UnknownSymbol(venue(), symbol) : t));
  }

  private static Future<Optional<JsonObject>> known(Future<JsonObject> value) {
    return value.map(Optional::of)
        .recover(t -> BinanceRest.isUnknownSymbol(t) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(t));
  }

  private static JsonArray numbers(JsonArray levels) {
    JsonArray out = new JsonArray();
    levels.forEach(l -> {
      JsonArray level = (JsonArray) l;
      out.add(new JsonArray().add(decimal(level.getString(0))).add(decimal(level.getString(1))));
    });
    return out;
  }

  /** Binance's decimal string as a JSON number with exactly its digits. */
  private static BigDecimal decimal(String value) {
    return JsonDecimals.number(new BigDecimal(value));
  }
}
