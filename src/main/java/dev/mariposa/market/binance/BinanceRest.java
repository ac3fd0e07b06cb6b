package dev.mariposa.market.binance;

import dev.mariposa.market.UpstreamException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Binance spot REST, public endpoints only, every call through the shared {@link RestWeightLimiter}.
 * A 429 or 418 pauses the whole cluster for its Retry-After; a 5xx means the outcome is unknown
 * (reads are simply retried later by their callers). Binance's failures are {@link
 * UpstreamException}s that name it: unreachable, timed out or 5xx, else refused; the limiter's own
 * Redis failures pass as they are.
 */
public final class BinanceRest {
  /** The venue's name in failures. */
  public static final String VENUE = "Binance";
  private static final long TIMEOUT_MS = 10_000;

  private final WebClient client;
  private final String base;
  private final RestWeightLimiter limiter;

  public BinanceRest(Vertx vertx, URI base, RestWeightLimiter limiter) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000).setIdleTimeout(30)
        .setUserAgent("mariposa"));
    this.base = base.toString().replaceAll("/+$", "");
    this.limiter = limiter;
  }

  /** GET /api/v3/ping (weight 1): is Binance reachable. */
  public Future<Void> ping() {
    return get("/api/v3/ping", 1).mapEmpty();
  }

  /** GET /api/v3/depth: {@code {lastUpdateId, bids, asks}}; weight by limit as Binance counts it. */
  public Future<JsonObject> depth(String symbol, int limit) {
    int weight = limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    return get("/api/v3/depth?symbol=" + symbol + "&limit=" + limit, weight).map(Buffer::toJsonObject);
  }

  /** GET /api/v3/klines (weight 2): rows {@code [openTime, "o", "h", "l", "c", "v", closeTime, …]}. */
  public Future<JsonArray> klines(String symbol, String interval, int limit) {
    return get("/api/v3/klines?symbol=" + symbol + "&interval=" + interval + "&limit=" + limit, 2)
        .map(Buffer::toJsonArray);
  }

  /** GET /api/v3/ticker/bookTicker for one symbol (weight 2): best bid and ask. */
  public Future<JsonObject> bookTicker(String symbol) {
    return get("/api/v3/ticker/bookTicker?symbol=" + symbol, 2).map(Buffer::toJsonObject);
  }

  /** Binance's answer for a symbol it does not list (-1121 Invalid symbol). */
  public static boolean isUnknownSymbol(Throwable t) {
    return t instanceof UpstreamException refused && refused.kind() == UpstreamException.Kind.REFUSED
        && t.getMessage() != null && t.getMessage().contains("-1121");
  }

  /** GET /api/v3/ticker/24hr for one symbol (weight 2). */
  public Future<JsonObject> ticker24h(String symbol) {
    return get("/api/v3/ticker/24hr?symbol=" + symbol, 2).map(Buffer::toJsonObject);
  }

  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }

  private Future<Buffer> get(String pathAndQuery, int weight) {
    return limiter.acquire(weight)
        .compose(v -> client.getAbs(base + pathAndQuery).timeout(TIMEOUT_MS).send()
            .recover(t -> Future.failedFuture(unreachable(t))))
        .compose(response -> check(pathAndQuery, response));
  }

  /** No answer at all: the connection, the name or the time failed. */
  private UpstreamException unreachable(Throwable t) {
    String what = t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")
        ? "did not answer within " + TIMEOUT_MS / 1000 + " s"
        : "is unreachable (" + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()) + ")";
    return new UpstreamException(VENUE, UpstreamException.Kind.UNAVAILABLE, "Binance REST at " + base + " " + what, null, t);
  }

  private Future<Buffer> check(String pathAndQuery, HttpResponse<Buffer> response) {
    String used = response.getHeader("X-MBX-USED-WEIGHT-1M");
    Future<Void> observed = Future.succeededFuture();
    if (used != null && used.matches("\\d{1,9}")) {
      observed = limiter.observe(Long.parseLong(used)).recover(t -> Future.succeededFuture());
    }
    int status = response.statusCode();
    if (status == 429 || status == 418) {
      Duration retryAfter = retryAfter(response.getHeader("Retry-After"), status);
      return observed.compose(v -> limiter.ban(status, retryAfter))
          .compose(v -> Future.failedFuture(new RestWeightLimiter.Refused(
              "Binance answered " + status + (status == 418 ? " (IP banned)" : " (rate limited)")
                  + "; REST paused cluster-wide for " + retryAfter.toSeconds() + " s", retryAfter)));
    }
    if (status != 200) {
      String body = response.bodyAsString();
      String answer = status + (body == null ? "" : ": " + body.substring(0, Math.min(200, body.length())));
      return Future.failedFuture(status >= 500
          ? new UpstreamException(VENUE, UpstreamException.Kind.UNAVAILABLE, "Binance REST failed GET "
              + path(pathAndQuery) + ": it answered " + answer, null, null)
          : new UpstreamException(VENUE, UpstreamException.Kind.REFUSED, "Binance REST refused GET "
              + path(pathAndQuery) + ": it answered " + answer, null, null));
    }
    return observed.map(response.body() == null ? Buffer.buffer() : response.body());
  }

  private static String path(String pathAndQuery) {
    int query = pathAndQuery.indexOf('?');
    return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
  }

  private static Duration retryAfter(String header, int status) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
    } catch (RuntimeException e) {
      return Duration.ofSeconds(status == 418 ? 120 : 60); // no header: Binance's documented minimums
    }
  }
}
