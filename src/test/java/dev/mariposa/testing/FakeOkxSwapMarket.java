package dev.mariposa.testing;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * FakeOkx's public swap market data: GET /api/v5/public/mark-price, /api/v5/public/funding-rate,
 * /api/v5/public/funding-rate-history and /api/v5/market/index-tickers, answered in OKX's envelope
 * from the recordings in ../shared/data/okx/swap, read at the first request:
 * <ul>
 *   <li>mark price: the recorded REST body (BTC-USDT-SWAP), and the recorded WebSocket mark-price
 *       rows (WNCG-USDT-SWAP): OKX documents one row shape for both;</li>
 *   <li>funding rate: the recorded REST bodies (XRP-USDT-SWAP real, BTC-USD-SWAP from ccxt's
 *       comment), then the recorded rows (BTC-USDT-SWAP real, on OKX demo) and WebSocket pushes
 *       (WNCG-USDT-SWAP, SOS-USDT-SWAP without a rate);</li>
 *   <li>index price: no REST body was recorded; the recorded WebSocket index-tickers rows (WNCG-USDT,
 *       BTC-USD, BTC-USDC), whose shape OKX documents as the REST row's;</li>
 *   <li>funding history: the 2 recorded BTC-USDT-SWAP rows, plus rows a test adds
 *       ({@link #addFundingHistory}: generated, to page through), served newest first with OKX's
 *       {@code after} (older than) and {@code limit} (at most 100).</li>
 * </ul>
 * An instrument with nothing recorded answers 51001 "Instrument ID does not exist", as OKX does.
 * A test can replace a row ({@link #put}) or the whole next answer body ({@link #answerOnce}).
 */
public final class FakeOkxSwapMarket {
  public static final String MARK_PRICE_PATH = "/api/v5/public/mark-price";
  public static final String FUNDING_RATE_PATH = "/api/v5/public/funding-rate";
  public static final String FUNDING_HISTORY_PATH = "/api/v5/public/funding-rate-history";
  public static final String INDEX_TICKERS_PATH = "/api/v5/market/index-tickers";
  public static final String MARKET_SAMPLES = "okx/swap/public_market_samples.json";
  public static final String FUNDING_SAMPLES = "okx/swap/public_funding_rate_samples.json";
  public static final String FUNDING_HISTORY = "okx/swap/funding_rate_history_BTC-USDT-SWAP.json";
  public static final String WS_SAMPLES = "okx/swap/ws_swap_samples.json";

  private final Map<String, Map<String, JsonObject>> rows = new ConcurrentHashMap<>();
  private final List<JsonObject> history = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<String> demoHeaders = new CopyOnWriteArrayList<>();
  private final Map<String, String> once = new ConcurrentHashMap<>();
  private volatile boolean loaded;

  static boolean serves(String path) {
    return path.equals(MARK_PRICE_PATH) || path.equals(FUNDING_RATE_PATH) || path.equals(FUNDING_HISTORY_PATH)
        || path.equals(INDEX_TICKERS_PATH);
  }

  /** Serves one of {@link #serves}'s paths. */
  void handle(HttpServerRequest request) {
    load();
    String path = request.path();
    queries.add(request.uri());
    String demo = request.getHeader("x-simulated-trading");
    demoHeaders.add(demo == null ? "" : demo);
    String body = once.remove(path);
    if (body != null) {
      request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body);
      return;
    }
    String instId = request.getParam("instId");
    if (instId == null || instId.isEmpty()) {
      answer(request, envelope("51000", "Parameter instId error", new JsonArray()));
      return;
    }
    if (path.equals(FUNDING_HISTORY_PATH)) {
      serveHistory(request, instId);
      return;
    }
    JsonObject row = rows.getOrDefault(path, Map.of()).get(instId);
    answer(request, row == null ? envelope("51001", "Instrument ID does not exist", new JsonArray())
        : envelope("0", "", new JsonArray().add(row)));
  }

  /** Answers {@code path}'s next request with {@code body} as it is (HTTP 200). */
  public FakeOkxSwapMarket answerOnce(String path, String body) {
    once.put(path, body);
    return this;
  }

  /** Serves {@code row} for its instId on {@code path} from now on. */
  public FakeOkxSwapMarket put(String path, JsonObject row) {
    load();
    rows.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(row.getString("instId"), row);
    return this;
  }

  /** More history rows (OKX's row shape), served with the recorded ones. */
  public FakeOkxSwapMarket addFundingHistory(List<JsonObject> more) {
    load();
    history.addAll(more);
    return this;
  }

  /** Every request's path and query, in order. */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  /** The x-simulated-trading header of each request ("" when absent). */
  public List<String> demoHeaders() {
    return List.copyOf(demoHeaders);
  }

  private void serveHistory(HttpServerRequest request, String instId) {
    long after = request.getParam("after") == null ? Long.MAX_VALUE : Long.parseLong(request.getParam("after"));
    int limit = request.getParam("limit") == null ? 100 : Math.min(100, Integer.parseInt(request.getParam("limit")));
    List<JsonObject> matching = new ArrayList<>(history.stream()
        .filter(r -> r.getString("instId").equals(instId) && Long.parseLong(r.getString("fundingTime")) < after)
        .sorted(Comparator.comparingLong((JsonObject r) -> Long.parseLong(r.getString("fundingTime"))).reversed())
        .limit(limit).toList());
    answer(request, envelope("0", "", new JsonArray(new ArrayList<>(matching))));
  }

  private synchronized void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    JsonObject market = SharedData.jsonOrEmpty(MARKET_SAMPLES);
    JsonObject funding = SharedData.jsonOrEmpty(FUNDING_SAMPLES);
    JsonObject ws = SharedData.jsonOrEmpty(WS_SAMPLES);
    // Pushes first, so a recorded REST body replaces a push row of the same instrument.
    for (String key : ws.fieldNames()) {
      JsonObject push = ws.getJsonObject(key);
      String channel = push.getJsonObject("arg").getString("channel");
      String path = switch (channel) {
        case "mark-price" -> MARK_PRICE_PATH;
        case "funding-rate" -> FUNDING_RATE_PATH;
        case "index-tickers" -> INDEX_TICKERS_PATH;
        default -> null;
      };
      if (path != null) {
        push.getJsonArray("data").forEach(r -> rowOf(path, (JsonObject) r));
      }
    }
    for (String key : funding.fieldNames()) {
      JsonObject sample = funding.getJsonObject(key);
      if (sample.containsKey("data")) {
        sample.getJsonArray("data").forEach(r -> rowOf(FUNDING_RATE_PATH, (JsonObject) r));
      } else if (key.contains("BTC-USDT-SWAP")) {
        rowOf(FUNDING_RATE_PATH, sample);
      }
    }
    for (String key : market.fieldNames()) {
      if (key.startsWith("GET " + MARK_PRICE_PATH)) {
        market.getJsonObject(key).getJsonArray("data").forEach(r -> rowOf(MARK_PRICE_PATH, (JsonObject) r));
      }
    }
    SharedData.jsonOrEmpty(FUNDING_HISTORY).getJsonArray("data", new JsonArray()).forEach(r -> history.add((JsonObject) r));
  }

  private void rowOf(String path, JsonObject row) {
    rows.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(row.getString("instId"), row);
  }

  private static JsonObject envelope(String code, String msg, JsonArray data) {
    return new JsonObject().put("code", code).put("msg", msg).put("data", data);
  }

  private static void answer(HttpServerRequest request, JsonObject body) {
    request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
