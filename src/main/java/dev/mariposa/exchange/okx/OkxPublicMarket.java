package dev.mariposa.exchange.okx;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import dev.mariposa.market.swap.FundingHistory;
import dev.mariposa.market.swap.FundingRate;
import dev.mariposa.market.swap.FundingRow;
import dev.mariposa.market.swap.IndexPrice;
import dev.mariposa.market.swap.MarkPrice;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * OKX's public swap market data over REST, unsigned: mark price, funding rate, funding history
 * (paged) and index price, through {@link OkxRestClient} (its breaker and timeouts) with a rate
 * limit per endpoint shared by the cluster. It never sends the demo-trading header: demo trading
 * has prices of its own, and market data is the live venue's. An error answer fails with OKX's
 * code ({@link OkxException}), an unreadable one with code BODY, a missing row with NO_DATA.
 */
public final class OkxPublicMarket {
  public static final String MARK_PRICE_PATH = "/api/v5/public/mark-price";
  public static final String FUNDING_RATE_PATH = "/api/v5/public/funding-rate";
  public static final String FUNDING_HISTORY_PATH = "/api/v5/public/funding-rate-history";
  public static final String INDEX_TICKERS_PATH = "/api/v5/market/index-tickers";
  /** The most rows OKX returns per history page. */
  public static final int HISTORY_PAGE = 100;
  /** OKX allows 10 (history, mark price) to 20 per 2 s per IP: half the smaller, shared by the cluster. */
  static final int PUBLIC_RATE = 5;
  static final int PUBLIC_BURST = 3;
  static final Duration PUBLIC_PERIOD = Duration.ofSeconds(2);
  /** A download stops with an error beyond this many pages (about 9 years of 8-hourly funding). */
  static final int MAX_HISTORY_PAGES = 100;

  private final OkxRestClient rest;
  private final RedisKeys keys;

  /** A client of its own on {@code config.restUrl()}; no credential is used. */
  public OkxPublicMarket(Vertx vertx, MariposaConfig.Okx config, RateLimiter limiter, RedisKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    MariposaConfig.Okx unsigned = new MariposaConfig.Okx(config.restUrl(), Optional.empty(), Optional.empty(),
        Optional.empty(), false);
    this.rest = new OkxRestClient(vertx, unsigned, limiter, OkxExchange.Options.defaults());
  }

  public Future<MarkPrice> markPrice(String instId) {
    return get("mark price of " + instId, MARK_PRICE_PATH + "?instType=SWAP&instId=" + encode(instId),
        "mark-price", data -> MarkPrice.fromRow(row(data, instId)));
  }

  public Future<FundingRate> fundingRate(String instId) {
    return get("funding rate of " + instId, FUNDING_RATE_PATH + "?instId=" + encode(instId), "funding-rate",
        data -> FundingRate.fromRow(row(data, instId)));
  }

  /** {@code instId} an index such as BTC-USDT. */
  public Future<IndexPrice> indexTicker(String instId) {
    return get("index ticker of " + instId, INDEX_TICKERS_PATH + "?instId=" + encode(instId), "index-tickers",
        data -> IndexPrice.fromRow(row(data, instId)));
  }

  /** One page of settled fundings older than {@code after} (the newest without), newest first, at most {@code limit}. */
  public Future<List<FundingRow>> fundingHistoryPage(String instId, OptionalLong after, int limit) {
    String path = FUNDING_HISTORY_PATH + "?instId=" + encode(instId)
        + (after.isPresent() ? "&after=" + after.getAsLong() : "") + "&limit=" + Math.max(1, Math.min(HISTORY_PAGE, limit));
    return get("funding history of " + instId, path, "funding-history", data -> {
      List<FundingRow> rows = new ArrayList<>(data.size());
      for (int i = 0; i < data.size(); i++) {
        JsonObject row = data.getValue(i) instanceof JsonObject o ? o : null;
        if (row == null || !instId.equals(row.getString("instId"))) {
          throw new IllegalArgumentException("row " + i + " is not a row of " + instId);
        }
        rows.add(FundingRow.fromRow(row));
      }
      return rows;
    });
  }

  /** The settled fundings back to {@code since} (ms), paged backwards; for a backtest's funding file. */
  public Future<FundingHistory> fundingHistory(String instId, long since) {
    return FundingHistory.download(instId, since, MAX_HISTORY_PAGES,
        after -> fundingHistoryPage(instId, after, HISTORY_PAGE));
  }

  public Future<Void> close() {
    return rest.close();
  }

  private <T> Future<T> get(String what, String path, String endpoint, Function<JsonArray, T> data) {
    Limit limit = new Limit(keys.key("ratelimit:", RedisKeys.tag("okx"), "public", endpoint), PUBLIC_RATE,
        PUBLIC_PERIOD, PUBLIC_BURST);
    return rest.permit(limit).compose(v -> rest.call(HttpMethod.GET, path, null, false,
        new Reader<T>(reply -> read(what, reply, data), t -> OkxReplies.readWithoutAnswer(what, t))));
  }

  /** An answer's data list read by {@code data}, or why it cannot be: OKX's error, or an unreadable body. */
  static <T> Attempt<T> read(String what, Reply reply, Function<JsonArray, T> data) {
    JsonObject json = OkxReplies.jsonObject(reply.body());
    if (json == null && reply.status() / 100 == 2) {
      return Attempt.failed(new OkxException("BODY", "OKX " + what + ": the answer is not JSON"), false);
    }
    String code = json == null ? null : OkxReplies.codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return OkxReplies.failure(what, reply, code, json);
    }
    if (!(json.getValue("data") instanceof JsonArray rows)) {
      return Attempt.failed(new OkxException("BODY", "OKX " + what + ": the answer has no data list"), false);
    }
    try {
      return new Attempt<>(data.apply(rows), false);
    } catch (NoDataException e) {
      return Attempt.failed(new OkxException("NO_DATA", "OKX " + what + ": " + e.getMessage()), false);
    } catch (RuntimeException e) {
      return Attempt.failed(new OkxException("BODY", "OKX " + what + ": " + e.getMessage()), false);
    }
  }

  private static final class NoDataException extends RuntimeException {
    NoDataException(String message) {
      super(message);
    }
  }

  /** The row of {@code instId}. */
  private static JsonObject row(JsonArray data, String instId) {
    for (int i = 0; i < data.size(); i++) {
      if (data.getValue(i) instanceof JsonObject row && instId.equals(row.getString("instId"))) {
        return row;
      }
    }
    throw new NoDataException("the answer has no row of " + instId);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
