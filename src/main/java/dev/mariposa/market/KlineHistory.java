package dev.mariposa.market;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The cold half of the kline store: closed bars in MongoDB, collection {@code klines}, one document
 * per bar with {@code _id = <SYMBOL>:<interval>:<openTime>}, so a bar written twice (a replay, two
 * feed leaders one after the other, a retried flush) is replaced, never duplicated. Indexed on
 * (symbol, interval, openTime), unique. Documents hold the bar's fields as published
 * ({@code symbol, interval, openTime, closeTime, open, high, low, close, volume, quoteVolume,
 * trades}) with {@code closed: true} and {@code source}.
 */
public final class KlineHistory extends MongoRepository {
  public static final String COLLECTION = "klines";
  private static final List<String> FIELDS = List.of("symbol", "interval", "openTime", "closeTime", "open", "high", "low",
      "close", "volume", "quoteVolume", "trades", "source");

  public KlineHistory(MongoStore store) {
    super(store, COLLECTION, List.of(index("symbol", 1, "interval", 1, "openTime", 1).setOptions(new IndexOptions()
        .unique(true).name("symbol_interval_openTime"))));
  }

  static String id(String symbol, String interval, long openTime) {
    return symbol + ":" + interval + ":" + openTime;
  }

  /** The stored form of a closed bar event. */
  static JsonObject document(JsonObject bar) {
    JsonObject doc = new JsonObject().put("_id", id(bar.getString("symbol"), bar.getString("interval"), bar.getLong("openTime")));
    for (String field : FIELDS) {
      if (bar.containsKey(field)) {
        doc.put(field, bar.getValue(field));
      }
    }
    return doc.put("closed", true);
  }

  /** Upserts the bars by {@code _id} in one bulk write (idempotent). */
  public Future<Void> saveAll(List<JsonObject> bars) {
    if (bars.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> operations = new ArrayList<>(bars.size());
    for (JsonObject bar : bars) {
      JsonObject doc = document(bar);
      operations.add(BulkOperation.createReplace(new JsonObject().put("_id", doc.getString("_id")), doc, true));
    }
    return mongo.bulkWrite(collection, operations).mapEmpty();
  }

  /**
   * Bars of a series, oldest first. {@code from}/{@code to}: open times, inclusive (null: open).
   * With {@code newest}, the {@code limit} newest bars of the range, else the oldest.
   */
  public Future<List<JsonObject>> range(String symbol, String interval, Long from, Long to, int limit, boolean newest) {
    JsonObject openTime = new JsonObject();
    if (from != null) {
      openTime.put("$gte", from);
    }
    if (to != null) {
      openTime.put("$lte", to);
    }
    JsonObject query = new JsonObject().put("symbol", symbol).put("interval", interval);
    if (!openTime.isEmpty()) {
      query.put("openTime", openTime);
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put("openTime", newest ? -1 : 1)).setLimit(limit)
        .setFields(new JsonObject().put("_id", 0));
    return find(query, options).map(found -> {
      List<JsonObject> bars = new ArrayList<>(found);
      if (newest) {
        Collections.reverse(bars);
      }
      return bars;
    });
  }

  /** The {@code limit} newest bars of a series, oldest first. */
  public Future<List<JsonObject>> latest(String symbol, String interval, int limit) {
    return range(symbol, interval, null, null, limit, true);
  }

  /** Removes the series' bars that opened before {@code before}; returns how many. */
  public Future<Long> prune(String symbol, String interval, long before) {
    return mongo.removeDocuments(collection, new JsonObject().put("symbol", symbol).put("interval", interval)
        .put("openTime", new JsonObject().put("$lt", before))).map(r -> r == null ? 0L : r.getRemovedCount());
  }

  public Future<Long> count(String symbol, String interval) {
    return count(new JsonObject().put("symbol", symbol).put("interval", interval));
  }
}
