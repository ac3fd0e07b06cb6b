package dev.mariposa.testing;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The perpetual swap side of {@link FakeOkx}'s account, in OKX's wire protocol: GET
 * /api/v5/account/config (posMode, net_mode by default, settable), POST /api/v5/account/set-leverage
 * (recorded; refused as OKX's error table says), GET /api/v5/account/positions and
 * /api/v5/account/bills (the field sets of the recorded answers in ../shared/data/okx/swap), GET
 * /api/v5/public/position-tiers, and SWAP placements that FakeOkx hands over.
 *
 * <p>Positions are kept per instId and posSide (net, long, short) in contracts, with their average
 * price. A fill is taken at the price FakeOkx fills at, charged the taker fee ({@link #TAKER_FEE} of
 * the notional, in USDT). Isolated margin is notional / leverage, moved out of the USDT balance
 * (cashBal) when a position opens or grows and back, with the profit or loss, when it shrinks;
 * cross margin stays in the balance and only counts against what is available. An order needing
 * more margin and fee than is available is refused with 51008. The liquidation price of an
 * isolated position is where its margin ratio, (margin + upl) / (|contracts| × ctVal × mark ×
 * (mmr + taker fee)), falls to 100 %, as OKX documents for isolated linear swaps: with q =
 * contracts × ctVal, a long's is (q·avgPx − margin) / (q·(1 − mmr − fee)), a short's
 * (margin + q·avgPx) / (q·(1 + mmr + fee)), mmr that of tier 1 ({@link #tierMmr}); a cross
 * position's is "" (as in the recorded cross positions). Unrealized PnL is on the mark price
 * ({@link #markPrices}; FakeOkx's fill price unless set).
 *
 * <p>Reduce-only (net mode) and closes (long/short mode) are refused with OKX's codes: 51169 when
 * there is no position in that direction, 51170 when a reduce-only order trades in the position's
 * direction, 51112 when it is larger than the position (which would flip it: OKX's table does not
 * say which code it gives then; 51112 "Close order size exceeds available size" is the nearest).
 * A leverage never set is 1x here (OKX's default is not documented). Limit orders that do not take
 * rest without margin held for them. Funding is paid on demand ({@link #payFunding}), booked as a
 * bill of type 8.
 */
public final class FakeOkxSwapAccount {
  public static final String CONFIG_PATH = "/api/v5/account/config";
  public static final String SET_LEVERAGE_PATH = "/api/v5/account/set-leverage";
  public static final String POSITIONS_PATH = "/api/v5/account/positions";
  public static final String BILLS_PATH = "/api/v5/account/bills";
  public static final String POSITION_TIERS_PATH = "/api/v5/public/position-tiers";
  /** OKX's swap taker fee at the lowest tier, 0.05 % (as a rate; charged, so negated in fee fields). */
  public static final BigDecimal TAKER_FEE = new BigDecimal("0.0005");
  private static final String CONFIG_SAMPLE = "okx/swap/private_account_samples.json";
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  /** One position as the fake keeps it: signed contracts in net mode, positive otherwise. */
  public record Position(String instId, String posSide, String mgnMode, int lever, BigDecimal pos, BigDecimal avgPx,
                         BigDecimal margin, BigDecimal fee, BigDecimal fundingFee, BigDecimal realizedPnl,
                         long cTime) {}

  /** A swap order's own terms, for its order rows. */
  private record Terms(String tdMode, String posSide, boolean reduceOnly, int lever) {}

  private final Function<String, JsonObject> swapRows;
  private final Map<String, BigDecimal> balances;
  private volatile Function<String, BigDecimal> marks;
  private volatile String posMode = "net_mode";
  /** What account config says, when a test makes it disagree with what orders are held to. */
  private volatile String reportedPosMode;
  private volatile BigDecimal tier1Mmr = new BigDecimal("0.004");
  private final Map<String, Integer> levers = new HashMap<>();
  private final Map<String, Position> positions = new LinkedHashMap<>();
  private final Map<String, Terms> terms = new HashMap<>();
  private final List<JsonObject> leverageCalls = new CopyOnWriteArrayList<>();
  private final Deque<String> leverageRefusals = new ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger lostLeverageAnswers = new java.util.concurrent.atomic.AtomicInteger();
  private final List<JsonObject> bills = new CopyOnWriteArrayList<>();
  private final AtomicLong nextBillId = new AtomicLong(377970609204146187L);
  private final AtomicLong nextPosId = new AtomicLong(653944598162657280L);
  private final Map<String, String> posIds = new HashMap<>();

  FakeOkxSwapAccount(Function<String, JsonObject> swapRows, Map<String, BigDecimal> balances,
                     Function<String, BigDecimal> fillPrices) {
    this.swapRows = swapRows;
    this.balances = balances;
    this.marks = fillPrices;
  }

  // ---- what tests set

  /** The account's position mode: {@code net_mode} or {@code long_short_mode}. */
  public FakeOkxSwapAccount posMode(String mode) {
    if (!mode.equals("net_mode") && !mode.equals("long_short_mode")) {
      throw new IllegalArgumentException("posMode is net_mode or long_short_mode, not " + mode);
    }
    this.posMode = mode;
    return this;
  }

  /** Account config answers this posMode while orders are still held to {@link #posMode}: an account OKX misreports. */
  public FakeOkxSwapAccount configReports(String mode) {
    this.reportedPosMode = mode;
    return this;
  }

  /** Mark prices by instId (for upl, liqPx and funding); FakeOkx's fill price unless set. */
  public FakeOkxSwapAccount markPrices(Function<String, BigDecimal> byInstId) {
    this.marks = byInstId;
    return this;
  }

  /** The maintenance margin rate of tier 1 (0.004 unless set), as position tiers answer and liqPx uses. */
  public FakeOkxSwapAccount tierMmr(BigDecimal mmr) {
    this.tier1Mmr = mmr;
    return this;
  }

  /** The next set-leverage calls are refused with these "code:msg", one each (after their checks pass). */
  public synchronized FakeOkxSwapAccount refuseLeverage(String... codeAndMessage) {
    leverageRefusals.addAll(List.of(codeAndMessage));
    return this;
  }

  /** The next {@code n} set-leverage calls are processed and never answered (the answer lost on the way). */
  public FakeOkxSwapAccount loseLeverageAnswers(int n) {
    lostLeverageAnswers.set(n);
    return this;
  }

  /**
   * Pays funding at {@code rate} on every position of {@code instId}, now: a long pays rate × its
   * notional at the mark (earns when negative), a short the other way; a bill of type 8 each.
   */
  public synchronized List<JsonObject> payFunding(String instId, BigDecimal rate, long ts) {
    JsonObject inst = swapRows.apply(instId);
    BigDecimal ctVal = new BigDecimal(inst.getString("ctVal")).multiply(new BigDecimal(inst.getString("ctMult")));
    BigDecimal mark = marks.apply(instId);
    List<JsonObject> booked = new ArrayList<>();
    for (Position p : List.copyOf(positions.values())) {
      if (!p.instId().equals(instId)) {
        continue;
      }
      boolean longSide = isLong(p);
      BigDecimal notional = p.pos().abs().multiply(ctVal).multiply(mark);
      BigDecimal amount = rate.multiply(notional).negate();
      amount = longSide ? amount : amount.negate();
      balances.merge(settle(inst), amount, BigDecimal::add);
      positions.put(key(p), new Position(p.instId(), p.posSide(), p.mgnMode(), p.lever(), p.pos(), p.avgPx(),
          p.margin(), p.fee(), p.fundingFee().add(amount), p.realizedPnl().add(amount), p.cTime()));
      JsonObject bill = bill(p, inst, amount, amount.signum() < 0 ? "173" : "174", "8", BigDecimal.ZERO, ts, "");
      bills.add(bill);
      booked.add(bill);
    }
    return booked;
  }

  // ---- what happened

  /** The bodies of every set-leverage request that passed authentication, in order. */
  public List<JsonObject> leverageCalls() {
    return List.copyOf(leverageCalls);
  }

  /** The lever OKX holds for this setting (posSide "" unless isolated in long_short_mode); 1 when never set. */
  public synchronized int lever(String instId, String mgnMode, String posSide) {
    return levers.getOrDefault(instId + "/" + mgnMode + "/" + posSide, 1);
  }

  public synchronized Optional<Position> position(String instId, String posSide) {
    return Optional.ofNullable(positions.get(instId + "/" + posSide));
  }

  /** The position row as GET positions gives it (the field set of the recorded positions answer). */
  public synchronized JsonObject positionRow(String instId, String posSide) {
    Position p = positions.get(instId + "/" + posSide);
    if (p == null) {
      throw new IllegalArgumentException("no position " + instId + " " + posSide);
    }
    return positionJson(p);
  }

  // ---- HTTP

  boolean serves(HttpMethod method, String path) {
    return method == HttpMethod.GET && (path.equals(CONFIG_PATH) || path.equals(POSITIONS_PATH)
        || path.equals(BILLS_PATH) || path.equals(POSITION_TIERS_PATH))
        || method == HttpMethod.POST && path.equals(SET_LEVERAGE_PATH);
  }

  /** Answers a request it {@link #serves}; private ones first pass {@code authenticated} (which answers a refusal itself). */
  void serve(HttpServerRequest request, String body, BiPredicate<HttpServerRequest, String> authenticated) {
    String path = request.path();
    if (path.equals(POSITION_TIERS_PATH)) {
      json(request, positionTiers(request));
      return;
    }
    if (!authenticated.test(request, request.method() == HttpMethod.POST ? body : "")) {
      return;
    }
    JsonObject answer = switch (path) {
      case CONFIG_PATH -> config();
      case SET_LEVERAGE_PATH -> setLeverage(body);
      case POSITIONS_PATH -> positions(request);
      default -> bills(request);
    };
    if (path.equals(SET_LEVERAGE_PATH) && lostLeverageAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return; // done, never answered: the client times out
    }
    json(request, answer);
  }

  private JsonObject config() {
    JsonObject row = null;
    Path file = SharedData.dir().resolve(CONFIG_SAMPLE);
    if (Files.isReadable(file)) {
      try {
        JsonObject samples = new JsonObject(Files.readString(file));
        for (String key : samples.fieldNames()) {
          if (key.startsWith("GET /api/v5/account/config")) {
            row = samples.getJsonObject(key).getJsonArray("data").getJsonObject(0).copy();
          }
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    }
    if (row == null) {
      row = new JsonObject().put("acctLv", "2").put("uid", "REDACTED");
    }
    return envelope("0", "", new JsonArray().add(row.put("posMode",
        reportedPosMode != null ? reportedPosMode : posMode)));
  }

  private synchronized JsonObject setLeverage(String body) {
    JsonObject call;
    try {
      call = new JsonObject(body);
    } catch (RuntimeException e) {
      return envelope("50002", "JSON syntax error", new JsonArray());
    }
    leverageCalls.add(call);
    String instId = call.getString("instId", "");
    String mgnMode = call.getString("mgnMode", "");
    String posSide = call.getString("posSide", "");
    JsonObject inst = swapRows.apply(instId);
    if (inst == null) {
      return envelope("51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.", new JsonArray());
    }
    if (!mgnMode.equals("isolated") && !mgnMode.equals("cross")) {
      return envelope("51000", "Parameter mgnMode error", new JsonArray());
    }
    boolean perSide = mgnMode.equals("isolated") && posMode.equals("long_short_mode");
    if (perSide != !posSide.isEmpty() || perSide && !List.of("long", "short").contains(posSide)) {
      return envelope("51000", "Parameter posSide error", new JsonArray());
    }
    int lever;
    try {
      lever = new BigDecimal(call.getString("lever", "")).intValueExact();
    } catch (RuntimeException e) {
      return envelope("51000", "Parameter lever error", new JsonArray());
    }
    if (lever < 1) {
      return envelope("51000", "Parameter lever error", new JsonArray());
    }
    if (lever > Integer.parseInt(inst.getString("lever"))) {
      return envelope("59102", "Leverage exceeds the maximum limit. Please lower the leverage.", new JsonArray());
    }
    String refusal = leverageRefusals.poll();
    if (refusal != null) {
      int colon = refusal.indexOf(':');
      return envelope(refusal.substring(0, colon), refusal.substring(colon + 1), new JsonArray());
    }
    levers.put(instId + "/" + mgnMode + "/" + posSide, lever);
    return envelope("0", "", new JsonArray().add(new JsonObject().put("instId", instId)
        .put("lever", Integer.toString(lever)).put("mgnMode", mgnMode).put("posSide", posSide)));
  }

  /**
   * Tiers built from the field set OKX documents for GET /api/v5/public/position-tiers (uly,
   * instFamily, instId, tier, minSz, maxSz, mmr, imr, maxLever, ...): no answer of it is recorded.
   * Two tiers of the family; tier 1's mmr is {@link #tierMmr}.
   */
  private JsonObject positionTiers(HttpServerRequest request) {
    String instType = request.getParam("instType");
    String tdMode = request.getParam("tdMode");
    String family = request.getParam("instFamily");
    if (!"SWAP".equals(instType)) {
      return envelope("51000", "Parameter instType error", new JsonArray());
    }
    if (!"isolated".equals(tdMode) && !"cross".equals(tdMode)) {
      return envelope("51000", "Parameter tdMode error", new JsonArray());
    }
    if (family == null || family.isEmpty()) {
      return envelope("50014", "Parameter instFamily can not be empty.", new JsonArray());
    }
    if (swapRows.apply(family + "-SWAP") == null) {
      return envelope("51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.", new JsonArray());
    }
    JsonArray data = new JsonArray()
        .add(tier(family, 1, "0", "1000", tier1Mmr, new BigDecimal("0.008"), 125))
        .add(tier(family, 2, "1001", "2000", tier1Mmr.add(new BigDecimal("0.002")), new BigDecimal("0.01"), 100));
    return envelope("0", "", data);
  }

  private static JsonObject tier(String family, int tier, String minSz, String maxSz, BigDecimal mmr, BigDecimal imr,
                                 int maxLever) {
    return new JsonObject().put("baseMaxLoan", "").put("imr", imr.toPlainString()).put("instId", "")
        .put("maxLever", Integer.toString(maxLever)).put("maxSz", maxSz).put("minSz", minSz)
        .put("mmr", mmr.toPlainString()).put("optMgnFactor", "0").put("quoteMaxLoan", "")
        .put("tier", Integer.toString(tier)).put("uly", family).put("instFamily", family);
  }

  private synchronized JsonObject positions(HttpServerRequest request) {
    String instType = request.getParam("instType");
    String instId = request.getParam("instId");
    JsonArray data = new JsonArray();
    positions.values().stream()
        .filter(p -> instType == null || instType.isEmpty() || instType.equals("SWAP"))
        .filter(p -> instId == null || instId.isEmpty() || instId.equals(p.instId()))
        .forEach(p -> data.add(positionJson(p)));
    return envelope("0", "", data);
  }

  /** Bills newest first, paged with after=billId; begin and end exclusive, as FakeOkx reads fills. */
  private JsonObject bills(HttpServerRequest request) {
    String instType = request.getParam("instType");
    String type = request.getParam("type");
    Long begin = number(request.getParam("begin"));
    Long end = number(request.getParam("end"));
    Long after = number(request.getParam("after"));
    int limit = request.getParam("limit") == null ? 100 : Integer.parseInt(request.getParam("limit"));
    if (limit < 1 || limit > 100) {
      return envelope("51000", "Parameter limit error", new JsonArray());
    }
    JsonArray data = new JsonArray();
    bills.stream()
        .filter(b -> instType == null || instType.isEmpty() || instType.equals(b.getString("instType")))
        .filter(b -> type == null || type.isEmpty() || type.equals(b.getString("type")))
        .filter(b -> begin == null || Long.parseLong(b.getString("ts")) > begin)
        .filter(b -> end == null || Long.parseLong(b.getString("ts")) < end)
        .filter(b -> after == null || Long.parseLong(b.getString("billId")) < after)
        .sorted((a, b) -> Long.compare(Long.parseLong(b.getString("billId")), Long.parseLong(a.getString("billId"))))
        .limit(limit)
        .forEach(data::add);
    return envelope("0", "", data);
  }

  // ---- placements (FakeOkx hands over those of a SWAP instId)

  boolean isSwap(String instId) {
    return instId.endsWith("-SWAP");
  }

  /** "sCode:sMsg" of the first problem of a swap placement's fields, or null. */
  String validate(JsonObject order) {
    JsonObject inst = swapRows.apply(order.getString("instId", ""));
    if (inst == null) {
      return "51001:Instrument ID, Instrument ID code or Spread ID doesn't exist.";
    }
    if (!List.of("isolated", "cross").contains(order.getString("tdMode"))) {
      return "51000:Parameter tdMode error ";
    }
    if (!List.of("buy", "sell").contains(order.getString("side"))) {
      return "51000:Parameter side error";
    }
    String posSide = order.getString("posSide");
    boolean longShort = posMode.equals("long_short_mode");
    if (longShort ? !List.of("long", "short").contains(String.valueOf(posSide))
        : posSide != null && !posSide.equals("net")) {
      return "51000:Parameter posSide error ";
    }
    if (!List.of("market", "limit", "post_only", "ioc", "fok").contains(order.getString("ordType"))) {
      return "51000:Parameter ordType error";
    }
    if (!CL_ORD_ID.matcher(order.getString("clOrdId", "")).matches()) {
      return "51000:Parameter clOrdId error";
    }
    if (order.containsKey("reduceOnly") && !(order.getValue("reduceOnly") instanceof Boolean)) {
      return "51000:Parameter reduceOnly error";
    }
    BigDecimal sz = decimal(order.getValue("sz"));
    if (sz == null || sz.signum() <= 0) {
      return "51000:Parameter sz error";
    }
    if (sz.compareTo(new BigDecimal(inst.getString("minSz"))) < 0) {
      return "51020:Your order should meet or exceed the minimum order amount.";
    }
    if (sz.remainder(new BigDecimal(inst.getString("lotSz"))).signum() != 0) {
      return "51121:Order quantity must be a multiple of the lot size.";
    }
    if (!"market".equals(order.getString("ordType"))) {
      BigDecimal px = decimal(order.getValue("px"));
      if (px == null || px.signum() <= 0 || px.remainder(new BigDecimal(inst.getString("tickSz"))).signum() != 0) {
        return "51000:Parameter px error";
      }
    }
    return null;
  }

  /** What a placement made: its refusal ("sCode:sMsg", nothing changed), or the order (filled ones moved the account). */
  record Placed(String problem, FakeOkx.Order order) {}

  /**
   * Executes a validated swap placement: a market order (and an ioc/fok that crosses) fills at
   * {@code price}, after the reduce-only and margin checks; anything else rests.
   */
  synchronized Placed place(JsonObject o, String ordId, BigDecimal price, long now) {
    String instId = o.getString("instId");
    JsonObject inst = swapRows.apply(instId);
    String side = o.getString("side");
    String ordType = o.getString("ordType");
    BigDecimal sz = decimal(o.getValue("sz"));
    BigDecimal px = "market".equals(ordType) ? null : decimal(o.getValue("px"));
    boolean buy = side.equals("buy");
    boolean crosses = px != null && (buy ? price.compareTo(px) <= 0 : price.compareTo(px) >= 0);
    boolean takes = "market".equals(ordType) || crosses && List.of("ioc", "fok").contains(ordType);
    String tdMode = o.getString("tdMode");
    boolean longShort = posMode.equals("long_short_mode");
    String posSide = longShort ? o.getString("posSide") : "net";
    boolean reduceOnly = !longShort && Boolean.TRUE.equals(o.getValue("reduceOnly"));
    int lever = lever(instId, tdMode, tdMode.equals("isolated") && longShort ? posSide : "");
    String settle = settle(inst);
    Terms t = new Terms(tdMode, posSide, reduceOnly, lever);
    if (!takes) {
      String state = List.of("ioc", "fok").contains(ordType) || "post_only".equals(ordType) && crosses ? "canceled"
          : "live";
      terms.put(o.getString("clOrdId"), t);
      return new Placed(null, new FakeOkx.Order(ordId, o.getString("clOrdId"), instId, side, ordType, sz, px, "",
          state, BigDecimal.ZERO, null, BigDecimal.ZERO, settle, now));
    }
    String problem = fill(inst, instId, posSide, tdMode, lever, buy, reduceOnly, sz, price, now);
    if (problem != null) {
      return new Placed(problem, null);
    }
    terms.put(o.getString("clOrdId"), t);
    BigDecimal fee = sz.multiply(contractSize(inst)).multiply(price).multiply(TAKER_FEE).negate();
    return new Placed(null, new FakeOkx.Order(ordId, o.getString("clOrdId"), instId, side, ordType, sz, px, "",
        "filled", sz, price, fee, settle, now));
  }

  /** A swap order row's own fields, over FakeOkx's spot ones. */
  JsonObject decorate(FakeOkx.Order o, JsonObject row) {
    Terms t = terms.get(o.clOrdId());
    if (t == null) {
      return row;
    }
    return row.put("instType", "SWAP").put("tdMode", t.tdMode()).put("posSide", t.posSide())
        .put("lever", Integer.toString(t.lever())).put("reduceOnly", Boolean.toString(t.reduceOnly()))
        .put("tgtCcy", "").put("tradeQuoteCcy", "");
  }

  /** Moves the position and the balance for a fill; "sCode:sMsg" when refused (nothing moved). */
  private String fill(JsonObject inst, String instId, String posSide, String mgnMode, int lever, boolean buy,
                      boolean reduceOnly, BigDecimal sz, BigDecimal price, long now) {
    String key = instId + "/" + posSide;
    Position held = positions.get(key);
    BigDecimal ct = contractSize(inst);
    BigDecimal fee = sz.multiply(ct).multiply(price).multiply(TAKER_FEE);
    // Signed change of the position: net mode by side; long/short mode, + opens, - closes.
    BigDecimal delta;
    BigDecimal before = held == null ? BigDecimal.ZERO : held.pos();
    if (posSide.equals("net")) {
      delta = buy ? sz : sz.negate();
      if (reduceOnly) {
        if (before.signum() == 0) {
          return "51169:Order failed because you don't have any positions in this direction for this contract to "
              + "reduce or close.";
        }
        if (before.signum() == delta.signum()) {
          return "51170:Failed to place order. A reduce-only order can\u2019t be the same trading direction as your "
              + "existing positions.";
        }
        if (sz.compareTo(before.abs()) > 0) {
          return "51112:Close order size exceeds available size for this position.";
        }
      }
    } else {
      boolean opens = posSide.equals("long") == buy;
      if (!opens && before.signum() == 0) {
        return "51169:Order failed because you don't have any positions in this direction for this contract to "
            + "reduce or close.";
      }
      if (!opens && sz.compareTo(before) > 0) {
        return "51112:Close order size exceeds available size for this position.";
      }
      delta = opens ? sz : sz.negate();
    }
    BigDecimal after = before.add(delta);
    // What of the fill closes the held position, and what opens (adds, or opens after a flip in net mode).
    BigDecimal closing = posSide.equals("net")
        ? (before.signum() != 0 && before.signum() != delta.signum() ? delta.abs().min(before.abs()) : BigDecimal.ZERO)
        : (delta.signum() < 0 ? delta.abs() : BigDecimal.ZERO);
    BigDecimal opening = sz.subtract(closing);
    BigDecimal openMargin = opening.multiply(ct).multiply(price).divide(BigDecimal.valueOf(lever), MC);
    if (opening.signum() > 0 && openMargin.add(fee).compareTo(available(inst)) > 0) {
      return "51008:Order failed. Insufficient " + settle(inst) + " margin in account ";
    }
    String settle = settle(inst);
    BigDecimal margin = held == null ? BigDecimal.ZERO : held.margin();
    BigDecimal avg = held == null ? price : held.avgPx();
    BigDecimal realized = BigDecimal.ZERO;
    BigDecimal cash = fee.negate();
    if (closing.signum() > 0) {
      boolean wasLong = isLong(held);
      realized = price.subtract(avg).multiply(closing).multiply(ct);
      realized = wasLong ? realized : realized.negate();
      BigDecimal released = margin.multiply(closing).divide(before.abs(), MC);
      margin = margin.subtract(released);
      cash = cash.add(realized).add(mgnMode.equals("isolated") ? released : BigDecimal.ZERO);
    }
    BigDecimal remaining = before.abs().subtract(closing);
    if (opening.signum() > 0) {
      avg = remaining.signum() == 0 ? price
          : remaining.multiply(avg).add(opening.multiply(price)).divide(remaining.add(opening), MC);
      margin = margin.add(openMargin);
      if (mgnMode.equals("isolated")) {
        cash = cash.subtract(openMargin);
      }
    }
    balances.merge(settle, cash, BigDecimal::add);
    if (after.signum() == 0) {
      positions.remove(key);
      posIds.remove(key);
    } else {
      BigDecimal fees = (held == null || closing.compareTo(before.abs()) == 0 ? BigDecimal.ZERO : held.fee())
          .subtract(fee);
      BigDecimal funding = held == null || remaining.signum() == 0 ? BigDecimal.ZERO : held.fundingFee();
      BigDecimal pnl = (held == null || remaining.signum() == 0 ? BigDecimal.ZERO : held.realizedPnl())
          .add(realized).subtract(fee);
      positions.put(key, new Position(instId, posSide, mgnMode, lever, after, avg, margin, fees, funding, pnl,
          held == null || remaining.signum() == 0 ? now : held.cTime()));
    }
    return null;
  }

  /** What is available for margin: the settlement balance less what cross positions hold. */
  private BigDecimal available(JsonObject inst) {
    String settle = settle(inst);
    BigDecimal cross = positions.values().stream().filter(p -> p.mgnMode().equals("cross"))
        .filter(p -> settle(swapRows.apply(p.instId())).equals(settle))
        .map(Position::margin).reduce(BigDecimal.ZERO, BigDecimal::add);
    return balances.getOrDefault(settle, BigDecimal.ZERO).subtract(cross);
  }

  private JsonObject positionJson(Position p) {
    JsonObject inst = swapRows.apply(p.instId());
    BigDecimal ct = contractSize(inst);
    BigDecimal mark = marks.apply(p.instId());
    BigDecimal q = p.pos().abs().multiply(ct);
    boolean longSide = isLong(p);
    BigDecimal upl = mark.subtract(p.avgPx()).multiply(q);
    upl = longSide ? upl : upl.negate();
    boolean isolated = p.mgnMode().equals("isolated");
    String liqPx = isolated ? plain(liquidationPrice(longSide, q, p.avgPx(), p.margin())) : "";
    String mmr = plain(q.multiply(mark).multiply(tier1Mmr));
    String imr = isolated ? "" : plain(p.margin());
    String key = p.instId() + "/" + p.posSide();
    String posId = posIds.computeIfAbsent(key, k -> Long.toString(nextPosId.getAndIncrement()));
    String ts = Long.toString(p.cTime());
    return new JsonObject()
        .put("adl", "1").put("availPos", p.posSide().equals("net") ? "" : plain(p.pos().abs()))
        .put("avgPx", plain(p.avgPx())).put("baseBal", "").put("baseBorrowed", "").put("baseInterest", "")
        .put("bePx", "").put("bizRefId", "").put("bizRefType", "").put("cTime", ts).put("ccy", settle(inst))
        .put("clSpotInUseAmt", "").put("closeOrderAlgo", new JsonArray()).put("deltaBS", "").put("deltaPA", "")
        .put("fee", plain(p.fee())).put("fundingFee", plain(p.fundingFee())).put("gammaBS", "").put("gammaPA", "")
        .put("idxPx", plain(mark)).put("imr", imr).put("instId", p.instId()).put("instType", "SWAP")
        .put("interest", "").put("last", plain(mark)).put("lever", Integer.toString(p.lever())).put("liab", "")
        .put("liabCcy", "").put("liqPenalty", "0").put("liqPx", liqPx).put("margin", isolated ? plain(p.margin()) : "")
        .put("markPx", plain(mark)).put("maxSpotInUseAmt", "").put("mgnMode", p.mgnMode()).put("mgnRatio", "")
        .put("mmr", mmr).put("notionalUsd", plain(q.multiply(mark))).put("optVal", "")
        .put("pendingCloseOrdLiabVal", "").put("pnl", "0").put("pos", plain(p.pos())).put("posCcy", "")
        .put("posId", posId).put("posSide", p.posSide()).put("quoteBal", "").put("quoteBorrowed", "")
        .put("quoteInterest", "").put("realizedPnl", plain(p.realizedPnl())).put("spotInUseAmt", "")
        .put("spotInUseCcy", "").put("thetaBS", "").put("thetaPA", "").put("tradeId", "").put("uTime", ts)
        .put("upl", plain(upl)).put("uplLastPx", plain(upl)).put("uplRatio", "").put("uplRatioLastPx", "")
        .put("usdPx", "").put("vegaBS", "").put("vegaPA", "");
  }

  /**
   * Where (margin + upl) = q × mark × (mmr + taker fee), OKX's isolated margin ratio at 100 %: long
   * (q·avgPx − margin) / (q·(1 − mmr − fee)), short (margin + q·avgPx) / (q·(1 + mmr + fee)).
   */
  public BigDecimal liquidationPrice(boolean longSide, BigDecimal q, BigDecimal avgPx, BigDecimal margin) {
    BigDecimal rates = tier1Mmr.add(TAKER_FEE);
    return longSide
        ? q.multiply(avgPx).subtract(margin).divide(q.multiply(BigDecimal.ONE.subtract(rates)), MC)
        : margin.add(q.multiply(avgPx)).divide(q.multiply(BigDecimal.ONE.add(rates)), MC);
  }

  private JsonObject bill(Position p, JsonObject inst, BigDecimal amount, String subType, String type, BigDecimal sz,
                          long ts, String ordId) {
    String settle = settle(inst);
    return new JsonObject()
        .put("bal", plain(balances.getOrDefault(settle, BigDecimal.ZERO))).put("balChg", plain(amount))
        .put("billId", Long.toString(nextBillId.getAndIncrement())).put("ccy", settle).put("execType", "")
        .put("fee", "0").put("from", "").put("instId", p.instId()).put("instType", "SWAP")
        .put("mgnMode", p.mgnMode()).put("notes", "").put("ordId", ordId).put("pnl", plain(amount))
        .put("posBal", "0").put("posBalChg", "0").put("subType", subType).put("sz", plain(p.pos().abs()))
        .put("to", "").put("ts", Long.toString(ts)).put("type", type);
  }

  private static boolean isLong(Position p) {
    return p.posSide().equals("net") ? p.pos().signum() > 0 : p.posSide().equals("long");
  }

  private static String key(Position p) {
    return p.instId() + "/" + p.posSide();
  }

  private static BigDecimal contractSize(JsonObject inst) {
    return new BigDecimal(inst.getString("ctVal")).multiply(new BigDecimal(inst.getString("ctMult")));
  }

  private static String settle(JsonObject inst) {
    return inst.getString("settleCcy");
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static BigDecimal decimal(Object value) {
    try {
      return value == null ? null : new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long number(String text) {
    return text == null || text.isEmpty() ? null : Long.parseLong(text);
  }

  private static JsonObject envelope(String code, String msg, JsonArray data) {
    return new JsonObject().put("code", code).put("msg", msg).put("data", data);
  }

  private static void json(HttpServerRequest request, JsonObject body) {
    request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
