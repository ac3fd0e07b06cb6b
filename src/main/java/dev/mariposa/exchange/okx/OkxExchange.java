package dev.mariposa.exchange.okx;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OKX v5 spot trading over REST (live or demo), as an {@link Exchange}.
 *
 * <p>Placement outcomes, decided so that an order is never placed twice blindly:
 * <ul>
 *   <li>ACCEPTED: code 0 and sCode 0, with the ordId (kept as a string: it exceeds a double).</li>
 *   <li>DUPLICATE: sCode 51016, the clOrdId is already known to OKX; look it up.</li>
 *   <li>UNKNOWN (look the order up by clOrdId before anything else): 50004 and 51149 (OKX says the
 *       outcome is unknown), any HTTP 5xx including 503/50001, a 2xx body that cannot be read, and a
 *       timeout or connection loss once the request was handed to a connection.</li>
 *   <li>REJECTED, not placed and retryable later with the same clOrdId: 50011 (rate limited, also
 *       any HTTP 429) and 50013 (system busy); see {@link #notPlaced}.</li>
 *   <li>REJECTED as a configuration error: the 501xx authentication family (50101 demo/live key
 *       mismatch, 50102 clock skew, 50111 bad key, 50113 bad signature, ...).</li>
 *   <li>REJECTED with OKX's sCode and sMsg otherwise (51008 balance, 51020/51121 size, 51000/51001 ...).</li>
 * </ul>
 * A failed future means no request left this process (the circuit is open, the connection could
 * not be opened, the shared rate limit or Redis refused for too long, the request is invalid,
 * credentials are missing): always safe to retry.
 *
 * <p>Every placement first takes a token from a limit shared by all instances through Redis,
 * per instrument, because OKX counts per account and instrument, not per process. Secrets appear
 * only in the signing key and the passphrase header; no message or log line carries them.
 */
public final class OkxExchange implements Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(OkxExchange.class);

  public static final String NAME = "okx";
  public static final String ORDER_PATH = "/api/v5/trade/order";
  public static final String INSTRUMENTS_PATH = "/api/v5/public/instruments";

  /**
   * OKX allows 60 placements per 2 s per instrument. GCRA admits up to burst + rate in any window
   * of one period (a full burst, then the steady rate), so 30 per 2 s with a burst of 20 keeps any
   * 2 s window at or below 51, leaving room for network jitter between token and arrival.
   */
  public static final int ORDER_RATE = 30;
  public static final int ORDER_BURST = 20;
  public static final Duration ORDER_PERIOD = Duration.ofSeconds(2);

  /** Codes of a REJECTED placement that OKX did not place and that may be retried later. */
  public static final Set<String> NOT_PLACED_CODES = Set.of("50011", "50013");
  private static final Set<String> UNKNOWN_CODES = Set.of("50001", "50004", "51149");
  private static final Set<String> UNHEALTHY_CODES = Set.of("50001", "50004", "50013", "51149");
  private static final String NOT_FOUND = "51603";
  private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  /**
   * Tuning. {@code requestTimeout} bounds one HTTP exchange once connected (and the connect
   * itself); {@code maxRateLimitWait} bounds the wait for a token of the shared order limit.
   */
  public record Options(Duration requestTimeout, int breakerFailures, Duration breakerReset, Duration maxRateLimitWait) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), 5, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
  }

  /** An answer of OKX that is not the expected one, or a lookup that could not be completed. */
  public static final class OkxException extends RuntimeException {
    private final String code;

    public OkxException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The request never left: the connection could not be opened. */
  private static final class NotSentException extends RuntimeException {
    NotSentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The request was handed to a connection but no complete answer came back. */
  private static final class NoAnswerException extends RuntimeException {
    NoAnswerException(String message) {
      super(message);
    }
  }

  private record Reply(int status, Buffer body) {}

  /**
   * What came of one call: a value or an error for the caller, and whether it tells of an
   * unhealthy OKX (5xx, timeouts, 50001/50004/50013/51149). Only those count against the circuit
   * breaker, not a bad parameter or a bad key.
   */
  private record Attempt<T>(T value, RuntimeException error, boolean unhealthy) {
    Attempt(T value, boolean unhealthy) {
      this(value, null, unhealthy);
    }

    static <T> Future<T> unwrap(Attempt<T> attempt) {
      return attempt.error() == null ? Future.succeededFuture(attempt.value()) : Future.failedFuture(attempt.error());
    }
  }

  /** Carries an unhealthy attempt through the breaker as a failure (which it counts), to be unwrapped after it. */
  private static final class Unhealthy extends RuntimeException {
    private final transient Attempt<?> attempt;

    Unhealthy(Attempt<?> attempt) {
      super("unhealthy OKX answer", null, false, false);
      this.attempt = attempt;
    }
  }

  private final Vertx vertx;
  private final MariposaConfig.Okx config;
  private final RateLimiter limiter;
  private final RedisKeys keys;
  private final Options options;
  private final HttpClient client;
  private final CircuitBreaker breaker;
  private final String basePath;
  private final Clock clock = Clock.systemUTC();
  private final OkxSigner signer;
  private final Map<String, Future<Instrument>> instruments = new ConcurrentHashMap<>();

  public OkxExchange(Vertx vertx, MariposaConfig.Okx config, RateLimiter limiter, RedisKeys keys) {
    this(vertx, config, limiter, keys, Options.defaults());
  }

  public OkxExchange(Vertx vertx, MariposaConfig.Okx config, RateLimiter limiter, RedisKeys keys, Options options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.options = Objects.requireNonNull(options, "options");
    URI base = Objects.requireNonNull(config.restUrl(), "OKX rest URL");
    boolean tls = "https".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, options.requestTimeout().toMillis());
    // HttpClient rather than WebClient: its request() future completes once a connection is held,
    // which separates "never sent" (safe to retry) from "sent, no answer" (outcome unknown).
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost(base.getHost()).setDefaultPort(port).setSsl(tls)
        .setConnectTimeout(timeoutMs).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    this.basePath = path;
    this.signer = config.apiSecret().map(OkxSigner::new).orElse(null);
    // No breaker timeout: it would fail a future whose request may already be at OKX, which the
    // Exchange contract reserves for "nothing was sent". The request timer in call() does that job.
    this.breaker = CircuitBreaker.create("okx", vertx, new CircuitBreakerOptions()
        .setMaxFailures(options.breakerFailures())
        .setResetTimeout(options.breakerReset().toMillis())
        .setTimeout(-1)
        .setMaxRetries(0));
  }

  @Override
  public boolean realMoney() {
    return !config.simulated();
  }

  @Override
  public String name() {
    return NAME;
  }

  public CircuitBreakerState breakerState() {
    return breaker.state();
  }

  /**
   * True for a REJECTED result that OKX did not place (50011 rate limited, 50013 busy): place it
   * again later, with the same clOrdId.
   */
  public static boolean notPlaced(PlaceResult result) {
    return result.outcome() == PlaceResult.Outcome.REJECTED && NOT_PLACED_CODES.contains(result.code());
  }

  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    String instId;
    String body;
    try {
      instId = OkxSymbols.toInstId(request.symbol());
      body = orderBody(request, instId);
      requireCredentials();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    if (breaker.state() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(circuitOpen());
    }
    Limit limit = new Limit(keys.key("ratelimit:", RedisKeys.tag("okx"), "orders", instId), ORDER_RATE, ORDER_PERIOD,
        ORDER_BURST);
    long deadline = System.nanoTime() + options.maxRateLimitWait().toNanos();
    return permit(limit, deadline)
        .compose(v -> guarded(() -> sendOrder(body)))
        .map(Attempt::value)
        .onSuccess(result -> logOutcome(request.clOrdId(), instId, result));
  }

  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    String instId;
    try {
      instId = OkxSymbols.toInstId(symbol);
      requireClOrdId(clOrdId);
      requireCredentials();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    String path = ORDER_PATH + "?instId=" + encode(instId) + "&clOrdId=" + encode(clOrdId);
    // Order-status requests have their own 60 per 2 s at OKX: shared by the cluster as well.
    Limit limit = new Limit(keys.key("ratelimit:", RedisKeys.tag("okx"), "lookups", instId), ORDER_RATE, ORDER_PERIOD,
        ORDER_BURST);
    long deadline = System.nanoTime() + options.maxRateLimitWait().toNanos();
    return permit(limit, deadline).compose(v -> this.<Optional<OrderState>>guarded(() -> call(HttpMethod.GET, path, null, true)
            .map(reply -> lookupResult(reply, instId))
            .recover(t -> t instanceof NotSentException ? Future.failedFuture(t)
                : Future.succeededFuture(new Attempt<>(null, new OkxException("NO_ANSWER", "OKX lookup of " + clOrdId
                    + " failed: " + t.getMessage()), true)))))
        .compose(Attempt::unwrap);
  }

  /** Cached per instrument for the life of this object (OKX lists a few hundred spot markets). */
  @Override
  public Future<Instrument> instrument(String symbol) {
    String instId;
    try {
      instId = OkxSymbols.toInstId(symbol);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<Instrument> cached = instruments.get(instId);
    if (cached != null) {
      return cached;
    }
    Promise<Instrument> promise = Promise.promise();
    Future<Instrument> raced = instruments.putIfAbsent(instId, promise.future());
    if (raced != null) {
      return raced;
    }
    String path = INSTRUMENTS_PATH + "?instType=SPOT&instId=" + encode(instId);
    this.<Instrument>guarded(() -> call(HttpMethod.GET, path, null, false)
            .map(reply -> instrumentResult(reply, instId))
            .recover(t -> t instanceof NotSentException ? Future.failedFuture(t)
                : Future.succeededFuture(new Attempt<>(null, new OkxException("NO_ANSWER", "OKX instrument " + instId
                    + " failed: " + t.getMessage()), true))))
        .compose(Attempt::unwrap)
        .onComplete(ar -> {
          if (ar.failed()) {
            instruments.remove(instId, promise.future());
          }
          promise.handle(ar);
        });
    return promise.future();
  }

  public Future<Void> close() {
    breaker.close();
    return client.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Placement

  /** The JSON text that is both signed and sent. Fields in a fixed order, amounts as plain decimals. */
  static String orderBody(OrderRequest request, String instId) {
    requireClOrdId(request.clOrdId());
    Objects.requireNonNull(request.side(), "side");
    Objects.requireNonNull(request.type(), "type");
    if (request.quantity() == null || request.quantity().signum() <= 0) {
      throw new IllegalArgumentException("order " + request.clOrdId() + ": quantity must be positive, got "
          + request.quantity());
    }
    JsonObject json = new JsonObject()
        .put("instId", instId)
        .put("tdMode", "cash")
        .put("side", request.side() == Side.BUY ? "buy" : "sell")
        .put("ordType", request.type() == OrderRequest.Type.MARKET ? "market" : "limit")
        .put("sz", plain(request.quantity()));
    if (request.type() == OrderRequest.Type.LIMIT) {
      BigDecimal px = request.limitPrice().orElseThrow(() ->
          new IllegalArgumentException("limit order " + request.clOrdId() + " has no limit price"));
      if (px.signum() <= 0) {
        throw new IllegalArgumentException("limit order " + request.clOrdId() + ": price must be positive, got " + px);
      }
      json.put("px", plain(px));
    } else if (request.side() == Side.BUY) {
      // OKX counts a spot market buy's sz in the quote currency unless told otherwise.
      json.put("tgtCcy", "base_ccy");
    }
    json.put("clOrdId", request.clOrdId());
    return json.encode();
  }

  private Future<Attempt<PlaceResult>> sendOrder(String body) {
    return call(HttpMethod.POST, ORDER_PATH, body, true)
        .map(reply -> {
          PlaceResult result = placementResult(reply.status(), reply.body());
          return new Attempt<>(result, reply.status() >= 500 || UNHEALTHY_CODES.contains(result.code()));
        })
        .recover(t -> t instanceof NotSentException
            ? Future.failedFuture(t)
            : Future.succeededFuture(new Attempt<>(PlaceResult.unknown("NO_ANSWER", t.getMessage()
                + ": the order may exist; look it up by clOrdId"), true)));
  }

  /** The outcome of a placement answer (HTTP status and body), per the rules in the class comment. */
  static PlaceResult placementResult(int status, Buffer body) {
    JsonObject json = jsonObject(body);
    String code = json == null ? null : codeOf(json.getValue("code"));
    String msg = json == null ? "" : text(json.getValue("msg"));
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));
    String sMsg = item == null ? "" : text(item.getValue("sMsg"));

    if (status == 429) {
      return PlaceResult.rejected("50011", "OKX rate limit (HTTP 429" + (code == null ? "" : " " + code)
          + "): not placed, place again later with the same clOrdId");
    }
    if (status >= 500) {
      // 503/50001 too: the doc allows retrying reads only, i.e. OKX does not promise that a write
      // answered 503 was not processed, so the placement must be reconciled by clOrdId.
      String c = code != null && !"0".equals(code) ? code : "HTTP " + status;
      return PlaceResult.unknown(c, "OKX answered HTTP " + status + (msg.isBlank() ? "" : " (" + msg.trim() + ")")
          + ": the order may exist; look it up by clOrdId");
    }
    if (code == null) {
      if (status / 100 == 2) {
        return PlaceResult.unknown("HTTP " + status, "OKX answered HTTP " + status
            + " with an unreadable body: the order may exist; look it up by clOrdId");
      }
      if (status == 401 || status == 403) {
        return PlaceResult.rejected("HTTP " + status, "OKX configuration error: HTTP " + status
            + " (check the API key, secret, passphrase and the demo setting)");
      }
      return PlaceResult.rejected("HTTP " + status, "OKX answered HTTP " + status + ": not placed");
    }
    if ("0".equals(code) && item != null && "0".equals(sCode)) {
      String ordId = text(item.getValue("ordId"));
      if (ordId.isEmpty()) {
        return PlaceResult.unknown("0", "OKX accepted the order without an ordId: look it up by clOrdId");
      }
      return PlaceResult.accepted(ordId, Optional.empty());
    }
    if ("0".equals(code) && (sCode == null || "0".equals(sCode))) {
      return PlaceResult.unknown("0", "OKX answered code 0 without an order: look it up by clOrdId");
    }
    boolean perOrder = sCode != null && !"0".equals(sCode);
    return byCode(perOrder ? sCode : code, perOrder ? sMsg : msg);
  }

  private static PlaceResult byCode(String code, String message) {
    String m = message == null ? "" : message.trim();
    if ("51016".equals(code)) {
      return PlaceResult.duplicate(code, "OKX already has an order with this clOrdId (" + m + "): look it up");
    }
    if (UNKNOWN_CODES.contains(code)) {
      return PlaceResult.unknown(code, "OKX " + code + (m.isEmpty() ? "" : " (" + m + ")")
          + ": the outcome is unknown; look the order up by clOrdId");
    }
    if (NOT_PLACED_CODES.contains(code)) {
      return PlaceResult.rejected(code, "OKX " + ("50011".equals(code) ? "rate limit" : "is busy")
          + (m.isEmpty() ? "" : " (" + m + ")") + ": not placed, place again later with the same clOrdId");
    }
    if (isConfigError(code)) {
      return PlaceResult.rejected(code, configError(code, m));
    }
    return PlaceResult.rejected(code, m.isEmpty() ? "rejected by OKX with code " + code : m);
  }

  /** The 501xx family is authentication: nothing a retry fixes. */
  static boolean isConfigError(String code) {
    return code != null && code.length() == 5 && code.startsWith("501");
  }

  private static String configError(String code, String okxMessage) {
    String why = switch (code) {
      case "50101" -> "the API key does not match the environment (demo keys need OKX_SIMULATED, live keys must not)";
      case "50102" -> "the request timestamp expired (check this host's clock)";
      case "50111" -> "invalid API key";
      case "50113" -> "invalid signature (check the API secret)";
      case "50105" -> "wrong passphrase";
      default -> "authentication failed";
    };
    return "OKX configuration error " + code + ": " + why + (okxMessage.isEmpty() ? "" : " (" + okxMessage + ")");
  }

  private void logOutcome(String clOrdId, String instId, PlaceResult result) {
    switch (result.outcome()) {
      case ACCEPTED -> LOG.debug("OKX order {} on {} accepted as {}", clOrdId, instId, result.exchangeOrderId().orElse(""));
      case UNKNOWN, DUPLICATE -> LOG.warn("OKX order {} on {}: {} {} {}", clOrdId, instId, result.outcome(),
          result.code(), result.message());
      case REJECTED -> {
        if (isConfigError(result.code())) {
          LOG.error("OKX order {} on {}: {}", clOrdId, instId, result.message());
        } else {
          LOG.info("OKX order {} on {} rejected: {} {}", clOrdId, instId, result.code(), result.message());
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lookup and instruments

  private static Attempt<Optional<OrderState>> lookupResult(Reply reply, String instId) {
    JsonObject json = jsonObject(reply.body());
    String code = json == null ? null : codeOf(json.getValue("code"));
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));
    if (NOT_FOUND.equals(code) || NOT_FOUND.equals(sCode)) {
      return new Attempt<>(Optional.empty(), false);
    }
    if (reply.status() / 100 == 2 && "0".equals(code)) {
      try {
        return new Attempt<>(item == null ? Optional.empty() : Optional.of(orderState(item, instId)), false);
      } catch (RuntimeException e) {
        return new Attempt<>(null, new OkxException("BODY", "OKX lookup answered an unreadable order: "
            + e.getMessage()), false);
      }
    }
    return failure("lookup", reply, code, json);
  }

  /**
   * An OKX order as an {@link OrderState}. OKX reports totals only (no fills). Its fee is signed
   * from the account's side (negative = charged, positive = rebate): it is negated into a cost, so
   * a charge is positive. A spot buy is charged in the base asset; that fee is converted to the
   * quote asset at the average price, as {@link OrderState} speaks quote.
   */
  static OrderState orderState(JsonObject item, String instId) {
    String state = text(item.getValue("state"));
    OrderState.Status status = switch (state) {
      case "live" -> OrderState.Status.LIVE;
      case "partially_filled" -> OrderState.Status.PARTIALLY_FILLED;
      case "filled" -> OrderState.Status.FILLED;
      case "canceled", "mmp_canceled" -> OrderState.Status.CANCELED;
      default -> throw new OkxException("STATE", "OKX order " + text(item.getValue("clOrdId"))
          + " has an unknown state '" + state + "'");
    };
    BigDecimal filled = decimal(item.getValue("accFillSz"));
    BigDecimal avgPx = decimal(item.getValue("avgPx"));
    BigDecimal fee = decimal(item.getValue("fee")).negate();
    String feeCcy = text(item.getValue("feeCcy"));
    String base = instId.substring(0, instId.indexOf('-'));
    if (feeCcy.equalsIgnoreCase(base) && avgPx.signum() > 0) {
      fee = fee.multiply(avgPx);
    }
    return new OrderState(text(item.getValue("clOrdId")), text(item.getValue("ordId")), status,
        filled.stripTrailingZeros(), avgPx.stripTrailingZeros(), fee.stripTrailingZeros(), List.of());
  }

  private static Attempt<Instrument> instrumentResult(Reply reply, String instId) {
    JsonObject json = jsonObject(reply.body());
    String code = json == null ? null : codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !"0".equals(code)) {
      return failure("instrument " + instId, reply, code, json);
    }
    JsonArray data = json.getValue("data") instanceof JsonArray a ? a : new JsonArray();
    for (int i = 0; i < data.size(); i++) {
      if (data.getValue(i) instanceof JsonObject row && instId.equals(row.getString("instId"))) {
        try {
          return new Attempt<>(new Instrument(OkxSymbols.toSymbol(instId), positive(row, "tickSz"),
              positive(row, "lotSz"), positive(row, "minSz"), BigDecimal.ZERO), false);
        } catch (RuntimeException e) {
          return new Attempt<>(null, new OkxException("INSTRUMENT", "OKX instrument " + instId + ": "
              + e.getMessage()), false);
        }
      }
    }
    return new Attempt<>(null, new OkxException("51001", "OKX does not list the spot instrument " + instId), false);
  }

  private static BigDecimal positive(JsonObject row, String field) {
    BigDecimal value = decimal(row.getValue(field));
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(field + " is missing or not positive");
    }
    return value.stripTrailingZeros();
  }

  /** A failed read; a 5xx or 50001/50004/50013/51149 counts against the breaker. */
  private static <T> Attempt<T> failure(String what, Reply reply, String code, JsonObject json) {
    String msg = json == null ? "" : text(json.getValue("msg")).trim();
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));
    String c = sCode != null && !"0".equals(sCode) ? sCode : code != null ? code : "HTTP " + reply.status();
    String m = item != null && sCode != null && !"0".equals(sCode) ? text(item.getValue("sMsg")).trim() : msg;
    String reason = isConfigError(c) ? configError(c, m) : "OKX answered HTTP " + reply.status() + " code " + c
        + (m.isEmpty() ? "" : " (" + m + ")");
    return new Attempt<>(null, new OkxException(c, "OKX " + what + " failed: " + reason),
        reply.status() >= 500 || UNHEALTHY_CODES.contains(c));
  }

  // ---------------------------------------------------------------------------------------------
  // Transport

  /**
   * {@code call} through the circuit breaker: an unhealthy attempt or a failed future counts as a
   * failure, anything else resets the count. An open circuit fails without calling.
   */
  @SuppressWarnings("unchecked")
  private <T> Future<Attempt<T>> guarded(Supplier<Future<Attempt<T>>> call) {
    // Waiting for one of our own pooled connections says nothing of OKX's health: such a failure
    // (nothing sent) passes through the breaker as a success and fails the caller afterwards.
    return breaker.<Attempt<T>>execute(() -> call.get()
            .compose(a -> a.unhealthy() ? Future.failedFuture(new Unhealthy(a)) : Future.succeededFuture(a))
            .recover(t -> isLocalPoolWait(t) ? Future.succeededFuture(null) : Future.failedFuture(t)))
        .recover(t -> {
          if (t instanceof Unhealthy u) {
            return Future.succeededFuture((Attempt<T>) u.attempt);
          }
          return Future.failedFuture(t instanceof OpenCircuitException ? circuitOpen() : t);
        })
        .compose(a -> a != null ? Future.succeededFuture(a)
            : Future.failedFuture(new NotSentException("all connections to OKX are busy (nothing sent)", null)));
  }

  /** Our HTTP pool had no connection free within the timeout: a local queue, not an OKX fault. */
  private static boolean isLocalPoolWait(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (String.valueOf(c.getMessage()).contains("when getting a connection")) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> permit(Limit limit, long deadlineNanos) {
    return limiter.acquire(limit).compose(decision -> {
      if (decision.allowed()) {
        return Future.succeededFuture();
      }
      long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(decision.retryAfter().toNanos() + 999_999));
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) > deadlineNanos) {
        return Future.failedFuture(new OkxException("RATE_LIMIT", "the shared OKX order limit of " + limit.key()
            + " stayed exhausted for " + options.maxRateLimitWait().toMillis() + " ms: not sent"));
      }
      Promise<Void> promise = Promise.promise();
      vertx.setTimer(waitMs, id -> permit(limit, deadlineNanos).onComplete(promise));
      return promise.future();
    });
  }

  /**
   * One HTTP exchange. Fails with {@link NotSentException} when no connection could be had, and
   * with {@link NoAnswerException} when the request was handed to a connection but no complete
   * answer came within the timeout (or the connection broke).
   */
  private Future<Reply> call(HttpMethod method, String pathAndQuery, String body, boolean signed) {
    String requestPath = basePath + pathAndQuery;
    RequestOptions request = new RequestOptions().setMethod(method).setURI(requestPath)
        .setConnectTimeout(options.requestTimeout().toMillis())
        .putHeader("Accept", "application/json");
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    if (config.simulated()) {
      request.putHeader("x-simulated-trading", "1");
    }
    if (signed) {
      String timestamp = OkxSigner.timestamp(clock.instant());
      request.putHeader("OK-ACCESS-KEY", config.apiKey().map(Secret::reveal).orElse(""))
          .putHeader("OK-ACCESS-SIGN", signer.sign(timestamp, method.name(), requestPath, body == null ? "" : body))
          .putHeader("OK-ACCESS-TIMESTAMP", timestamp)
          .putHeader("OK-ACCESS-PASSPHRASE", config.passphrase().map(Secret::reveal).orElse(""));
    }
    Promise<Reply> promise = Promise.promise();
    client.request(request).onComplete(connected -> {
      if (connected.failed()) {
        promise.fail(new NotSentException("could not connect to OKX at " + config.restUrl().getHost() + ": "
            + connected.cause().getMessage() + " (nothing sent)", connected.cause()));
        return;
      }
      HttpClientRequest req = connected.result();
      long timer = vertx.setTimer(options.requestTimeout().toMillis(), id -> {
        if (promise.tryFail(new NoAnswerException("no answer from OKX within " + options.requestTimeout().toMillis()
            + " ms"))) {
          req.reset();
        }
      });
      Future<HttpClientResponse> sent = body == null ? req.send() : req.send(Buffer.buffer(body));
      sent.compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)))
          .onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
              promise.tryComplete(ar.result());
            } else {
              promise.tryFail(new NoAnswerException("the connection to OKX broke before a complete answer: "
                  + ar.cause().getClass().getSimpleName()
                  + (ar.cause().getMessage() == null ? "" : " " + ar.cause().getMessage())));
            }
          });
    });
    return promise.future();
  }

  private void requireCredentials() {
    if (signer == null || config.apiKey().isEmpty() || config.passphrase().isEmpty()) {
      throw new IllegalStateException("OKX API key, secret and passphrase must all be configured");
    }
  }

  private static void requireClOrdId(String clOrdId) {
    if (clOrdId == null || !CL_ORD_ID.matcher(clOrdId).matches()) {
      throw new IllegalArgumentException("OKX clOrdId must be 1 to 32 letters and digits, got '" + clOrdId + "'");
    }
  }

  private static OkxException circuitOpen() {
    return new OkxException("CIRCUIT_OPEN", "OKX circuit open after repeated failures: nothing sent");
  }

  private static JsonObject jsonObject(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return body.toJsonValue() instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonObject firstItem(JsonObject json) {
    if (json != null && json.getValue("data") instanceof JsonArray data && !data.isEmpty()
        && data.getValue(0) instanceof JsonObject item) {
      return item;
    }
    return null;
  }

  /** OKX codes come as strings, and in some error bodies as numbers. */
  static String codeOf(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    String s = value.toString().trim();
    return s.isEmpty() ? null : s;
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** A decimal field; "" (OKX's "none", e.g. avgPx before a fill) is zero. */
  private static BigDecimal decimal(Object value) {
    String s = text(value).trim();
    return s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
