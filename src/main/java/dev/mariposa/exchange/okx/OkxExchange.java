package dev.mariposa.exchange.okx;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.FundingBill;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.VenueAccount;
import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.VenuePosition;
import dev.mariposa.exchange.okx.OkxRestClient.ConnectionWaitException;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.redis.RedisKeys;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OKX v5 spot and perpetual swap trading over REST (live or demo), as an {@link Exchange}: orders and lookups as OKX
 * wants them, over {@link OkxRestClient} (signing, shared rate limits, circuit breaker, timeouts),
 * their answers read by {@link OkxReplies} with the meanings of {@link OkxCodes}.
 *
 * <p>A placement is NOT_PLACED, besides OKX's refusals, when no connection of this process's own
 * pool came free in time. A failed future means no request left this process (the circuit is open,
 * the connection could not be opened, the shared rate limit or Redis refused for too long, the
 * request is invalid, credentials are missing): always safe to retry.
 *
 * <p>Every placement first takes a token from a limit shared by all instances through Redis,
 * per instrument, because OKX counts per account and instrument, not per process. Secrets appear
 * only in the signing key and the passphrase header; no message or log line carries them.
 *
 * <p>As a {@link VenueAccount} it reads open orders, fills and balances ({@link OkxAccountReader})
 * and cancels and amends by clOrdId, the answers read by {@link OkxAccountReplies}. A cancel's 51400
 * (filled, canceled or unknown: one code on spot) and an amend's 51503 are settled by a lookup of
 * the order.
 *
 * <p>An order with swap terms goes to the symbol's USDT-margined perpetual swap, sized in
 * contracts, in the account's position mode, its leverage set first ({@link OkxSwapOrders}); its
 * lookups and cancels go to the swap too. Positions and funding bills are read for reconciliation
 * and accounting ({@link OkxPositions}).
 */
public final class OkxExchange implements Exchange, VenueAccount {
  private static final Logger LOG = LoggerFactory.getLogger(OkxExchange.class);

  public static final String NAME = "okx";
  public static final String ORDER_PATH = "/api/v5/trade/order";
  public static final String INSTRUMENTS_PATH = "/api/v5/public/instruments";
  public static final String CANCEL_PATH = "/api/v5/trade/cancel-order";
  public static final String AMEND_PATH = "/api/v5/trade/amend-order";

  /**
   * OKX allows 60 placements per 2 s per instrument. GCRA admits up to burst + rate in any window
   * of one period (a full burst, then the steady rate), so 30 per 2 s with a burst of 20 keeps any
   * 2 s window at or below 51, leaving room for network jitter between token and arrival.
   */
  public static final int ORDER_RATE = 30;
  public static final int ORDER_BURST = 20;
  public static final Duration ORDER_PERIOD = Duration.ofSeconds(2);

  /** The adapter's own code of a placement not sent because every pooled connection stayed busy. */
  public static final String CONNECTIONS_BUSY = "CONNECTIONS_BUSY";

