package dev.mariposa.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local OKX v5 REST server for POST and GET /api/v5/trade/order, GET
 * /api/v5/public/instruments (SPOT, and SWAP from a recorded swap listing), the public swap market
 * data ({@link FakeOkxSwapMarket}), and the account: GET
 * /api/v5/trade/orders-pending, POST /api/v5/trade/cancel-order and amend-order, GET
 * /api/v5/trade/fills and fills-history, GET /api/v5/account/balance; speaking OKX's JSON envelope (code/msg/data, sCode/sMsg) with the
 * field names and string-typed numbers of the recorded answers (../shared/data/okx/swap).
 *
 * <p>Every private request is authenticated as OKX does: key (401 50111), passphrase (401 50105),
 * timestamp format (401 50112) and age (401 50102, over 30 s), and the HMAC signature computed
 * here independently of the client's signer (401 50113). A demo-mode fake requires the
 * {@code x-simulated-trading: 1} header and a live-mode fake refuses it (50101). Placements over
 * 60 per 2 s per instrument get HTTP 429 50011, as OKX does; so do cancels and amends, each
 * counted apart.
 *
 * <p>Orders are kept by clOrdId; placing a known clOrdId again is refused with sCode 51016.
 * Market orders fill at once at {@link #fillPrice} (fee -0.001 × notional, in the quote asset),
 * one fill each; so do ioc and fok orders whose px the fill price is within (else they are
 * cancelled unfilled); a post_only order that would take is cancelled, as OKX does; limit orders
 * stay live. A spot market buy without {@code tgtCcy=base_ccy} counts
 * sz in the quote asset, as OKX does, so a client that forgets it buys the wrong amount. Tests
 * seed what Mariposa did not place: an open order ({@link #holdOpenOrder}), a partially filled
 * one ({@link #holdPartiallyFilledOrder}), a filled one with its fills ({@link #holdFilledOrder}),
 * a balance ({@link #balance}); lookups find seeded orders too.
 *
 * <p>The account: open orders newest first, paged with {@code after}=ordId and {@code limit}
 * (at most 100); fills newest first, paged with {@code after}=billId, /fills serving the last 3
 * days and /fills-history the last 90, {@code begin} taken as exclusive (OKX does not say; the
 * stricter reading). A cancel turns a live order canceled; a canceled, filled or unknown one is
 * refused with sCode 51400, as OKX's spot does today, or with 51401/51402/51400 after
 * {@link #cancelCodesPerState} (OKX's older codes, still Nitro Spread's). An amend sets a live
 * order's px and sz (see {@code serveAmend} for what it refuses, as OKX's code table says, and
 * where the docs are silent); a reqId used again for the same order is the same amend: answered
 * as before, nothing changed again ({@link #amendsApplied}). Every fill moves the
 * balances: a buy adds the base and takes the quote, a sell the other way, and the fee is taken
 * in its asset; cashBal includes what open orders hold (availBal does not), and an asset whose
 * balance is zero is left out, as OKX does. Nothing is refused for want of balance.
 *
 * <p>Faults for placements, per call ({@link #planFaults}) or at random with a seed
 * ({@link #randomFaults}); for every kind of call at random ({@link #chaos}); see {@link Fault}.
 * Each fault injected is counted by call and kind ({@link #injected}), so a test can show that
 * it survived them rather than never met them.
 *
 * <p>Perpetual swaps: a placement on a SWAP instId, the account config, set-leverage, positions,
 * bills and position tiers are the swap account's ({@link #swapAccount}, {@link FakeOkxSwapAccount}),
 * its orders kept, looked up, cancelled and refused as duplicates with the spot ones.
 */
public final class FakeOkx implements AutoCloseable {
  /** The kinds of call the adapter makes, each of which can be made to fail. */
  public enum Call { PLACE, LOOKUP, INSTRUMENTS, OPEN_ORDERS, CANCEL, FILLS, BALANCE, AMEND }

  /**
   * What a call answers instead of the normal answer. "Processed" means the call did its work
   * first: a placement created (and, for a market order, filled) its order, a cancel cancelled its
   * order, an amend amended it; a read has nothing to do.
   */
  public enum Fault {
    /** The normal answer (a slot of a plan that injects nothing). */
    NONE,
    /** HTTP 429 {"code":"50011"}; nothing done. */
    RATE_LIMITED,
    /** Processed, then HTTP 500 with a non-JSON body. */
    HTTP_500,
    /** HTTP 503 {"code":"50001"}; nothing done. */
    UNAVAILABLE,
    /** Processed, then the answer comes after {@link #lateAnswerMs} (or never). */
    TIMEOUT_AFTER_ACCEPT,
    /** Placements only: sCode 51016 although the clOrdId is new; the order is not created. */
    DUPLICATE,
    /** Processed, then {"code":"50004"} (endpoint timeout, outcome unknown). */
    UNKNOWN_AFTER_ACCEPT,
    /** Processed, then HTTP 200 with the normal answer cut in half (not JSON). */
    MALFORMED,
    /** HTTP 200 {"code":"50013"} (systems busy); nothing done. */
    BUSY;

    public boolean appliesTo(Call call) {
      return this != DUPLICATE || call == Call.PLACE;
    }
  }

  /** Where the faults of one kind of call come from, once its plan is used up. */
  private interface FaultSource {
    Fault next();
  }

  /** Independent seeded draws, each fault with its probability. */
  private record Draw(Random random, Map<Fault, Double> probabilities) implements FaultSource {
    @Override
    public Fault next() {
      synchronized (random) {
        double draw = random.nextDouble();
        double acc = 0;
        for (Map.Entry<Fault, Double> e : probabilities.entrySet()) {
          acc += e.getValue();
          if (draw < acc) {
            return e.getKey();
          }
        }
      }
      return Fault.NONE;
    }
  }

  /**
   * Exactly one call in each block of {@code block} fails, at a seeded random place in the block,
   * with the next kind from a deck of every kind reshuffled when used up: an exact share, and
   * every kind met within kinds × block calls however few calls a test makes.
   */
  private static final class Deck implements FaultSource {
    private final Random random;
    private final List<Fault> kinds;
    private final int block;
    private final Deque<Fault> deck = new ArrayDeque<>();
    private int position;
    private int failAt;

    Deck(Random random, List<Fault> kinds, int block) {
      this.random = random;
      this.kinds = kinds;
      this.block = block;
      this.failAt = random.nextInt(block);
    }

    @Override
    public synchronized Fault next() {
      boolean fail = position == failAt;
      if (++position == block) {
        position = 0;
        failAt = random.nextInt(block);
      }
      if (!fail) {
        return Fault.NONE;
      }
      if (deck.isEmpty()) {
        List<Fault> shuffled = new ArrayList<>(kinds);
        java.util.Collections.shuffle(shuffled, random);
        deck.addAll(shuffled);
      }
      return deck.poll();
    }
  }

  /** One order as the fake keeps it. {@code px} is null for a market order. */
  public record Order(String ordId, String clOrdId, String instId, String side, String ordType, BigDecimal sz,
                      BigDecimal px, String tgtCcy, String state, BigDecimal accFillSz, BigDecimal avgPx,
                      BigDecimal fee, String feeCcy, long cTime) {}

  /** One fill as the fake keeps it: fee negative when charged, in {@code feeCcy}; {@code ts} in ms. */
  public record FillRow(String billId, String tradeId, String ordId, String clOrdId, String instId, String side,
                        BigDecimal fillSz, BigDecimal fillPx, BigDecimal fee, String feeCcy, String execType,
                        long ts) {}

  /** One placement request as it arrived: when (System.nanoTime), for which instrument, what it answered. */
  public record Arrival(long nanos, String instId, int status) {}

  /** The API key, secret and passphrase a fake accepts (and an instance trading on it is given). */
  public record Credentials(String apiKey, String secret, String passphrase) {}

  public static final String PLACEMENT_PATH = "/api/v5/trade/order";
  public static final String INSTRUMENTS_PATH = "/api/v5/public/instruments";
  public static final String ORDERS_PENDING_PATH = "/api/v5/trade/orders-pending";
  public static final String CANCEL_PATH = "/api/v5/trade/cancel-order";
  public static final String FILLS_PATH = "/api/v5/trade/fills";
  public static final String FILLS_HISTORY_PATH = "/api/v5/trade/fills-history";
  public static final String BALANCE_PATH = "/api/v5/account/balance";
  public static final String AMEND_PATH = "/api/v5/trade/amend-order";
  private static final long DAY_MS = 86_400_000L;
  private static final BigDecimal FEE_RATE = new BigDecimal("-0.001");
  private static final String SUBSET = "okx/public_instruments_SPOT_2022-05-13_subset.json";
  private static final String FULL_LISTING = "okx/public_instruments_SPOT_2022-05-13.json";
  /** All 166 perpetual swaps OKX listed on 2022-05-13 (uly, no instFamily; BTC-USDT-SWAP in lots of 1). */
  public static final String SWAPS_2022 = "okx/swap/public_instruments_SWAP_2022-05-13.json";
  /** Three swaps as OKX listed them in 2025 (instFamily; BTC-USDT-SWAP in lots of 0.01). */
  public static final String SWAPS_2025 = "okx/swap/public_instruments_SWAP_nautilus_subset_2025.json";
  private static final long WINDOW_NANOS = 2_000_000_000L;
  private static final int WINDOW_LIMIT = 60;
  private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  private final Vertx vertx;
  private final HttpServer server;
  private final String apiKey;
  private final String secret;
  private final String passphrase;
  private final boolean demo;
  private volatile boolean ownVertx;
  private volatile Map<String, JsonObject> instruments;
  private volatile String swapListing = SWAPS_2022;
  /** The swap listing's rows, read on the first instType=SWAP request. */
  private volatile Map<String, JsonObject> swaps;
  /** The public swap market data endpoints (mark price, funding, index). */
  private final FakeOkxSwapMarket swapMarket = new FakeOkxSwapMarket();

  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final List<Order> orderList = new CopyOnWriteArrayList<>();
  private final List<FillRow> fillList = new CopyOnWriteArrayList<>();
  private final Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
  /** The answer given to each amend of an order, by ordId and reqId: a repeated reqId gets it again. */
  private final Map<String, JsonObject> amendAnswers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final List<JsonObject> placementBodies = new CopyOnWriteArrayList<>();
  private final List<String> simulatedHeaders = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Long>> windows = new HashMap<>();
  private final Map<Call, ConcurrentLinkedQueue<Fault>> plans = new ConcurrentHashMap<>();
  private final Map<Call, FaultSource> draws = new ConcurrentHashMap<>();
  private final Map<Call, Map<Fault, AtomicInteger>> injected = new ConcurrentHashMap<>();
  private final AtomicInteger placements = new AtomicInteger();
  private final AtomicInteger placed = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger instrumentRequests = new AtomicInteger();
  private final AtomicInteger authFailures = new AtomicInteger();
  private final AtomicInteger amendsApplied = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong nextOrdId = new AtomicLong(1538100941143183360L);
  private final AtomicLong nextBillId = new AtomicLong(639895991340056576L);
  private final AtomicLong nextTradeId = new AtomicLong(56181695L);
  private volatile Function<String, BigDecimal> fillPrice = instId -> new BigDecimal("30000");
  private volatile long lateAnswerMs = 3_000;
  private volatile boolean enforceRateLimit = true;
  private volatile boolean cancelCodesPerState;
  private final FakeOkxSwapAccount swapAccount;

  private FakeOkx(Vertx vertx, String apiKey, String secret, String passphrase, boolean demo) {
    this.vertx = vertx;
    this.apiKey = apiKey;
    this.secret = secret;
    this.passphrase = passphrase;
    this.demo = demo;
    this.instruments = loadInstruments(SUBSET);
    this.swapAccount = new FakeOkxSwapAccount(id -> swaps().get(id), balances, id -> fillPrice.apply(id));
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** A fake on 127.0.0.1 and a free port, accepting these credentials; {@code demo}: a demo-trading host. */
  public static FakeOkx start(Vertx vertx, String apiKey, String secret, String passphrase, boolean demo) {
    FakeOkx fake = new FakeOkx(vertx, apiKey, secret, passphrase, demo);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  /** The same with the credentials as one. */
  public static FakeOkx start(Vertx vertx, Credentials credentials, boolean demo) {
    return start(vertx, credentials.apiKey(), credentials.secret(), credentials.passphrase(), demo);
  }

  /**
   * A fake on a Vert.x of its own, so the exchange answers on event loops of its own, not those of
   * the instances under test; {@link #close()} closes that Vert.x too.
   */
  public static FakeOkx startAlone(Credentials credentials, boolean demo) {
    Vertx own = Vertx.vertx();
    try {
      FakeOkx fake = start(own, credentials, demo);
      fake.ownVertx = true;
      return fake;
    } catch (RuntimeException | Error e) {
      own.close().await();
      throw e;
    }
  }

  /** What the OKX REST URL should be. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The environment of an instance that trades on this fake with its credentials (EXCHANGE=okx). */
  public Map<String, String> env() {
    return Map.of("EXCHANGE", "okx", "OKX_REST_URL", baseUrl(), "OKX_API_KEY", apiKey, "OKX_API_SECRET", secret,
        "OKX_PASSPHRASE", passphrase, "OKX_SIMULATED", Boolean.toString(demo));
  }

  // ---- configuration and faults

  public FakeOkx fillPrice(BigDecimal price) {
    this.fillPrice = instId -> price;
    return this;
  }

  /** Market orders fill at this price of their instrument id (the market's, say). */
  public FakeOkx fillPrices(Function<String, BigDecimal> byInstId) {
    this.fillPrice = byInstId;
    return this;
  }

  /** The public swap market data it serves: mark price, funding rate and history, index price. */
  public FakeOkxSwapMarket swapMarket() {
    return swapMarket;
  }

  /** Lists all 513 real spot instruments of 2022-05-13 rather than the 4 of the subset (recordings needed). */
  public FakeOkx fullListing() {
    this.instruments = loadInstruments(FULL_LISTING);
    return this;
  }

  /**
   * Which recorded swap listing instType=SWAP answers from ({@link #SWAPS_2022}, the default, or
   * {@link #SWAPS_2025}); none when the recordings are absent.
   */
  public FakeOkx swapListing(String listing) {
    this.swapListing = listing;
    this.swaps = null;
    return this;
  }

  /** How late a {@link Fault#TIMEOUT_AFTER_ACCEPT} answer comes; negative: never. */
  public FakeOkx lateAnswerMs(long ms) {
    this.lateAnswerMs = ms;
    return this;
  }

  /** Whether placements over 60 per 2 s per instrument get 429 50011 (on by default). */
  public FakeOkx enforceRateLimit(boolean enforce) {
    this.enforceRateLimit = enforce;
    return this;
  }

  /** Whether a refused cancel says 51401 (canceled) and 51402 (filled) rather than 51400 for both (off by default). */
  public FakeOkx cancelCodesPerState(boolean perState) {
    this.cancelCodesPerState = perState;
    return this;
  }

  /** The swap account: position mode, leverage, positions, bills (see {@link FakeOkxSwapAccount}). */
  public FakeOkxSwapAccount swapAccount() {
    return swapAccount;
  }

  // ---- what tests seed

  /** Sets an asset's balance (cashBal), {@code USDT} say. */
  public FakeOkx balance(String ccy, BigDecimal amount) {
    balances.put(ccy, amount);
    return this;
  }

  /**
   * Holds a live limit order that Mariposa did not place (by hand on the website, say): listed
   * open, found by lookup, cancellable. {@code side} is OKX's: buy or sell.
   */
  public Order holdOpenOrder(String instId, String clOrdId, String side, BigDecimal sz, BigDecimal px) {
    return hold(new Order(Long.toString(nextOrdId.getAndIncrement()), clOrdId, instId, side, "limit", sz, px, "",
        "live", BigDecimal.ZERO, null, BigDecimal.ZERO, feeCcy(instId, side), System.currentTimeMillis()));
  }

  /**
   * Holds a live limit order of {@code sz} of which {@code filled} has filled at {@code px} (one
   * maker fill, now, moving the balances): partially_filled, open, amendable.
   */
  public synchronized Order holdPartiallyFilledOrder(String instId, String clOrdId, String side, BigDecimal sz,
                                                     BigDecimal px, BigDecimal filled) {
    requireNew(clOrdId);
    if (filled.signum() <= 0 || filled.compareTo(sz) >= 0) {
      throw new IllegalArgumentException("a partially filled order fills more than nothing and less than " + sz);
    }
    String ordId = Long.toString(nextOrdId.getAndIncrement());
    String feeCcy = feeCcy(instId, side);
    BigDecimal fee = (feeCcy.equals(assets(instId)[0]) ? filled : filled.multiply(px)).multiply(FEE_RATE)
        .stripTrailingZeros();
    long now = System.currentTimeMillis();
    fill(ordId, clOrdId, instId, side, filled, px, fee, feeCcy, "M", now);
    return hold(new Order(ordId, clOrdId, instId, side, "limit", sz, px, "", "partially_filled", filled, px, fee,
        feeCcy, now));
  }

  /**
   * A trade against a live resting order: a maker fill of {@code size} at the order's price, now
   * (moving the balances), the order partially filled, or filled when nothing is left.
   */
  public synchronized Order fillResting(String clOrdId, BigDecimal size) {
    Order o = order(clOrdId).orElseThrow(() -> new IllegalArgumentException("no order " + clOrdId));
    if (!o.state().equals("live") && !o.state().equals("partially_filled") || size.compareTo(o.sz().subtract(o.accFillSz())) > 0) {
      throw new IllegalArgumentException("order " + clOrdId + " (" + o.state() + ", " + o.accFillSz() + " of " + o.sz()
          + " filled) cannot fill " + size);
    }
    String feeCcy = feeCcy(o.instId(), o.side()); // as OKX charges a fill, whatever the order said before
    BigDecimal fee = (feeCcy.equals(assets(o.instId())[0]) ? size : size.multiply(o.px())).multiply(FEE_RATE)
        .stripTrailingZeros();
    fill(o.ordId(), clOrdId, o.instId(), o.side(), size, o.px(), fee, feeCcy, "M", System.currentTimeMillis());
    BigDecimal filled = o.accFillSz().add(size);
    BigDecimal avg = o.accFillSz().signum() == 0 ? o.px()
        : o.accFillSz().multiply(o.avgPx()).add(size.multiply(o.px())).divide(filled, java.math.MathContext.DECIMAL64);
    Order after = new Order(o.ordId(), clOrdId, o.instId(), o.side(), o.ordType(), o.sz(), o.px(), o.tgtCcy(),
        filled.compareTo(o.sz()) == 0 ? "filled" : "partially_filled", filled, avg, o.fee().add(fee), feeCcy, o.cTime());
    replace(after);
    return after;
  }

  /** {@link #holdFilledOrder(String, String, String, BigDecimal, BigDecimal, long)} now. */
  public Order holdFilledOrder(String instId, String clOrdId, String side, BigDecimal sz, BigDecimal px) {
    return holdFilledOrder(instId, clOrdId, side, sz, px, System.currentTimeMillis());
  }

  /**
   * Holds a limit order created at {@code at} and filled in two halves at {@code px}, at
   * {@code at} and a millisecond later, each a fill with its trade id. The fee is -0.001 of each
   * fill, charged as OKX charges spot: a buy in the base asset, a sell in the quote asset. The
   * fills move the balances.
   */
  public synchronized Order holdFilledOrder(String instId, String clOrdId, String side, BigDecimal sz, BigDecimal px,
                                            long at) {
    requireNew(clOrdId);
    String ordId = Long.toString(nextOrdId.getAndIncrement());
    String feeCcy = feeCcy(instId, side);
    boolean inBase = feeCcy.equals(assets(instId)[0]);
    BigDecimal half = sz.divide(BigDecimal.valueOf(2));
    List<BigDecimal> parts = List.of(half, sz.subtract(half));
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < parts.size(); i++) {
      BigDecimal part = parts.get(i);
      BigDecimal fee = (inBase ? part : part.multiply(px)).multiply(FEE_RATE).stripTrailingZeros();
      total = total.add(fee);
      fill(ordId, clOrdId, instId, side, part, px, fee, feeCcy, "M", at + i);
    }
    return hold(new Order(ordId, clOrdId, instId, side, "limit", sz, px, "", "filled", sz, px, total, feeCcy, at));
  }

  // ---- faults

  /** The next placements (that pass authentication) answer these faults, one each, in order. */
  public FakeOkx planFaults(Fault... faults) {
    return planFaults(Call.PLACE, faults);
  }

  /** The next calls of this kind answer these faults, one each, in order, before any random draw. */
  public FakeOkx planFaults(Call call, Fault... faults) {
    plans.computeIfAbsent(call, c -> new ConcurrentLinkedQueue<>()).addAll(List.of(faults));
    return this;
  }

  /** Once the plan is used up, each placement draws a fault with these probabilities (seeded). */
  public FakeOkx randomFaults(long seed, Map<Fault, Double> probabilities) {
    return randomFaults(Call.PLACE, seed, probabilities);
  }

  /** Each call of this kind draws a fault with these probabilities (seeded). */
  public FakeOkx randomFaults(Call call, long seed, Map<Fault, Double> probabilities) {
    draws.put(call, new Draw(new Random(seed), new LinkedHashMap<>(probabilities)));
    return this;
  }

  /**
   * One call in every {@code block} of each kind fails (1 in 5: 20%), in every way that applies
   * to it, kinds taken in turn from a shuffled deck (see {@link Deck}); seeded.
   */
  public FakeOkx chaos(long seed, int block) {
    for (Call call : Call.values()) {
      List<Fault> kinds = List.of(Fault.values()).stream().filter(f -> f != Fault.NONE && f.appliesTo(call)).toList();
      draws.put(call, new Deck(new Random(seed + call.ordinal()), kinds, block));
    }
    return this;
  }

  public FakeOkx clearFaults() {
    plans.clear();
    draws.clear();
    return this;
  }

  // ---- what happened

  /** Requests of any kind received, to any path. */
  public int requestsReceived() {
    return requests.get();
  }

  /** Placement requests received, whatever they answered (authentication failures included). */
  public int placementsReceived() {
    return placements.get();
  }

  /** Orders created by placements: distinct clOrdIds (seeded orders left out). */
  public int ordersCreated() {
    return placed.get();
  }

  /** Requests received for this path (fills or fills-history, say), whatever they answered. */
  public int requestsTo(String path) {
    AtomicInteger n = requestsByPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Placements refused with 51016, natural or forced. */
  public int duplicatesRefused() {
    return duplicates.get();
  }

  public int lookupsReceived() {
    return lookups.get();
  }

  public int instrumentRequests() {
    return instrumentRequests.get();
  }

  /** Amends that changed an order (a repeated reqId, answered again, changes nothing and is not counted). */
  public int amendsApplied() {
    return amendsApplied.get();
  }

  /** Private requests refused for authentication (501xx). */
  public int authFailures() {
    return authFailures.get();
  }

  /** The faults injected so far, by kind of call and kind of fault (NONE left out). */
  public Map<Call, Map<Fault, Integer>> injected() {
    Map<Call, Map<Fault, Integer>> counts = new EnumMap<>(Call.class);
    injected.forEach((call, byFault) -> {
      Map<Fault, Integer> copy = new EnumMap<>(Fault.class);
      byFault.forEach((fault, n) -> copy.put(fault, n.get()));
      counts.put(call, copy);
    });
    return counts;
  }

  /** Every order it holds, placed or seeded, in order of creation (as it stands now: a cancel replaces it). */
  public List<Order> orders() {
    return List.copyOf(orderList);
  }

  /** Every fill, in order of booking (billId). */
  public List<FillRow> fills() {
    return List.copyOf(fillList);
  }

  /** Each asset's balance (cashBal) now. */
  public Map<String, BigDecimal> balances() {
    return Map.copyOf(balances);
  }

  public Optional<Order> order(String clOrdId) {
    return Optional.ofNullable(orders.get(clOrdId));
  }

  /** Every placement request, in order of arrival. */
  public List<Arrival> placementArrivals() {
    return List.copyOf(arrivals);
  }

  /** The JSON bodies of the placements that passed authentication. */
  public List<JsonObject> placementBodies() {
    return List.copyOf(placementBodies);
  }

  /** The x-simulated-trading header of each private request ("" when absent). */
  public List<String> simulatedHeaders() {
    return List.copyOf(simulatedHeaders);
  }

  /** The most requests for one instrument that arrived within any 2 s window. */
  public int maxPlacementsPer2s() {
    Map<String, List<Long>> byInst = new HashMap<>();
    for (Arrival a : arrivals) {
      byInst.computeIfAbsent(a.instId(), k -> new ArrayList<>()).add(a.nanos());
    }
    int max = 0;
    for (List<Long> times : byInst.values()) {
      times.sort(Long::compare);
      int start = 0;
      for (int end = 0; end < times.size(); end++) {
        while (times.get(end) - times.get(start) >= WINDOW_NANOS) {
          start++;
        }
        max = Math.max(max, end - start + 1);
      }
    }
    return max;
  }

  // ---- HTTP

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    request.body().onSuccess(body -> {
      String path = request.path();
      requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      boolean get = request.method() == HttpMethod.GET;
      if (swapAccount.serves(request.method(), path)) {
        swapAccount.serve(request, body.toString(StandardCharsets.UTF_8), this::authenticated);
      } else if (get && path.equals(ORDERS_PENDING_PATH)) {
        if (authenticated(request, "")) {
          serveOpenOrders(request);
        }
      } else if (get && (path.equals(FILLS_PATH) || path.equals(FILLS_HISTORY_PATH))) {
        if (authenticated(request, "")) {
          serveFills(request, path.equals(FILLS_HISTORY_PATH));
        }
      } else if (get && path.equals(BALANCE_PATH)) {
        if (authenticated(request, "")) {
          serveBalance(request);
        }
      } else if (request.method() == HttpMethod.POST && path.equals(CANCEL_PATH)) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (authenticated(request, text)) {
          serveCancel(request, text);
        }
      } else if (request.method() == HttpMethod.POST && path.equals(AMEND_PATH)) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (authenticated(request, text)) {
          serveAmend(request, text);
        }
      } else if (get && FakeOkxSwapMarket.serves(path)) {
        swapMarket.handle(request);
      } else if (get && path.equals(INSTRUMENTS_PATH)) {
        instrumentRequests.incrementAndGet();
        instruments(request);
      } else if (path.equals(PLACEMENT_PATH) && request.method() == HttpMethod.POST) {
        place(request, body);
      } else if (path.equals(PLACEMENT_PATH) && request.method() == HttpMethod.GET) {
        lookups.incrementAndGet();
        if (authenticated(request, "")) {
          lookup(request);
        }
      } else {
        request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("code", 404).put("data", new JsonObject()).put("detailMsg", "")
                .put("error_code", "404").put("error_message", "Not Found").put("msg", "Not Found").encode());
      }
    });
  }

  /** OKX's header checks, in its order; answers the refusal itself and returns false when refused. */
  private boolean authenticated(HttpServerRequest request, String body) {
    String simulated = request.getHeader("x-simulated-trading");
    simulatedHeaders.add(simulated == null ? "" : simulated);
    String key = request.getHeader("OK-ACCESS-KEY");
    String sign = request.getHeader("OK-ACCESS-SIGN");
    String timestamp = request.getHeader("OK-ACCESS-TIMESTAMP");
    String pass = request.getHeader("OK-ACCESS-PASSPHRASE");
    if (key == null || key.isEmpty()) {
      return refuse(request, 401, "50103", "Request header OK-ACCESS-KEY cannot be empty.");
    }
    if (sign == null || sign.isEmpty()) {
      return refuse(request, 401, "50104", "Request header OK-ACCESS-SIGN cannot be empty.");
    }
    if (timestamp == null || !TIMESTAMP.matcher(timestamp).matches()) {
      return refuse(request, 401, "50112", "Invalid OK-ACCESS-TIMESTAMP");
    }
    try {
      if (Math.abs(Instant.parse(timestamp).toEpochMilli() - System.currentTimeMillis()) > 30_000) {
        return refuse(request, 401, "50102", "Timestamp request expired");
      }
    } catch (DateTimeParseException e) {
      return refuse(request, 401, "50112", "Invalid OK-ACCESS-TIMESTAMP");
    }
    if (!constantTimeEquals(key, apiKey)) {
      return refuse(request, 401, "50111", "Invalid OK-ACCESS-KEY");
    }
    if (!constantTimeEquals(pass, passphrase)) {
      return refuse(request, 401, "50105", "Invalid OK-ACCESS-PASSPHRASE");
    }
    String expected = hmac(timestamp + request.method().name() + request.uri() + body);
    if (!constantTimeEquals(sign, expected)) {
      return refuse(request, 401, "50113", "Invalid Sign");
    }
    if (demo != "1".equals(simulated)) {
      return refuse(request, 401, "50101", "APIKey does not match current environment.");
    }
    return true;
  }

  private boolean refuse(HttpServerRequest request, int status, String code, String msg) {
    authFailures.incrementAndGet();
    json(request, status, new JsonObject().put("msg", msg).put("code", code));
    return false;
  }

  private void place(HttpServerRequest request, Buffer raw) {
    placements.incrementAndGet();
    long now = System.nanoTime();
    String body = raw.toString(StandardCharsets.UTF_8);
    JsonObject order;
    try {
      order = new JsonObject(body);
    } catch (RuntimeException e) {
      order = new JsonObject();
    }
    String instId = order.getString("instId", "");
    if (!authenticated(request, body)) {
      arrivals.add(new Arrival(now, instId, 401));
      return;
    }
    placementBodies.add(order);
    if (enforceRateLimit && overLimit(instId, now)) {
      arrivals.add(new Arrival(now, instId, 429));
      json(request, 429, new JsonObject().put("msg", "Too Many Requests").put("code", "50011"));
      return;
    }
    arrivals.add(new Arrival(now, instId, 200));
    Fault fault = nextFault(Call.PLACE);
    String clOrdId = order.getString("clOrdId", "");
    if (fault == Fault.DUPLICATE) {
      duplicates.incrementAndGet();
      json(request, 200, failed(clOrdId, "51016", "Duplicated clOrdId"));
      return;
    }
    if (refusedBefore(request, fault)) {
      return;
    }
    boolean swap = swapAccount.isSwap(instId);
    String problem = swap ? swapAccount.validate(order) : validate(order);
    if (problem != null) {
      int colon = problem.indexOf(':');
      answer(request, failed(clOrdId, problem.substring(0, colon), problem.substring(colon + 1)), fault);
      return;
    }
    if (orders.containsKey(clOrdId)) {
      duplicates.incrementAndGet();
      answer(request, failed(clOrdId, "51016", "Duplicated clOrdId"), fault);
      return;
    }
    Order created;
    if (swap) {
      FakeOkxSwapAccount.Placed placed = swapAccount.place(order, Long.toString(nextOrdId.getAndIncrement()),
          fillPrice.apply(instId), System.currentTimeMillis());
      if (placed.problem() != null) {
        int colon = placed.problem().indexOf(':');
        answer(request, failed(clOrdId, placed.problem().substring(0, colon), placed.problem().substring(colon + 1)),
            fault);
        return;
      }
      created = hold(placed.order());
      this.placed.incrementAndGet();
    } else {
      created = create(order);
    }
    answer(request, envelope("0", "", new JsonArray().add(new JsonObject().put("clOrdId", clOrdId)
        .put("ordId", created.ordId()).put("sCode", "0").put("sMsg", "Order placed").put("tag", "")
        .put("ts", Long.toString(System.currentTimeMillis())))), fault);
  }

  /** Answers a fault that refuses the call before it does anything; false when the call goes on. */
  private boolean refusedBefore(HttpServerRequest request, Fault fault) {
    switch (fault) {
      case RATE_LIMITED -> json(request, 429, new JsonObject().put("msg", "Too Many Requests").put("code", "50011"));
      case UNAVAILABLE -> json(request, 503, envelope("50001", "Service temporarily unavailable. Please try again later ",
          new JsonArray()));
      case BUSY -> json(request, 200, envelope("50013", "Systems are busy. Please try again later.", new JsonArray()));
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The answer of a call that did its work, as {@code fault} disfigures it. */
  private void answer(HttpServerRequest request, JsonObject normal, Fault fault) {
    switch (fault) {
      case HTTP_500 -> request.response().setStatusCode(500).putHeader("Content-Type", "text/html")
          .end("<html><body>Internal Server Error</body></html>");
      case UNKNOWN_AFTER_ACCEPT -> json(request, 200, envelope("50004", "Endpoint request timeout. ", new JsonArray()));
      case MALFORMED -> {
        String text = normal.encode();
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
            .end(text.substring(0, text.length() / 2));
      }
      case TIMEOUT_AFTER_ACCEPT -> {
        if (lateAnswerMs >= 0) {
          vertx.setTimer(Math.max(1, lateAnswerMs), id -> {
            if (!request.response().closed() && !request.response().ended()) {
              json(request, 200, normal);
            }
          });
        }
      }
      default -> json(request, 200, normal);
    }
  }

  private synchronized boolean overLimit(String instId, long now) {
    Deque<Long> window = windows.computeIfAbsent(instId, k -> new ArrayDeque<>());
    while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
      window.pollFirst();
    }
    if (window.size() >= WINDOW_LIMIT) {
      return true;
    }
    window.addLast(now);
    return false;
  }

  /** The next fault for a call of this kind (the plan first), counted when it is one. */
  private Fault nextFault(Call call) {
    ConcurrentLinkedQueue<Fault> plan = plans.get(call);
    Fault fault = plan == null ? null : plan.poll();
    if (fault == null) {
      FaultSource draw = draws.get(call);
      fault = draw == null ? Fault.NONE : draw.next();
    }
    if (fault != Fault.NONE) {
      injected.computeIfAbsent(call, c -> new ConcurrentHashMap<>())
          .computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
    }
    return fault;
  }

  /** "sCode:sMsg" of the first problem, or null. */
  private String validate(JsonObject order) {
    JsonObject inst = instruments.get(order.getString("instId", ""));
    if (inst == null) {
      return "51001:Instrument ID does not exist.";
    }
    if (!"cash".equals(order.getString("tdMode"))) {
      return "51000:Parameter tdMode error";
    }
    if (!List.of("buy", "sell").contains(order.getString("side"))) {
      return "51000:Parameter side error";
    }
    String ordType = order.getString("ordType");
    if (!List.of("market", "limit", "post_only", "ioc", "fok").contains(ordType)) {
      return "51000:Parameter ordType error";
    }
    if (!CL_ORD_ID.matcher(order.getString("clOrdId", "")).matches()) {
      return "51000:Parameter clOrdId error";
    }
    BigDecimal sz = decimal(order.getValue("sz"));
    if (sz == null || sz.signum() <= 0) {
      return "51000:Parameter sz error";
    }
    BigDecimal lot = new BigDecimal(inst.getString("lotSz"));
    BigDecimal min = new BigDecimal(inst.getString("minSz"));
    boolean quoteSized = isQuoteSizedMarketBuy(order);
    if (!quoteSized && sz.compareTo(min) < 0) {
      return "51020:Order amount should be greater than the min available amount.";
    }
    if (!quoteSized && sz.remainder(lot).signum() != 0) {
      return "51121:Order quantity must be a multiple of the lot size.";
    }
    if (!"market".equals(ordType)) {
      BigDecimal px = decimal(order.getValue("px"));
      if (px == null || px.signum() <= 0) {
        return "51000:Parameter px error";
      }
      if (px.remainder(new BigDecimal(inst.getString("tickSz"))).signum() != 0) {
        return "51000:Parameter px error";
      }
    }
    return null;
  }

  private static boolean isQuoteSizedMarketBuy(JsonObject order) {
    return "market".equals(order.getString("ordType")) && "buy".equals(order.getString("side"))
        && !"base_ccy".equals(order.getString("tgtCcy"));
  }

  private Order create(JsonObject o) {
    String instId = o.getString("instId");
    JsonObject inst = instruments.get(instId);
    BigDecimal sz = decimal(o.getValue("sz"));
    String ordType = o.getString("ordType");
    boolean market = "market".equals(ordType);
    BigDecimal px = market ? null : decimal(o.getValue("px"));
    BigDecimal at = fillPrice.apply(instId);
    // The fake's book is one level at fillPrice, as deep as any order: a limit crosses it or not.
    boolean crosses = px != null && ("buy".equals(o.getString("side")) ? at.compareTo(px) <= 0 : at.compareTo(px) >= 0);
    boolean takes = market || crosses && List.of("ioc", "fok").contains(ordType);
    String state;
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal avg = null;
    BigDecimal fee = BigDecimal.ZERO;
    if (takes) {
      BigDecimal price = at;
      BigDecimal lot = new BigDecimal(inst.getString("lotSz"));
      filled = isQuoteSizedMarketBuy(o)
          ? sz.divide(price, lot.scale(), RoundingMode.DOWN)
          : sz;
      state = "filled";
      avg = price;
      fee = filled.multiply(price).multiply(new BigDecimal("-0.001")).stripTrailingZeros();
    } else if (List.of("ioc", "fok").contains(ordType) || "post_only".equals(ordType) && crosses) {
      state = "canceled"; // nothing within the price; a post-only that would take is cancelled by OKX (cancelSource 31)
    } else {
      state = "live"; // a limit order rests here even when it crosses: no test needs it to take
    }
    Order order = new Order(Long.toString(nextOrdId.getAndIncrement()), o.getString("clOrdId"), instId,
        o.getString("side"), ordType, sz, px,
        o.getString("tgtCcy", ""), state, filled, avg, fee, inst.getString("quoteCcy"), System.currentTimeMillis());
    placed.incrementAndGet();
    hold(order);
    if (takes) {
      fill(order.ordId(), order.clOrdId(), instId, order.side(), filled, avg, fee, order.feeCcy(), "T", order.cTime());
    }
    return order;
  }

  private synchronized Order hold(Order order) {
    requireNew(order.clOrdId());
    orders.put(order.clOrdId(), order);
    orderList.add(order);
    return order;
  }

  private void requireNew(String clOrdId) {
    if (orders.containsKey(clOrdId)) {
      throw new IllegalStateException("the fake already holds an order " + clOrdId);
    }
  }

  /** Replaces an order by its new state, where it stood in the list. */
  private synchronized void replace(Order updated) {
    orders.put(updated.clOrdId(), updated);
    for (int i = 0; i < orderList.size(); i++) {
      if (orderList.get(i).clOrdId().equals(updated.clOrdId())) {
        orderList.set(i, updated);
        return;
      }
    }
  }

  /** Books a fill and moves the balances: base and quote by side, the fee (negative) in its asset. */
  private void fill(String ordId, String clOrdId, String instId, String side, BigDecimal size, BigDecimal price,
                    BigDecimal fee, String feeCcy, String execType, long ts) {
    fillList.add(new FillRow(Long.toString(nextBillId.getAndIncrement()), Long.toString(nextTradeId.getAndIncrement()),
        ordId, clOrdId, instId, side, size, price, fee, feeCcy, execType, ts));
    String[] assets = assets(instId);
    boolean buy = "buy".equals(side);
    BigDecimal notional = size.multiply(price);
    balances.merge(assets[0], buy ? size : size.negate(), BigDecimal::add);
    balances.merge(assets[1], buy ? notional.negate() : notional, BigDecimal::add);
    balances.merge(feeCcy, fee, BigDecimal::add);
  }

  /** Base and quote asset of an instrument id. */
  private static String[] assets(String instId) {
    int dash = instId.indexOf('-');
    return new String[] {instId.substring(0, dash), instId.substring(dash + 1)};
  }

  /** OKX charges a spot buy in the base asset, a sell in the quote asset. */
  private static String feeCcy(String instId, String side) {
    return assets(instId)["buy".equals(side) ? 0 : 1];
  }

  private void lookup(HttpServerRequest request) {
    Fault fault = nextFault(Call.LOOKUP);
    if (refusedBefore(request, fault)) {
      return;
    }
    String instId = request.getParam("instId");
    String clOrdId = request.getParam("clOrdId");
    String ordId = request.getParam("ordId");
    if (instId == null || instId.isEmpty()) {
      answer(request, envelope("51000", "Parameter instId error", new JsonArray()), fault);
      return;
    }
    Order found = null;
    if (clOrdId != null && !clOrdId.isEmpty()) {
      found = orders.get(clOrdId);
    } else if (ordId != null) {
      found = orderList.stream().filter(o -> o.ordId().equals(ordId)).findFirst().orElse(null);
    }
    if (found == null || !found.instId().equals(instId)) {
      answer(request, envelope("51603", "Order does not exist", new JsonArray()), fault);
      return;
    }
    answer(request, envelope("0", "", new JsonArray().add(orderJson(found))), fault);
  }

  /** An order row as OKX's order details and orders-pending give it (the fields of the recorded orders-pending answer). */
  private JsonObject orderJson(Order o) {
    boolean filled = o.accFillSz().signum() > 0;
    Optional<FillRow> last = fillList.stream().filter(f -> f.ordId().equals(o.ordId())).reduce((a, b) -> b);
    String cTime = Long.toString(o.cTime());
    String uTime = last.map(f -> Long.toString(f.ts())).orElse(cTime);
    String quote = assets(o.instId())[1];
    JsonObject row = new JsonObject()
        .put("instType", "SPOT").put("instId", o.instId()).put("ccy", "").put("ordId", o.ordId())
        .put("clOrdId", o.clOrdId()).put("tag", "").put("px", o.px() == null ? "" : o.px().toPlainString())
        .put("pxUsd", "").put("pxVol", "").put("pxType", "")
        .put("sz", o.sz().toPlainString()).put("pnl", "0").put("ordType", o.ordType()).put("side", o.side())
        .put("posSide", "net").put("tdMode", "cash").put("accFillSz", o.accFillSz().toPlainString())
        .put("fillPx", last.map(f -> f.fillPx().toPlainString()).orElse(""))
        .put("tradeId", last.map(FillRow::tradeId).orElse(""))
        .put("fillSz", last.map(f -> f.fillSz().toPlainString()).orElse("0"))
        .put("fillTime", last.map(f -> Long.toString(f.ts())).orElse(""))
        .put("avgPx", filled ? o.avgPx().toPlainString() : "").put("state", o.state()).put("lever", "")
        .put("algoClOrdId", "").put("algoId", "").put("attachAlgoClOrdId", "").put("attachAlgoOrds", new JsonArray())
        .put("linkedAlgoOrd", new JsonObject().put("algoId", "")).put("isTpLimit", "false")
        .put("tpTriggerPx", "").put("tpTriggerPxType", "").put("tpOrdPx", "")
        .put("slTriggerPx", "").put("slTriggerPxType", "").put("slOrdPx", "")
        .put("stpId", "").put("stpMode", "cancel_maker").put("quickMgnType", "").put("reduceOnly", "false")
        .put("source", "").put("cancelSource", "").put("cancelSourceReason", "")
        .put("tgtCcy", o.tgtCcy()).put("feeCcy", o.feeCcy()).put("fee", o.fee().toPlainString())
        .put("rebateCcy", o.feeCcy()).put("rebate", "0").put("category", "normal").put("tradeQuoteCcy", quote)
        .put("uTime", uTime).put("cTime", cTime);
    return swapAccount.decorate(o, row);
  }

  /** A fill row as /trade/fills gives it (the fields of the recorded fills answer). */
  private static JsonObject fillJson(FillRow f) {
    String ts = Long.toString(f.ts());
    return new JsonObject()
        .put("instType", "SPOT").put("instId", f.instId()).put("tradeId", f.tradeId()).put("ordId", f.ordId())
        .put("clOrdId", f.clOrdId()).put("billId", f.billId()).put("subType", "buy".equals(f.side()) ? "1" : "2")
        .put("tag", "").put("side", f.side()).put("posSide", "net").put("execType", f.execType())
        .put("fillSz", f.fillSz().toPlainString()).put("fillPx", f.fillPx().toPlainString())
        .put("fillPxVol", "").put("fillFwdPx", "").put("fillPxUsd", "").put("fillMarkVol", "").put("fillMarkPx", "")
        .put("fillIdxPx", "").put("fillPnl", "0").put("feeRate", FEE_RATE.toPlainString())
        .put("fee", f.fee().toPlainString()).put("feeCcy", f.feeCcy()).put("tradeQuoteCcy", assets(f.instId())[1])
        .put("fillTime", ts).put("ts", ts);
  }

  private void serveOpenOrders(HttpServerRequest request) {
    Fault fault = nextFault(Call.OPEN_ORDERS);
    if (refusedBefore(request, fault)) {
      return;
    }
    Integer limit = pageLimit(request);
    Long after = optionalNumber(request, "after");
    if (limit == null || bad(after)) {
      answer(request, envelope("51000", "Parameter " + (limit == null ? "limit" : "after") + " error", new JsonArray()),
          fault);
      return;
    }
    String instType = request.getParam("instType");
    String instId = request.getParam("instId");
    JsonArray data = new JsonArray();
    orderList.stream()
        .filter(o -> o.state().equals("live") || o.state().equals("partially_filled"))
        .filter(o -> instType == null || instType.isEmpty()
            || instType.equals(swapAccount.isSwap(o.instId()) ? "SWAP" : "SPOT"))
        .filter(o -> instId == null || instId.isEmpty() || instId.equals(o.instId()))
        .filter(o -> after == null || Long.parseLong(o.ordId()) < after)
        .sorted((a, b) -> Long.compare(Long.parseLong(b.ordId()), Long.parseLong(a.ordId())))
        .limit(limit)
        .forEach(o -> data.add(orderJson(o)));
    answer(request, envelope("0", "", data), fault);
  }

  /** /fills keeps 3 days, /fills-history 90 (OKX: 3 months) and wants instType. */
  private void serveFills(HttpServerRequest request, boolean history) {
    Fault fault = nextFault(Call.FILLS);
    if (refusedBefore(request, fault)) {
      return;
    }
    String instType = request.getParam("instType");
    if (history && (instType == null || instType.isEmpty())) {
      answer(request, envelope("50014", "Parameter instType can not be empty.", new JsonArray()), fault);
      return;
    }
    Integer limit = pageLimit(request);
    Long after = optionalNumber(request, "after");
    Long begin = optionalNumber(request, "begin");
    Long end = optionalNumber(request, "end");
    if (limit == null || bad(after) || bad(begin) || bad(end)) {
      answer(request, envelope("51000", "Parameter error", new JsonArray()), fault);
      return;
    }
    long kept = System.currentTimeMillis() - (history ? 90 : 3) * DAY_MS;
    String instId = request.getParam("instId");
    String ordId = request.getParam("ordId");
    JsonArray data = new JsonArray();
    fillList.stream()
        .filter(f -> f.ts() >= kept)
        .filter(f -> instType == null || instType.isEmpty() || instType.equals("SPOT"))
        .filter(f -> instId == null || instId.isEmpty() || instId.equals(f.instId()))
        .filter(f -> ordId == null || ordId.isEmpty() || ordId.equals(f.ordId()))
        .filter(f -> begin == null || f.ts() > begin)
        .filter(f -> end == null || f.ts() < end)
        .filter(f -> after == null || Long.parseLong(f.billId()) < after)
        .sorted((a, b) -> Long.compare(Long.parseLong(b.billId()), Long.parseLong(a.billId())))
        .limit(limit)
        .forEach(f -> data.add(fillJson(f)));
    answer(request, envelope("0", "", data), fault);
  }

  /** The trading account's assets, as the recorded balance answer gives them. */
  private void serveBalance(HttpServerRequest request) {
    Fault fault = nextFault(Call.BALANCE);
    if (refusedBefore(request, fault)) {
      return;
    }
    String ccyParam = request.getParam("ccy");
    List<String> wanted = ccyParam == null || ccyParam.isEmpty() ? null : List.of(ccyParam.split(","));
    Map<String, BigDecimal> frozen = new HashMap<>();
    for (Order o : orderList) {
      if ((o.state().equals("live") || o.state().equals("partially_filled")) && !swapAccount.isSwap(o.instId())) {
        BigDecimal left = o.sz().subtract(o.accFillSz());
        boolean buy = "buy".equals(o.side());
        frozen.merge(assets(o.instId())[buy ? 1 : 0], buy ? left.multiply(o.px()) : left, BigDecimal::add);
      }
    }
    String now = Long.toString(System.currentTimeMillis());
    JsonArray details = new JsonArray();
    new java.util.TreeMap<>(balances).forEach((ccy, cash) -> {
      if (cash.signum() == 0 || (wanted != null && !wanted.contains(ccy))) {
        return;
      }
      BigDecimal held = frozen.getOrDefault(ccy, BigDecimal.ZERO);
      details.add(new JsonObject()
          .put("ccy", ccy).put("cashBal", plain(cash)).put("eq", plain(cash)).put("availBal", plain(cash.subtract(held)))
          .put("frozenBal", plain(held)).put("ordFrozen", plain(held)).put("availEq", "").put("accAvgPx", "")
          .put("borrowFroz", "").put("clSpotInUseAmt", "").put("collateralEnabled", false).put("crossLiab", "")
          .put("disEq", "0").put("eqUsd", "0").put("fixedBal", "0").put("imr", "").put("interest", "")
          .put("isoEq", "").put("isoLiab", "").put("isoUpl", "").put("liab", "").put("maxLoan", "")
          .put("maxSpotInUseAmt", "").put("mgnRatio", "").put("mmr", "").put("notionalLever", "")
          .put("openAvgPx", "").put("rewardBal", "0").put("smtSyncEq", "0").put("spotBal", "")
          .put("spotCopyTradingEq", "0").put("spotInUseAmt", "").put("spotIsoBal", "0").put("spotUpl", "")
          .put("spotUplRatio", "").put("stgyEq", "0").put("totalPnl", "").put("totalPnlRatio", "").put("twap", "0")
          .put("uTime", now).put("upl", "").put("uplLiab", ""));
    });
    JsonObject account = new JsonObject()
        .put("adjEq", "").put("borrowFroz", "").put("details", details).put("imr", "").put("isoEq", "0")
        .put("mgnRatio", "").put("mmr", "").put("notionalUsd", "").put("notionalUsdForBorrow", "")
        .put("notionalUsdForFutures", "").put("notionalUsdForOption", "").put("notionalUsdForSwap", "")
        .put("ordFroz", "").put("totalEq", "0").put("uTime", now).put("upl", "");
    answer(request, envelope("0", "", new JsonArray().add(account)), fault);
  }

  /** A cancel's or an amend's body (unreadable: empty) and the fault planned for it. */
  private record OrderCall(JsonObject body, Fault fault) {}

  /**
   * Opens a cancel or an amend as OKX counts them, per instrument ({@code limit} names the
   * count): over its limit it is answered 429 50011, or a fault planned to refuse it is answered;
   * then empty, nothing done.
   */
  private Optional<OrderCall> orderCall(HttpServerRequest request, String body, Call call, String limit) {
    JsonObject read;
    try {
      read = new JsonObject(body);
    } catch (RuntimeException e) {
      read = new JsonObject();
    }
    if (enforceRateLimit && overLimit(limit + " " + read.getString("instId", ""), System.nanoTime())) {
      json(request, 429, new JsonObject().put("msg", "Too Many Requests").put("code", "50011"));
      return Optional.empty();
    }
    Fault fault = nextFault(call);
    return refusedBefore(request, fault) ? Optional.empty() : Optional.of(new OrderCall(read, fault));
  }

  /** Cancels by ordId (first) or clOrdId, per instrument: a live order turns canceled, anything else is refused. */
  private void serveCancel(HttpServerRequest request, String body) {
    Optional<OrderCall> call = orderCall(request, body, Call.CANCEL, "cancel");
    if (call.isEmpty()) {
      return;
    }
    JsonObject order = call.get().body();
    Fault fault = call.get().fault();
    String instId = order.getString("instId", "");
    String clOrdId = order.getString("clOrdId", "");
    String ordId = order.getString("ordId", "");
    if (instId.isEmpty()) {
      answer(request, envelope("51000", "Parameter instId error", new JsonArray()), fault);
      return;
    }
    if (clOrdId.isEmpty() && ordId.isEmpty()) {
      answer(request, envelope("51003", "Either client order ID or order ID is required.", new JsonArray()), fault);
      return;
    }
    JsonObject answer;
    synchronized (this) {
      Order found = !ordId.isEmpty()
          ? orderList.stream().filter(o -> o.ordId().equals(ordId)).findFirst().orElse(null)
          : orders.get(clOrdId);
      if (found == null || !found.instId().equals(instId)) {
        answer = failed(clOrdId, "51400",
            "Order cancellation failed as the order has been filled, canceled or does not exist.");
      } else if (found.state().equals("live") || found.state().equals("partially_filled")) {
        replace(new Order(found.ordId(), found.clOrdId(), found.instId(), found.side(), found.ordType(), found.sz(),
            found.px(), found.tgtCcy(), "canceled", found.accFillSz(), found.avgPx(), found.fee(), found.feeCcy(),
            found.cTime()));
        answer = envelope("0", "", new JsonArray().add(new JsonObject().put("clOrdId", found.clOrdId())
            .put("ordId", found.ordId()).put("ts", Long.toString(System.currentTimeMillis())).put("sCode", "0")
            .put("sMsg", "")));
      } else if (cancelCodesPerState && found.state().equals("filled")) {
        answer = failed(clOrdId, "51402", "Cancellation failed as the order is already completed.");
      } else if (cancelCodesPerState) {
        answer = failed(clOrdId, "51401", "Cancellation failed as the order is already canceled.");
      } else {
        answer = failed(clOrdId, "51400",
            "Order cancellation failed as the order has been filled, canceled or does not exist.");
      }
    }
    answer(request, answer, fault);
  }

  /**
   * Amends a live order's px and sz, by ordId (first) or clOrdId, per instrument. Refused as OKX's
   * code table says: 51503 for a filled or canceled order (and, as the fake reads it, an unknown
   * one: the table gives "does not exist" for Nitro Spread only), 51511 for a post_only order whose
   * new price would take; 51500 when neither newSz nor newPx is given. A new size at or below what
   * has filled ends the order as filled, as the amend-order doc says (not a refusal). A price off
   * the tick (51000 "Parameter newPx error") and a size off the lot (51121) are refused as a
   * placement's are: OKX's docs name no code for them on an amend. A reqId already used with the
   * order gets the answer it got then and changes nothing again; OKX documents reqId only as
   * echoed back. cxlOnFail true is not modelled (a refused amend never cancels here).
   */
  private void serveAmend(HttpServerRequest request, String body) {
    Optional<OrderCall> call = orderCall(request, body, Call.AMEND, "amend");
    if (call.isEmpty()) {
      return;
    }
    JsonObject amend = call.get().body();
    Fault fault = call.get().fault();
    String instId = amend.getString("instId", "");
    String clOrdId = amend.getString("clOrdId", "");
    String ordId = amend.getString("ordId", "");
    String reqId = amend.getString("reqId", "");
    JsonObject inst = instruments.get(instId);
    if (inst == null) {
      answer(request, envelope("51001", "Instrument ID does not exist.", new JsonArray()), fault);
      return;
    }
    if (clOrdId.isEmpty() && ordId.isEmpty()) {
      answer(request, envelope("51003", "Either client order ID or order ID is required.", new JsonArray()), fault);
      return;
    }
    String newSzText = amend.getValue("newSz") == null ? "" : amend.getValue("newSz").toString();
    String newPxText = amend.getValue("newPx") == null ? "" : amend.getValue("newPx").toString();
    BigDecimal newSz = decimal(newSzText.isEmpty() ? null : newSzText);
    BigDecimal newPx = decimal(newPxText.isEmpty() ? null : newPxText);
    String problem = newSzText.isEmpty() && newPxText.isEmpty() ? "51500:You must enter a price, quantity, or TP/SL"
        : !reqId.isEmpty() && !CL_ORD_ID.matcher(reqId).matches() ? "51000:Parameter reqId error"
        : !newSzText.isEmpty() && (newSz == null || newSz.signum() <= 0) ? "51000:Parameter newSz error"
        : !newPxText.isEmpty() && (newPx == null || newPx.signum() <= 0) ? "51000:Parameter newPx error"
        : amend.containsKey("cxlOnFail") && !(amend.getValue("cxlOnFail") instanceof Boolean)
            ? "51000:Parameter cxlOnFail error" : null;
    if (problem != null) {
      answer(request, amendFailed(clOrdId, reqId, problem), fault);
      return;
    }
    JsonObject answer;
    synchronized (this) {
      Order found = !ordId.isEmpty()
          ? orderList.stream().filter(o -> o.ordId().equals(ordId)).findFirst().orElse(null)
          : orders.get(clOrdId);
      if (found == null || !found.instId().equals(instId)) {
        answer = amendFailed(clOrdId, reqId, "51503:Your order has already been filled or canceled.");
      } else {
        String key = found.ordId() + "/" + reqId;
        JsonObject before = reqId.isEmpty() ? null : amendAnswers.get(key);
        answer = before != null ? before.copy() : amendOrder(found, reqId, newSz, newPx, inst);
        if (!reqId.isEmpty()) {
          amendAnswers.putIfAbsent(key, answer.copy());
        }
      }
    }
    answer(request, answer, fault);
  }

  /** The answer of an amend of this order, which it changes when the amend is good. */
  private JsonObject amendOrder(Order found, String reqId, BigDecimal newSz, BigDecimal newPx, JsonObject inst) {
    if (!found.state().equals("live") && !found.state().equals("partially_filled")) {
      return amendFailed(found.clOrdId(), reqId, "51503:Your order has already been filled or canceled.");
    }
    if (newPx != null && newPx.remainder(new BigDecimal(inst.getString("tickSz"))).signum() != 0) {
      return amendFailed(found.clOrdId(), reqId, "51000:Parameter newPx error");
    }
    if (newSz != null && newSz.remainder(new BigDecimal(inst.getString("lotSz"))).signum() != 0) {
      return amendFailed(found.clOrdId(), reqId, "51121:Order quantity must be a multiple of the lot size.");
    }
    BigDecimal px = newPx == null ? found.px() : newPx;
    BigDecimal at = fillPrice.apply(found.instId());
    boolean crosses = "buy".equals(found.side()) ? at.compareTo(px) <= 0 : at.compareTo(px) >= 0;
    if ("post_only".equals(found.ordType()) && crosses) {
      return amendFailed(found.clOrdId(), reqId,
          "51511:Modification failed as the order price did not meet the requirement for Post Only.");
    }
    BigDecimal sz = newSz == null ? found.sz() : newSz;
    // At or below what has filled, OKX ends the order as filled; it does not say what sz then shows.
    boolean ends = found.accFillSz().signum() > 0 && sz.compareTo(found.accFillSz()) <= 0;
    replace(new Order(found.ordId(), found.clOrdId(), found.instId(), found.side(), found.ordType(),
        ends ? found.accFillSz() : sz, px, found.tgtCcy(), ends ? "filled" : found.state(), found.accFillSz(),
        found.avgPx(), found.fee(), found.feeCcy(), found.cTime()));
    amendsApplied.incrementAndGet();
    return envelope("0", "", new JsonArray().add(new JsonObject().put("clOrdId", found.clOrdId())
        .put("ordId", found.ordId()).put("reqId", reqId).put("sCode", "0").put("sMsg", "")));
  }

  private static JsonObject amendFailed(String clOrdId, String reqId, String problem) {
    int colon = problem.indexOf(':');
    return envelope("1", "All operations failed", new JsonArray().add(new JsonObject().put("clOrdId", clOrdId)
        .put("ordId", "").put("reqId", reqId).put("sCode", problem.substring(0, colon))
        .put("sMsg", problem.substring(colon + 1))));
  }

  /** {@code limit}: 100 when absent, null when not 1 to 100. */
  private static Integer pageLimit(HttpServerRequest request) {
    String text = request.getParam("limit");
    if (text == null || text.isEmpty()) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(text);
      return limit >= 1 && limit <= 100 ? limit : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A numeric parameter: null when absent, Long.MIN_VALUE when not a number. */
  private static Long optionalNumber(HttpServerRequest request, String name) {
    String text = request.getParam(name);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  private static boolean bad(Long number) {
    return number != null && number == Long.MIN_VALUE;
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private void instruments(HttpServerRequest request) {
    Fault fault = nextFault(Call.INSTRUMENTS);
    if (refusedBefore(request, fault)) {
      return;
    }
    String type = request.getParam("instType");
    if (type == null || type.isEmpty()) {
      answer(request, envelope("51000", "Parameter instType error", new JsonArray()), fault);
      return;
    }
    String instId = request.getParam("instId");
    Map<String, JsonObject> listed = type.equals("SWAP") ? swaps() : instruments;
    JsonArray data = new JsonArray();
    if (instId == null || instId.isEmpty()) {
      listed.values().forEach(data::add);
    } else if (listed.containsKey(instId)) {
      data.add(listed.get(instId));
    } else {
      answer(request, envelope("51001", "Instrument ID does not exist", new JsonArray()), fault);
      return;
    }
    answer(request, envelope("0", "", data), fault);
  }

  // ---- helpers

  /** The recorded swap listing's rows by instId; none without the recordings (a test needing them skips). */
  private Map<String, JsonObject> swaps() {
    Map<String, JsonObject> loaded = swaps;
    if (loaded == null) {
      loaded = new LinkedHashMap<>();
      Path file = SharedData.dir().resolve(swapListing);
      if (Files.isReadable(file)) {
        try {
          JsonArray rows = new JsonObject(Files.readString(file)).getJsonArray("data");
          for (int i = 0; i < rows.size(); i++) {
            loaded.put(rows.getJsonObject(i).getString("instId"), rows.getJsonObject(i));
          }
        } catch (java.io.IOException e) {
          throw new IllegalStateException("cannot read " + file, e);
        }
      }
      swaps = loaded;
    }
    return loaded;
  }

  /** A real 2022 SPOT listing when the shared recordings are present, else the subset's rows built in. */
  private static Map<String, JsonObject> loadInstruments(String listing) {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    Path file = SharedData.dir().resolve(listing);
    JsonArray rows;
    if (Files.isReadable(file)) {
      try {
        rows = new JsonObject(Files.readString(file)).getJsonArray("data");
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    } else {
      rows = new JsonArray()
          .add(row("BTC-USDT", "BTC", "USDT", "0.1", "0.00000001", "0.00001"))
          .add(row("ETH-USDT", "ETH", "USDT", "0.01", "0.000001", "0.001"))
          .add(row("ETH-BTC", "ETH", "BTC", "0.00001", "0.000001", "0.001"))
          .add(row("BTC-USDC", "BTC", "USDC", "0.1", "0.00000001", "0.00001"));
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      byId.put(r.getString("instId"), r);
    }
    return byId;
  }

  private static JsonObject row(String instId, String base, String quote, String tick, String lot, String min) {
    return new JsonObject().put("instType", "SPOT").put("instId", instId).put("baseCcy", base).put("quoteCcy", quote)
        .put("tickSz", tick).put("lotSz", lot).put("minSz", min).put("state", "live");
  }

  private static JsonObject envelope(String code, String msg, JsonArray data) {
    long micros = System.currentTimeMillis() * 1000;
    return new JsonObject().put("code", code).put("msg", msg).put("data", data)
        .put("inTime", Long.toString(micros)).put("outTime", Long.toString(micros + 150));
  }

  private static JsonObject failed(String clOrdId, String sCode, String sMsg) {
    return envelope("1", "All operations failed", new JsonArray().add(new JsonObject().put("clOrdId", clOrdId)
        .put("ordId", "").put("sCode", sCode).put("sMsg", sMsg).put("tag", "")
        .put("ts", Long.toString(System.currentTimeMillis()))));
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static BigDecimal decimal(Object value) {
    try {
      return value == null ? null : new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String hmac(String prehash) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    try {
      server.close().await();
    } finally {
      if (ownVertx) {
        vertx.close().await();
      }
    }
  }
}
