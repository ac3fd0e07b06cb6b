package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.events.MarketEvent;
import dev.mariposa.market.Precision;
import dev.mariposa.testing.DecimalAudit;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Decimals as a client reads them, in the text of every public event-bus message and of every GET
 * answer of the API, on a synthetic market and on a replay of real data, each with an agent that
 * trades:
 *
 * <ul>
 *   <li>one JSON type: no decimal is written as a string, and each decimal has the type its
 *       document declares (the event's JSON Schema, the operation's response in openapi.yaml);</li>
 *   <li>no binary floating-point noise (52272.200000000004) in a price, quantity or amount;</li>
 *   <li>prices and quantities of tickers, books, trades, bars and signals on the tick and lot of
 *       the symbol (a signal's mid price half a tick finer at most), where Mariposa sets them: the
 *       synthetic market, and the quotes a kline replay derives from its bars.</li>
 * </ul>
 */
class DecimalWireTest {
  private static final String TOKEN = "decimal-wire-token-0123456789";
  private static final String AGENT = "decimals";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int KEPT_PER_ADDRESS = 40;
  private static final Set<String> PRICES = Set.of("bid", "ask", "last", "price", "open", "high", "low", "close");
  private static final Set<String> QUANTITIES = Set.of("bidQty", "askQty", "qty", "volume");
  /** Mid prices: half a tick finer than the quotes at most. */
  private static final Set<String> MIDS = Set.of("referencePrice");
  private static final Set<String> AMOUNTS = Set.of("quantity", "filledQuantity", "averagePrice", "fee", "cash",
      "highWater", "quoteVolume", "startingBalance", "realized", "unrealized", "equity", "returnPct", "fees",
      "winRatePct", "profitFactor", "maxDrawdownPct");
  private static final Set<String> MARKET = Set.of("market.ticker", "market.book", "market.trade", "market.kline", "signal");

  @TempDir
  Path dir;

  private final EventSchemas schemas = EventSchemas.get();
  private final Map<String, List<String>> printed = new ConcurrentHashMap<>();
  private final AtomicInteger perAddressFull = new AtomicInteger();

  @Test
  @Timeout(120)
  void theSyntheticMarketAndItsTradesPrintExactDecimals() throws Exception {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("synthetic", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT,ETHUSDT",
          "MARKET_SOURCE", "synthetic", "API_TOKENS", TOKEN), json -> json.getJsonObject("analysis").put("seedAgents", false));
      run(node, List.of("BTCUSDT", "ETHUSDT"), Map.of("BTCUSDT", Precision.of("BTCUSDT", 0), "ETHUSDT", Precision.of("ETHUSDT", 0)));
    }
  }

  @Test
  @Timeout(120)
  void aReplayOfRealDataPrintsExactDecimals() throws Exception {
    String replay = SharedData.barsAndBtcaudReplay(dir);
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("replay", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT,BTCAUD",
          "MARKET_SOURCE", "replay", "REPLAY_SPEED", "120", "API_TOKENS", TOKEN, "REPLAY_FILES", replay), json -> {
            json.getJsonObject("market").put("replayLoop", true);
            json.getJsonObject("analysis").put("seedAgents", false);
            TestConfigs.patientSignals(json);
          });
      // BTCUSDT's quotes are derived from its bars, on Binance's tick and lot; BTCAUD's are recorded.
      run(node, List.of("BTCUSDT", "BTCAUD"), Map.of("BTCUSDT", Precision.of("BTCUSDT", 0)));
    }
  }

  /** Trades each symbol once, captures the messages, then checks them and every GET answer. */
  private void run(Mariposa node, List<String> symbols, Map<String, Precision> precisions) throws Exception {
    Handler<DeliveryContext<Object>> capture = this::capture;
    node.vertx().eventBus().addOutboundInterceptor(capture);
    String base = node.baseUrl();
    HttpResponse<String> created = Http.send("POST", base + "/api/agents", new JsonObject().put("id", AGENT)
        .put("symbols", symbols).put("interval", "1m")
        .put("risk", new JsonObject().put("cooldownSeconds", 0).put("maxOrdersPerMinute", 600)
            .put("maxTickerAgeSeconds", 60).put("maxOpenPositions", 5))
        .encode(), TOKEN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    for (String symbol : symbols) {
      Eventually.within(WAIT, "a " + symbol + " ticker", () -> Http.status(base + "/api/market/" + symbol + "/ticker") == 200);
    }
    String clOrdId = null;
    for (String symbol : symbols) {
      HttpResponse<String> queued = Http.send("POST", base + "/api/agents/" + AGENT + "/signals",
          new JsonObject().put("action", "BUY").put("symbol", symbol).encode(), TOKEN);
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
      clOrdId = new JsonObject(queued.body()).getJsonArray("queued").getJsonObject(0).getString("clOrdId");
    }
    String order = clOrdId;
    Eventually.within(WAIT, () -> "a fill; the signals: " + Http.get(base + "/api/agents/" + AGENT + "/signals").body(),
        () -> !new JsonObject(Http.get(base + "/api/trades?agentId=" + AGENT).body()).getJsonArray("trades").isEmpty());
    HttpResponse<String> snapshot = Http.send("POST", base + "/api/jobs/performance-snapshot/run", null, TOKEN);
    assertThat(snapshot.statusCode()).isEqualTo(202);
    Set<String> families = Set.of("market.ticker", "market.book", "market.kline", "signal", "trade", "perf.agent",
        "perf.leaderboard");
    Eventually.within(WAIT, () -> "messages of " + families + "; so far " + printed.keySet(),
        () -> families.stream().allMatch(f -> printed.keySet().stream().anyMatch(a -> familyName(a).equals(f))));
    node.vertx().eventBus().removeOutboundInterceptor(capture);

    List<String> problems = new ArrayList<>();
    Map<String, Integer> checked = new TreeMap<>();
    printed.forEach((address, texts) -> texts.forEach(text -> {
      Object body = DecimalAudit.parse(text);
      String family = familyName(address);
      schemas.familyOf(address).flatMap(EventSchemas.Family::schema).flatMap(schemas::schema).ifPresentOrElse(schema ->
              DecimalAudit.typeProblems(body, schema, schema, DecimalWireTest::decimalField)
                  .forEach(p -> problems.add(address + " " + p)),
          () -> problems.add(address + ": no schema documents it"));
      precision(address, body, null, MARKET.contains(family) ? precisions : Map.of(), problems, checked);
    }));

    JsonObject openapi = openapi();
    List<String> urls = getUrls(openapi, symbols.get(0), order);
    for (String url : urls) {
      HttpResponse<String> answer = Http.get(base + url);
      String type = answer.headers().firstValue("Content-Type").orElse("");
      if (answer.statusCode() != 200 || !type.startsWith("application/json")) {
        continue;
      }
      Object body = DecimalAudit.parse(answer.body());
      JsonObject schema = responseSchema(openapi, url);
      if (url.startsWith("/api/events/")) {
        continue; // the documents themselves
      } else if (url.endsWith("/analysis")) {
        // The results are analysis.result events: openapi.yaml points to their JSON Schema.
        JsonObject event = schemas.schema("analysis.result").orElseThrow();
        ((JsonObject) body).getJsonObject("results").forEach(r -> DecimalAudit.typeProblems(r.getValue(), event, event,
            DecimalWireTest::decimalField).forEach(p -> problems.add("GET " + url + " /results/" + r.getKey() + p)));
      } else if (schema == null) {
        problems.add("GET " + url + ": no response schema in openapi.yaml");
      } else {
        DecimalAudit.typeProblems(body, schema, openapi, DecimalWireTest::decimalField)
            .forEach(p -> problems.add("GET " + url + " " + p));
      }
      boolean market = url.startsWith("/api/market/") || url.contains("/signal");
      precision("GET " + url, body, null, market ? precisions : Map.of(), problems, checked);
    }
    System.out.println("DecimalWireTest " + symbols + ": " + printed.values().stream().mapToInt(List::size).sum()
        + " messages on " + new TreeSet<>(printed.keySet()) + " and " + urls.size() + " GET answers; decimals checked "
        + checked);
    assertThat(problems).as("decimals of the wrong type, with noise, or finer than the tick or lot").isEmpty();
    assertThat(checked).as("the kinds of decimals seen").containsKeys("price", "quantity", "mid", "amount");
  }

  private void capture(DeliveryContext<Object> ctx) {
    String address = ctx.message().address();
    if (!ctx.send() && Addresses.isPublic(address)) {
      List<String> texts = printed.computeIfAbsent(address, a -> Collections.synchronizedList(new ArrayList<>()));
      if (texts.size() < KEPT_PER_ADDRESS) {
        texts.add(ctx.body() instanceof MarketEvent event ? event.encode() : Json.encode(ctx.body())); // the text a bridge client is sent
      } else {
        perAddressFull.incrementAndGet();
      }
    }
    ctx.next();
  }

  private String familyName(String address) {
    return schemas.familyOf(address).map(EventSchemas.Family::name).orElse(address);
  }

  /**
   * Walks a body: every price, quantity and amount free of noise, and prices and quantities of
   * the symbols in {@code precisions} on their tick and lot. The symbol is the nearest enclosing
   * object's.
   */
  private static void precision(String where, Object value, String symbol, Map<String, Precision> precisions,
                                List<String> problems, Map<String, Integer> checked) {
    if (value instanceof JsonObject object) {
      String scope = object.getValue("symbol") instanceof String s ? s : symbol;
      Precision tickAndLot = scope == null ? null : precisions.get(scope);
      object.forEach(e -> {
        if (e.getValue() instanceof BigDecimal number) {
          decimal(where + " /" + e.getKey(), kind(e.getKey()), number, tickAndLot, problems, checked);
        } else if ((e.getKey().equals("bids") || e.getKey().equals("asks")) && e.getValue() instanceof JsonArray levels) {
          for (Object level : levels) {
            JsonArray pair = (JsonArray) level;
            decimal(where + " /" + e.getKey(), "price", pair.getValue(0), tickAndLot, problems, checked);
            decimal(where + " /" + e.getKey(), "quantity", pair.getValue(1), tickAndLot, problems, checked);
          }
        } else if (e.getKey().equals("equityCurve") && e.getValue() instanceof JsonArray curve) {
          for (Object point : curve) {
            decimal(where + " /equityCurve", "amount", ((JsonArray) point).getValue(1), null, problems, checked);
          }
        } else {
          precision(where, e.getValue(), scope, precisions, problems, checked);
        }
      });
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> precision(where, item, symbol, precisions, problems, checked));
    }
  }

  private static boolean decimalField(String field) {
    return kind(field) != null || MIDS.contains(field);
  }

  private static String kind(String field) {
    return PRICES.contains(field) ? "price" : QUANTITIES.contains(field) ? "quantity" : MIDS.contains(field) ? "mid"
        : AMOUNTS.contains(field) ? "amount" : null;
  }

  /** One decimal of a kind (price, quantity, mid, amount); a value that is no number is the type check's. */
  private static void decimal(String where, String kind, Object printed, Precision precision, List<String> problems,
                              Map<String, Integer> checked) {
    if (kind == null || !(printed instanceof BigDecimal value)) {
      return;
    }
    checked.merge(kind, 1, Integer::sum);
    if (DecimalAudit.noisy(value)) {
      problems.add(where + ": " + value.toPlainString() + " carries binary noise");
      return;
    }
    if (precision == null || kind.equals("amount")) {
      return;
    }
    int allowed = switch (kind) {
      case "price" -> DecimalAudit.decimals(precision.tick());
      case "mid" -> DecimalAudit.decimals(precision.tick()) + 1;
      default -> DecimalAudit.decimals(precision.lot());
    };
    if (DecimalAudit.decimals(value) > allowed) {
      problems.add(where + ": " + kind + " " + value.toPlainString() + " has more than " + allowed + " decimals");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The GET operations of openapi.yaml.

  private static JsonObject openapi() {
    try (InputStream in = DecimalWireTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      Map<String, Object> yaml = new Yaml().load(in);
      return new JsonObject(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every GET path of the contract with its parameters filled in, and a few query variants. */
  private static List<String> getUrls(JsonObject openapi, String symbol, String clOrdId) {
    List<String> urls = new ArrayList<>();
    for (String path : openapi.getJsonObject("paths").fieldNames()) {
      if (openapi.getJsonObject("paths").getJsonObject(path).containsKey("get")) {
        urls.add(path.replace("{symbol}", symbol).replace("{name}", "trade")
            .replace("/api/orders/{id}", "/api/orders/" + clOrdId).replace("{id}", AGENT));
      }
    }
    urls.add("/api/market/tickers?symbols=" + symbol);
    urls.add("/api/market/" + symbol + "/klines?limit=100");
    urls.add("/api/leaderboard?period=day");
    urls.add("/api/trades?agentId=" + AGENT);
    return urls;
  }

  /** The 200 answer's JSON schema of the GET operation {@code url} serves. */
  private static JsonObject responseSchema(JsonObject openapi, String url) {
    String path = url.replaceAll("\\?.*", "");
    for (String template : openapi.getJsonObject("paths").fieldNames()) {
      if (path.matches(template.replaceAll("\\{[^}]+}", "[^/]+"))) {
        JsonObject ok = openapi.getJsonObject("paths").getJsonObject(template).getJsonObject("get")
            .getJsonObject("responses").getJsonObject("200");
        JsonObject content = ok == null ? null : ok.getJsonObject("content");
        JsonObject json = content == null ? null : content.getJsonObject("application/json");
        return json == null ? null : json.getJsonObject("schema");
      }
    }
    return null;
  }
}