  /** OKX's clOrdId and an amend's reqId alike: 1 to 32 letters and digits. */
  private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  /**
   * Tuning. {@code requestTimeout} bounds one HTTP exchange once connected; {@code connectionWait}
   * bounds the wait for one of the {@code maxConnections} pooled connections (and its connect);
   * {@code maxRateLimitWait} bounds the wait for a token of the shared order limit.
   */
  public record Options(Duration requestTimeout, int breakerFailures, Duration breakerReset, Duration maxRateLimitWait,
                        int maxConnections, Duration connectionWait) {
    /** 64 connections, each waited for as long as an answer. */
    public Options(Duration requestTimeout, int breakerFailures, Duration breakerReset, Duration maxRateLimitWait) {
      this(requestTimeout, breakerFailures, breakerReset, maxRateLimitWait, 64, requestTimeout);
    }

    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), 5, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
  }

  private final RedisKeys keys;
  private final OkxRestClient rest;
  private final OkxAccountReader account;
  private final Map<String, Future<Instrument>> instruments = new ConcurrentHashMap<>();
  private final OkxSwapInstruments swaps;
  private final OkxPositionTiers tiers;
  private final OkxSwapOrders swapOrders;
  private final OkxPositions positions;
  private final boolean simulated;

  public OkxExchange(Vertx vertx, MariposaConfig.Okx config, RateLimiter limiter, RedisKeys keys) {
    this(vertx, config, limiter, keys, Options.defaults());
  }

  public OkxExchange(Vertx vertx, MariposaConfig.Okx config, RateLimiter limiter, RedisKeys keys, Options options) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.rest = new OkxRestClient(vertx, config, limiter, options);
    this.account = new OkxAccountReader(rest, keys, Clock.systemUTC());
    this.swaps = new OkxSwapInstruments(rest);
    this.tiers = new OkxPositionTiers(rest);
    this.swapOrders = new OkxSwapOrders(swaps::get, new OkxPositionMode(rest), new OkxLeverage(rest),
        new OkxSwapOrders.Venue() {
          @Override
          public Future<PlaceResult> send(String clOrdId, String instId, String body) {
            return OkxExchange.this.send(clOrdId, instId, body);
          }

          @Override
          public Future<Optional<OrderState>> lookup(String instId, String clOrdId) {
            return lookupOn(instId, clOrdId);
          }
        });
    this.positions = new OkxPositions(rest, swaps::get);
    this.simulated = config.simulated();
  }

  @Override
  public boolean realMoney() {
    return !simulated;
  }

  @Override
  public String name() {
    return NAME;
  }

  public CircuitBreakerState breakerState() {
    return rest.breakerState();
  }

  /** Each time the circuit breaker closes again after an outage. */
  @Override
  public void onReconnected(Runnable action) {
    rest.onClosed(action);
  }

  /** A spot order, or a swap order when it has swap terms (see {@link OkxSwapOrders}). */
  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    if (request.isSwap()) {
      String swapInstId;
      try {
        swapInstId = orderCall(OkxSymbols.toSwapInstId(request.symbol()), request.clOrdId());
        if (request.quantity() == null || request.quantity().signum() <= 0) {
          throw new IllegalArgumentException("order " + request.clOrdId() + ": quantity must be positive, got "
              + request.quantity());
        }
      } catch (IllegalArgumentException | IllegalStateException e) {
        return Future.failedFuture(e);
      }
      if (rest.breakerState() == CircuitBreakerState.OPEN) {
        return Future.failedFuture(OkxRestClient.circuitOpen());
      }
      return swapOrders.place(request, swapInstId);
    }
    String instId;
    String body;
    try {
      instId = OkxSymbols.toInstId(request.symbol());
      body = orderBody(request, instId);
      requireCredentials();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return send(request.clOrdId(), instId, body);
  }

  /** An order body sent to OKX: its outcome as {@link OkxReplies} reads it. */
  private Future<PlaceResult> send(String clOrdId, String instId, String body) {
    if (rest.breakerState() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(OkxRestClient.circuitOpen());
    }
    return rest.permit(limit("orders", instId))
        .compose(v -> rest.call(HttpMethod.POST, ORDER_PATH, body, true,
            new Reader<>(OkxReplies::placementAttempt, OkxReplies::placementWithoutAnswer)))
        .recover(t -> t instanceof ConnectionWaitException
            ? Future.succeededFuture(PlaceResult.notPlaced(CONNECTIONS_BUSY, t.getMessage()
                + ": place again shortly with the same clOrdId"))
            : Future.failedFuture(t))
        .onSuccess(result -> logOutcome(clOrdId, instId, result));
  }

  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    String instId;
    try {
      instId = orderCall(OkxSymbols.toInstId(symbol), clOrdId);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return lookupOn(instId, clOrdId);
  }

  /** The swap order of {@code clOrdId} on the symbol's swap, its quantity in the base asset. */
  @Override
  public Future<Optional<OrderState>> lookupSwap(String symbol, String clOrdId) {
    String instId;
    try {
      instId = orderCall(OkxSymbols.toSwapInstId(symbol), clOrdId);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return swapOrders.lookup(instId, clOrdId);
  }

  /** OKX's order of {@code clOrdId} on {@code instId}, as OKX sizes it. */
  private Future<Optional<OrderState>> lookupOn(String instId, String clOrdId) {
    String path = ORDER_PATH + "?instId=" + encode(instId) + "&clOrdId=" + encode(clOrdId);
    // Order-status requests have their own 60 per 2 s at OKX: shared by the cluster as well.
    return rest.permit(limit("lookups", instId))
        .compose(v -> rest.call(HttpMethod.GET, path, null, true, new Reader<>(reply -> OkxReplies.lookup(reply, instId),
            t -> OkxReplies.readWithoutAnswer("lookup of " + clOrdId, t))));
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
    rest.call(HttpMethod.GET, path, null, false, new Reader<Instrument>(reply -> OkxReplies.instrument(reply, instId),
            t -> OkxReplies.readWithoutAnswer("instrument " + instId, t)))
        .onComplete(ar -> {
          if (ar.failed()) {
            instruments.remove(instId, promise.future());
          }
          promise.handle(ar);
        });
    return promise.future();
  }

  /**
   * The perpetual swap {@code instId} (BTC-USDT-SWAP), cached as {@link #instrument} caches spot
   * ones; fails with code 51001 when OKX does not list it.
   */
  public Future<SwapInstrument> swapInstrument(String instId) {
    return swaps.get(instId);
  }

  /**
   * The symbol's swap (BTCUSDT: BTC-USDT-SWAP) in the base asset, with the maintenance margin rate
   * of its first isolated position tier ({@link OkxPositionTiers}); both reads cached.
   */
  @Override
  public Future<Instrument> swapInstrumentFor(String symbol) {
    String instId;
    try {
      instId = OkxSymbols.toSwapInstId(symbol);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return swaps.get(instId).compose(inst -> tiers.firstTierMmr(inst.instFamily())
        .map(mmr -> inst.toInstrument(OkxSymbols.swapToSymbol(instId), mmr)));
  }

  /** The account's open linear swap positions, for reconciliation and accounting ({@link OkxPositions}). */
  @Override
  public Future<List<VenuePosition>> swapPositions() {
    return signed(positions::positions);
  }

  /** The swap funding payments OKX booked at or after {@code sinceMs} (its bills keep 7 days), oldest first. */
  @Override
  public Future<List<FundingBill>> fundingBills(long sinceMs) {
    return signed(() -> positions.fundingBills(sinceMs));
  }

  @Override
  public Future<List<VenueOrder>> openOrders() {
    return signed(account::openOrders);
  }

  @Override
  public Future<List<VenueFill>> fillsSince(long sinceMillis) {
    return signed(() -> account.fillsSince(sinceMillis));
  }

  @Override
  public Future<Map<String, BigDecimal>> balances() {
    return signed(account::balances);
  }

  /**
   * Cancels by clOrdId. OKX counts cancels apart from placements, 60 per 2 s per account and
   * instrument: the cluster shares a limit of their own, as high as the placements'.
   */
  @Override
  public Future<CancelResult> cancel(String symbol, String clOrdId) {
    String instId;
    try {
      instId = orderCall(OkxSymbols.toInstId(symbol), clOrdId);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return cancelOn(instId, clOrdId, () -> lookup(symbol, clOrdId));
  }

  /** As {@link #cancel}, on the symbol's swap; a 51400 is settled by a lookup of the swap order. */
  @Override
  public Future<CancelResult> cancelSwap(String symbol, String clOrdId) {
    String instId;
    try {
      instId = orderCall(OkxSymbols.toSwapInstId(symbol), clOrdId);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return cancelOn(instId, clOrdId, () -> lookupSwap(symbol, clOrdId));
  }

  private Future<CancelResult> cancelOn(String instId, String clOrdId,
                                        Supplier<Future<Optional<OrderState>>> lookup) {
    if (rest.breakerState() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(OkxRestClient.circuitOpen());
    }
    String body = new JsonObject().put("instId", instId).put("clOrdId", clOrdId).encode();
    return rest.permit(limit("cancels", instId))
        .compose(v -> rest.call(HttpMethod.POST, CANCEL_PATH, body, true,
            new Reader<>(reply -> OkxAccountReplies.cancel(reply, clOrdId),
                t -> OkxAccountReplies.cancelWithoutAnswer(clOrdId, t))))
        .compose(result -> OkxCodes.CANCEL_FAILED.equals(result.code()) ? settle(lookup.get(), clOrdId, result)
            : Future.succeededFuture(result))
        .onSuccess(result -> logCancel(clOrdId, instId, result));
  }

  /**
   * Amends a resting order by clOrdId: newSz (the new total, fills included), newPx, or both, with
   * the caller's request id as OKX's reqId and cxlOnFail false (an amend that fails leaves the
   * order as it was, never cancels it). OKX counts amends apart from placements and cancels, 60
   * per 2 s per account and instrument: the cluster shares a limit of their own. (OKX also counts
   * placements and amends together per sub-account, 1000 per 2 s, which no limit here models.)
   *
   * <p>OKX documents reqId only as echoed back, not as making a repeated request one: a retry is
   * the same amend because it sets the same absolute values, which a second pass leaves as they are
   * (so long as no newer amend of the order came in between).
   */
  @Override
  public Future<AmendResult> amend(String symbol, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                                   Optional<BigDecimal> newPrice) {
    String instId;
    String body;
    try {
      instId = orderCall(OkxSymbols.toInstId(symbol), clOrdId);
      body = amendBody(instId, clOrdId, requestId, newQuantity, newPrice);
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      return Future.failedFuture(e);
    }
    if (rest.breakerState() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(OkxRestClient.circuitOpen());
    }
    return rest.permit(limit("amends", instId))
        .compose(v -> rest.call(HttpMethod.POST, AMEND_PATH, body, true,
            new Reader<>(reply -> OkxAccountReplies.amend(reply, clOrdId),
                t -> OkxAccountReplies.amendWithoutAnswer(clOrdId, t))))
        .compose(result -> result.outcome() == AmendResult.Outcome.NOT_FOUND ? settle(symbol, clOrdId, result)
            : Future.succeededFuture(result))
        .onSuccess(result -> logAmend(clOrdId, requestId, instId, result));
  }

  /** {@code BTCUSDT} → {@code BTC}, split as {@link OkxSymbols#toInstId} splits it. */
  @Override
  public String baseAsset(String symbol) {
    String instId = OkxSymbols.toInstId(symbol);
    return instId.substring(0, instId.indexOf('-'));
  }

  /**
   * A cancel refused with 51400 (filled, canceled or does not exist), told apart by a lookup.
   * OKX keeps a cancelled order without fills for 2 hours in its history: an older one may look up
   * as unknown, NOT_FOUND here, which has no fills either way.
   */
  private Future<CancelResult> settle(Future<Optional<OrderState>> lookup, String clOrdId, CancelResult refused) {
    String code = refused.code();
    return lookup
        .map(found -> found.map(state -> state.status().isFinal()
                ? CancelResult.of(CancelResult.Outcome.ALREADY_FINAL, code, "OKX has order " + clOrdId + " "
                    + state.status() + " already")
                : CancelResult.of(CancelResult.Outcome.UNKNOWN, code, "OKX refused the cancel of " + clOrdId
                    + " with 51400 yet lists it " + state.status() + ": look it up again"))
            .orElse(CancelResult.of(CancelResult.Outcome.NOT_FOUND, code, "OKX does not know order " + clOrdId)))
        .otherwise(t -> CancelResult.of(CancelResult.Outcome.UNKNOWN, code, "OKX refused the cancel of " + clOrdId
            + " with 51400 (filled, canceled or unknown) and its lookup failed: " + t.getMessage()));
  }

  /**
   * An amend refused with 51503 (filled or canceled) or 51603, told apart by a lookup as a cancel's
   * 51400 is: final, unknown to OKX, or still open, which leaves the amend's fate unknown.
   */
  private Future<AmendResult> settle(String symbol, String clOrdId, AmendResult refused) {
    String code = refused.code();
    return lookup(symbol, clOrdId)
        .map(found -> found.map(state -> state.status().isFinal()
                ? AmendResult.of(AmendResult.Outcome.ALREADY_FINAL, code, "OKX has order " + clOrdId + " "
                    + state.status() + " already")
                : AmendResult.of(AmendResult.Outcome.UNKNOWN, code, "OKX refused the amend of " + clOrdId
                    + " with " + code + " yet lists it " + state.status() + ": look it up again"))
            .orElse(AmendResult.of(AmendResult.Outcome.NOT_FOUND, code, "OKX does not know order " + clOrdId)))
        .otherwise(t -> AmendResult.of(AmendResult.Outcome.UNKNOWN, code, "OKX refused the amend of " + clOrdId
            + " with " + code + " (filled, canceled or unknown) and its lookup failed: " + t.getMessage()));
  }

  public Future<Void> close() {
    return rest.close();
  }

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
        .put("ordType", ordType(request.type()))
        .put("sz", plain(request.quantity()));
    if (request.type() != OrderRequest.Type.MARKET) {
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

  /**
   * An amend's JSON text, signed and sent: at least one of a new size and a new price, each
   * positive, as plain decimals; the request id checked as OKX checks a clOrdId.
   */
  static String amendBody(String instId, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                          Optional<BigDecimal> newPrice) {
    if (requestId == null || !CL_ORD_ID.matcher(requestId).matches()) {
      throw new IllegalArgumentException("OKX reqId must be 1 to 32 letters and digits, got '" + requestId + "'");
    }
    Objects.requireNonNull(newQuantity, "newQuantity");
    Objects.requireNonNull(newPrice, "newPrice");
    if (newQuantity.isEmpty() && newPrice.isEmpty()) {
      throw new IllegalArgumentException("amend " + requestId + " of " + clOrdId + " changes neither size nor price");
    }
    JsonObject json = new JsonObject().put("instId", instId).put("clOrdId", clOrdId).put("reqId", requestId);
    newQuantity.ifPresent(sz -> json.put("newSz", positive("size", sz, requestId)));
    newPrice.ifPresent(px -> json.put("newPx", positive("price", px, requestId)));
    return json.put("cxlOnFail", false).encode();
  }

  private static String positive(String what, BigDecimal value, String requestId) {
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("amend " + requestId + ": new " + what + " must be positive, got " + value);
    }
    return plain(value);
  }

  /** OKX's ordType of each order type: post_only, ioc and fok are OKX order types, not flags. */
  static String ordType(OrderRequest.Type type) {
    return switch (type) {
      case MARKET -> "market";
      case LIMIT -> "limit";
      case POST_ONLY -> "post_only";
      case IOC -> "ioc";
      case FOK -> "fok";
    };
  }

  /** A limit shared by the cluster, per kind of call and instrument. */
  private Limit limit(String kind, String instId) {
    return new Limit(keys.key("ratelimit:", RedisKeys.tag("okx"), kind, instId), ORDER_RATE, ORDER_PERIOD, ORDER_BURST);
  }

  private void logOutcome(String clOrdId, String instId, PlaceResult result) {
    switch (result.outcome()) {
      case ACCEPTED -> LOG.debug("OKX order {} on {} accepted as {}", clOrdId, instId, result.exchangeOrderId().orElse(""));
      case UNKNOWN, DUPLICATE -> LOG.warn("OKX order {} on {}: {} {} {}", clOrdId, instId, result.outcome(),
          result.code(), result.message());
      case NOT_PLACED -> LOG.info("OKX order {} on {} not placed: {} {}", clOrdId, instId, result.code(), result.message());
      case REJECTED -> {
        if (OkxCodes.isConfigError(result.code())) {
          LOG.error("OKX order {} on {}: {}", clOrdId, instId, result.message());
        } else {
          LOG.info("OKX order {} on {} rejected: {} {}", clOrdId, instId, result.code(), result.message());
        }
      }
    }
  }

  private void logCancel(String clOrdId, String instId, CancelResult result) {
    switch (result.outcome()) {
      case CANCELED, ALREADY_FINAL -> LOG.debug("OKX cancel of {} on {}: {} {}", clOrdId, instId, result.outcome(),
          result.message());
      case NOT_FOUND -> LOG.info("OKX cancel of {} on {}: {}", clOrdId, instId, result.message());
      case UNKNOWN -> LOG.warn("OKX cancel of {} on {}: UNKNOWN {} {}", clOrdId, instId, result.code(),
          result.message());
    }
  }

  private void logAmend(String clOrdId, String requestId, String instId, AmendResult result) {
    switch (result.outcome()) {
      case AMENDED, ALREADY_FINAL -> LOG.debug("OKX amend {} of {} on {}: {} {}", requestId, clOrdId, instId,
          result.outcome(), result.message());
      case NOT_FOUND, REJECTED -> LOG.info("OKX amend {} of {} on {}: {} {} {}", requestId, clOrdId, instId,
          result.outcome(), result.code(), result.message());
      case UNKNOWN -> LOG.warn("OKX amend {} of {} on {}: UNKNOWN {} {}", requestId, clOrdId, instId, result.code(),
          result.message());
    }
  }

  /** A signed read: fails before sending when the credentials are missing. */
  private <T> Future<T> signed(Supplier<Future<T>> read) {
    try {
      requireCredentials();
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return read.get();
  }

  /** {@code instId} of a call about one order; throws, and nothing is sent, for a bad id or missing credentials. */
  private String orderCall(String instId, String clOrdId) {
    requireClOrdId(clOrdId);
    requireCredentials();
    return instId;
  }

  private void requireCredentials() {
    if (!rest.hasCredentials()) {
      throw new IllegalStateException("OKX API key, secret and passphrase must all be configured");
    }
  }

  private static void requireClOrdId(String clOrdId) {
    if (clOrdId == null || !CL_ORD_ID.matcher(clOrdId).matches()) {
      throw new IllegalArgumentException("OKX clOrdId must be 1 to 32 letters and digits, got '" + clOrdId + "'");
    }
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
