package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The account reads of OKX v5 behind {@link dev.mariposa.exchange.VenueAccount}: open orders and
 * fills, paged, and balances. Each request first takes a token of a limit the cluster shares
 * through Redis (OKX counts these per account), then goes through the client's circuit breaker,
 * where only a 5xx, no answer or an outage code counts, as for a lookup.
 *
 * <p>OKX pages newest first, 100 rows at most, with {@code after} = the last row's id (ordId for
 * orders, billId for fills) for the next, older page. A list is read whole or not at all: a page
 * bound that is reached fails the read rather than answer a part that looks like the whole.
 */
final class OkxAccountReader {
  static final String ORDERS_PENDING_PATH = "/api/v5/trade/orders-pending";
  static final String FILLS_PATH = "/api/v5/trade/fills";
  static final String FILLS_HISTORY_PATH = "/api/v5/trade/fills-history";
  static final String BALANCE_PATH = "/api/v5/account/balance";

  /** OKX's largest page. */
  static final int PAGE = 100;
  /** 5,000 open orders: more than OKX lets an account hold open on spot. */
  static final int MAX_ORDER_PAGES = 50;
  /** 10,000 fills in one read. */
  static final int MAX_FILL_PAGES = 100;

  /**
   * /trade/fills serves the last 3 days at 60 requests per 2 s, /trade/fills-history the last 3
   * months at 10 per 2 s. A since within 3 days less an hour (a margin for the clock and a long
   * read) takes the first; an older one the second.
   */
  static final Duration RECENT_FILLS = Duration.ofDays(3).minusHours(1);
  /** "3 months" is 89 days at its shortest (Jan 31 to Apr 30): an older since cannot be read whole. */
  static final Duration FILL_HISTORY = Duration.ofDays(89);

  private final OkxRestClient rest;
  private final RedisKeys keys;
  private final Clock clock;

  OkxAccountReader(OkxRestClient rest, RedisKeys keys, Clock clock) {
    this.rest = Objects.requireNonNull(rest, "rest");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  Future<List<VenueOrder>> openOrders() {
    return pages("open orders", frequent("pending"),
        after -> ORDERS_PENDING_PATH + "?instType=SPOT&limit=" + PAGE + (after == null ? "" : "&after=" + after),
        "ordId", MAX_ORDER_PAGES)
        .compose(rows -> read("open orders", rows, OkxAccountReplies::openOrder));
  }

  /**
   * OKX's {@code begin} filters on {@code ts}; whether it is inclusive is not documented, so the
   * read asks from a millisecond earlier and keeps {@code ts >= since} itself. Oldest first, by
   * ts then billId (OKX's order of booking).
   */
  Future<List<VenueFill>> fillsSince(long sinceMillis) {
    long now = clock.millis();
    if (sinceMillis < now - FILL_HISTORY.toMillis()) {
      return Future.failedFuture(new OkxException("HISTORY", "OKX keeps fills for 3 months only: fills since "
          + Instant.ofEpochMilli(sinceMillis) + " cannot be read whole"));
    }
    boolean recent = sinceMillis >= now - RECENT_FILLS.toMillis();
    String path = (recent ? FILLS_PATH : FILLS_HISTORY_PATH) + "?instType=SPOT&begin=" + (sinceMillis - 1)
        + "&limit=" + PAGE;
    Limit limit = recent ? frequent("fills") : scarce("fills-history");
    return pages("fills", limit, after -> path + (after == null ? "" : "&after=" + after), "billId", MAX_FILL_PAGES)
        .compose(rows -> read("fills", oldestFirst(rows), OkxAccountReplies::fill))
        .map(fills -> fills.stream().filter(f -> f.at() >= sinceMillis).toList());
  }

  Future<Map<String, BigDecimal>> balances() {
    return rest.permit(scarce("balance"))
        .compose(v -> rest.call(HttpMethod.GET, BALANCE_PATH, null, true,
            new Reader<>(reply -> OkxAccountReplies.rows(reply, "balance"),
                t -> OkxReplies.readWithoutAnswer("balance", t))))
        .compose(rows -> {
          try {
            return Future.succeededFuture(OkxAccountReplies.balances(rows));
          } catch (RuntimeException e) {
            return Future.failedFuture(unreadable("balance", e));
          }
        });
  }

  /** Every page from the newest, following {@code cursor}; see the class comment. */
  private Future<List<JsonObject>> pages(String what, Limit limit, Function<String, String> path, String cursor,
                                         int maxPages) {
    return page(what, limit, path, cursor, null, new ArrayList<>(), 1, maxPages);
  }

  private Future<List<JsonObject>> page(String what, Limit limit, Function<String, String> path, String cursor,
                                        String after, List<JsonObject> all, int number, int maxPages) {
    return rest.permit(limit)
        .compose(v -> rest.call(HttpMethod.GET, path.apply(after), null, true,
            new Reader<>(reply -> OkxAccountReplies.rows(reply, what), t -> OkxReplies.readWithoutAnswer(what, t))))
        .compose(rows -> {
          all.addAll(rows);
          if (rows.size() < PAGE) {
            return Future.succeededFuture(all);
          }
          if (number >= maxPages) {
            return Future.failedFuture(new OkxException("PAGES", "OKX " + what + " run past " + maxPages
                + " pages of " + PAGE + ": not read whole"));
          }
          String next = OkxReplies.text(rows.get(rows.size() - 1).getValue(cursor)).trim();
          if (!next.matches("\\d+") || next.equals(after)) {
            return Future.failedFuture(new OkxException("BODY", "OKX " + what + " page ends without a new "
                + cursor + " to read on from"));
          }
          return page(what, limit, path, cursor, next, all, number + 1, maxPages);
        });
  }

  private static <T> Future<List<T>> read(String what, List<JsonObject> rows, Function<JsonObject, T> row) {
    List<T> values = new ArrayList<>(rows.size());
    try {
      for (JsonObject r : rows) {
        values.add(row.apply(r));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(unreadable(what, e));
    }
    return Future.succeededFuture(values);
  }

  private static OkxException unreadable(String what, RuntimeException e) {
    return e instanceof OkxException o ? o : new OkxException("BODY", "OKX " + what + " answered an unreadable row: "
        + e.getMessage());
  }

  /** Fill rows by time, then bill id (rows whose ts cannot be read go first and fail as unreadable). */
  private static List<JsonObject> oldestFirst(List<JsonObject> rows) {
    List<JsonObject> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(OkxAccountReader::ts).thenComparing(OkxAccountReader::billId));
    return sorted;
  }

  private static BigInteger ts(JsonObject row) {
    return number(row, "ts");
  }

  private static BigInteger billId(JsonObject row) {
    return number(row, "billId");
  }

  private static BigInteger number(JsonObject row, String field) {
    String value = OkxReplies.text(row.getValue(field)).trim();
    return value.matches("\\d+") ? new BigInteger(value) : BigInteger.valueOf(-1);
  }

  /** 60 per 2 s per account at OKX (orders-pending, fills): limited as the order calls are. */
  private Limit frequent(String kind) {
    return new Limit(keys.key("ratelimit:", RedisKeys.tag("okx"), kind), OkxExchange.ORDER_RATE,
        OkxExchange.ORDER_PERIOD, OkxExchange.ORDER_BURST);
  }

  /** 10 per 2 s per account at OKX (fills-history, balance): 5 per 2 s with a burst of 3 keeps any 2 s window at 8. */
  private Limit scarce(String kind) {
    return new Limit(keys.key("ratelimit:", RedisKeys.tag("okx"), kind), 5, OkxExchange.ORDER_PERIOD, 3);
  }
}
