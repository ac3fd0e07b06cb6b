package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.config.Secret;
import dev.mariposa.jobs.JobsVerticle;
import dev.mariposa.testing.BridgeClient;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of openapi.yaml, from outside, against real instances: its happy path on real
 * data (an agent, a signal filled on the paper exchange, a browser session), its validation error,
 * its 401s and the 403 of an instance without API_TOKENS where it changes state, and its 404 where
 * it takes an id or a name. {@link #everyOperationOfTheContractHasItsCases} fails when an operation
 * of the contract has no entry in the table, or lacks a kind of case it needs. Beside the table:
 * CORS preflights, the body limit (413) and the rate limit (429 and its headers).
 *
 * <p>Two instances on one Redis and one MongoDB: {@code ops} with every role, API_TOKENS,
 * CORS_ORIGINS and a small body limit; {@code open} with the http role only, no API_TOKENS, a key
 * prefix of its own (so its tight read budget is not {@code ops}'s) and 3 reads a minute.
 */
class ApiOperationsTest {
  private static final String TOKEN = "operations-token-0123456789";
  private static final String WRONG_TOKEN = "operations-token-9876543210";
  private static final String ORIGIN = "https://desk.example.com";
  private static final String OTHER_ORIGIN = "https://elsewhere.example.com";
  private static final int BODY_LIMIT = 4096;
  private static final int OPEN_READ_BURST = 3;
  /** The agent the fixture trades with. */
  private static final String AGENT = "ops-agent";
  private static final String AGENT_NAME = "Operations desk";
  /** A maker agent whose entry rests (GET /api/orders?open=true). */
  private static final String MAKER = "ops-maker";
  private static final String SESSION_ADDRESS = "market.ticker.BTCUSDT";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final String BACKTEST_DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  /** The run of {@link #doneBacktest}, once made. */
  private static String backtestId;

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static Mariposa ops;
  private static Mariposa open;
  private static Vertx clients;
  private static BridgeClient browser;
  /** The fixture's BUY: its signal and the client order id of its order. */
  private static String signalId;
  private static String clOrdId;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(dir);
    ops = cluster.start("ops", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic",
        "API_TOKENS", TOKEN, "CORS_ORIGINS", ORIGIN, "BACKTEST_DATA_DIR", SharedData.dir().toAbsolutePath().toString()), json -> {
      json.getJsonObject("http").put("bodyLimitBytes", BODY_LIMIT);
      json.getJsonObject("analysis").put("seedAgents", false); // only the agents made here trade
    });
    open = cluster.start("open", Map.of("ROLES", "http", "REDIS_KEY_PREFIX", "open:"), json -> json
        .getJsonObject("rateLimit").getJsonObject("policies").put("read", new JsonObject()
            .put("requests", OPEN_READ_BURST).put("periodSeconds", 60).put("burst", OPEN_READ_BURST)));

    Eventually.within(WAIT, "a BTCUSDT ticker and book", () -> Http.status(url("/api/market/BTCUSDT/ticker")) == 200
        && Http.status(url("/api/market/BTCUSDT/orderbook")) == 200);
    createAgent(AGENT, AGENT_NAME);
    JsonObject queued = json(send("POST", "/api/agents/" + AGENT + "/signals",
        "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\",\"requestId\":\"ops-fixture\"}", TOKEN), 202);
    JsonObject signal = queued.getJsonArray("queued").getJsonObject(0);
    signalId = signal.getString("id");
    clOrdId = signal.getString("clOrdId");
    Eventually.within(WAIT, () -> "the fixture's order filled: " + get("/api/orders/" + clOrdId).body(), () -> {
      HttpResponse<String> order = get("/api/orders/" + clOrdId);
      return order.statusCode() == 200 && "FILLED".equals(new JsonObject(order.body()).getString("status"))
          && new JsonObject(order.body()).getBoolean("settled", false);
    });
    // A snapshot now, for the performance history (the job's period is a minute).
    json(send("POST", "/api/jobs/performance-snapshot/run", null, TOKEN), 202);
    clients = Vertx.vertx();
    browser = BridgeClient.connectNow(clients, ops.services().httpPort(), null);
    browser.register(SESSION_ADDRESS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (clients != null) {
      clients.close().await();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The table: one entry per operation of openapi.yaml.

  private static List<Operation> table() {
    List<Operation> table = new ArrayList<>();

    table.add(op("GET /health")
        .happy("UP with its dependency checks", () -> {
          JsonObject health = json(Http.get(ops.baseUrl() + "/health"), 200);
          assertThat(health.getString("status")).isEqualTo("UP");
          Map<String, String> checks = new LinkedHashMap<>();
          health.getJsonArray("checks").forEach(c -> checks.put(((JsonObject) c).getString("id"), ((JsonObject) c).getString("status")));
          assertThat(checks).containsEntry("redis", "UP").containsEntry("mongodb", "UP").containsEntry("event-loop", "UP");
        }));

    table.add(op("GET /metrics")
        .happy("Prometheus text with the API's counters", () -> {
          HttpResponse<String> metrics = Http.get(ops.baseUrl() + "/metrics");
          assertThat(metrics.statusCode()).isEqualTo(200);
          assertThat(contentType(metrics)).startsWith("text/plain");
          assertThat(metrics.body()).contains("# TYPE mariposa_http_ratelimit_total counter")
              .containsPattern("mariposa_http_ratelimit_total\\{group=\"market\".*outcome=\"allowed\".*\\} [1-9]");
        }));

    table.add(op("GET /openapi.yaml")
        .happy("the document as written", () -> {
          HttpResponse<String> yaml = Http.get(ops.baseUrl() + "/openapi.yaml");
          assertThat(yaml.statusCode()).isEqualTo(200);
          assertThat(contentType(yaml)).startsWith("application/yaml");
          assertThat(yaml.body()).isEqualTo(resource());
        }));

    table.add(op("GET /api/docs")
        .happy("the API reference page, on this server's assets only", () -> {
          HttpResponse<String> page = Http.get(ops.baseUrl() + "/api/docs");
          assertThat(page.statusCode()).isEqualTo(200);
          assertThat(contentType(page)).startsWith("text/html");
          assertThat(page.body()).contains("/openapi.yaml");
        }));

    table.add(op("GET /api/market/tickers")
        .happy("the fed symbol's ticker and the missing one", () -> {
          JsonObject batch = json(get("/api/market/tickers?symbols=btcusdt,NOPEUSDT,BTCUSDT"), 200);
          assertThat(batch.getJsonObject("tickers").fieldNames()).containsExactly("BTCUSDT");
          assertTicker(batch.getJsonObject("tickers").getJsonObject("BTCUSDT"));
          assertThat(batch.getJsonArray("missing")).containsExactly("NOPEUSDT");
        })
        .invalid("symbols absent", () -> invalidParameter(get("/api/market/tickers"), "query parameter symbols"))
        .invalid("symbols=BTC*", () -> invalidParameter(get("/api/market/tickers?symbols=BTC*"), "query parameter symbols")));

    table.add(op("GET /api/market/{symbol}/ticker")
        .happy("BTCUSDT, any case", () -> assertTicker(json(get("/api/market/btcusdt/ticker"), 200)))
        .invalid("symbol BTC_USDT", () -> invalidParameter(get("/api/market/BTC_USDT/ticker"), "path parameter symbol"))
        .notFound("a symbol not fed", () -> error(get("/api/market/NOPEUSDT/ticker"), 404, "no_market_data", "NOPEUSDT")));

    table.add(op("GET /api/market/{symbol}/klines")
        .happy("the newest 5 one-minute bars, oldest first", () -> {
          JsonObject klines = json(get("/api/market/BTCUSDT/klines?interval=1m&limit=5"), 200);
          assertThat(klines.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(klines.getString("interval")).isEqualTo("1m");
          JsonArray bars = klines.getJsonArray("klines");
          assertThat(bars).hasSize(5);
          for (int i = 0; i < bars.size(); i++) {
            JsonObject bar = bars.getJsonObject(i);
            assertThat(bar.getString("symbol")).isEqualTo("BTCUSDT");
            assertThat(bar.getDouble("high")).isGreaterThanOrEqualTo(bar.getDouble("low"));
            assertThat(bar.getLong("closeTime")).isEqualTo(bar.getLong("openTime") + 59_999);
            if (i > 0) {
              assertThat(bar.getLong("openTime")).isEqualTo(bars.getJsonObject(i - 1).getLong("openTime") + 60_000);
            }
          }
        })
        .invalid("interval=2m", () -> invalidParameter(get("/api/market/BTCUSDT/klines?interval=2m"), "query parameter interval"))
        .invalid("limit=0", () -> invalidParameter(get("/api/market/BTCUSDT/klines?limit=0"), "query parameter limit"))
        .invalid("startTime after endTime", () -> error(get("/api/market/BTCUSDT/klines?startTime=2000&endTime=1000"),
            400, "invalid_parameter", "startTime", "endTime"))
        .notFound("a symbol not fed", () -> error(get("/api/market/NOPEUSDT/klines"), 404, "no_market_data", "NOPEUSDT")));

    table.add(op("GET /api/market/{symbol}/orderbook")
        .happy("5 levels a side, best first", () -> {
          JsonObject book = json(get("/api/market/BTCUSDT/orderbook?depth=5"), 200);
          assertThat(book.getString("symbol")).isEqualTo("BTCUSDT");
          JsonArray bids = book.getJsonArray("bids");
          JsonArray asks = book.getJsonArray("asks");
          assertThat(bids).hasSize(5);
          assertThat(asks).hasSize(5);
          assertThat(bids.getJsonArray(0).getDouble(0)).isLessThan(asks.getJsonArray(0).getDouble(0));
          assertThat(bids.getJsonArray(0).getDouble(0)).isGreaterThan(bids.getJsonArray(4).getDouble(0));
          assertThat(asks.getJsonArray(0).getDouble(0)).isLessThan(asks.getJsonArray(4).getDouble(0));
        })
        .invalid("depth=21", () -> invalidParameter(get("/api/market/BTCUSDT/orderbook?depth=21"), "query parameter depth"))
        .notFound("a symbol not fed", () -> error(get("/api/market/NOPEUSDT/orderbook"), 404, "no_market_data", "NOPEUSDT")));

    table.add(op("GET /api/agents")
        .happy("a page with the fixture's agent, and the total", () -> {
          JsonObject page = json(get("/api/agents?limit=1000"), 200);
          assertThat(page.getJsonArray("agents").stream().map(a -> ((JsonObject) a).getString("id"))).contains(AGENT);
          assertThat(page.getLong("total")).isEqualTo(page.getJsonArray("agents").size());
          assertThat(page.getInteger("limit")).isEqualTo(1000);
          assertThat(page.getInteger("offset")).isZero();
          JsonObject one = json(get("/api/agents?limit=1&offset=" + (page.getLong("total") - 1)), 200);
          assertThat(one.getJsonArray("agents")).hasSize(1);
          assertThat(one.getJsonArray("agents").getJsonObject(0).getString("id"))
              .isEqualTo(page.getJsonArray("agents").getJsonObject(page.getJsonArray("agents").size() - 1).getString("id"));
        })
        .invalid("limit=0", () -> invalidParameter(get("/api/agents?limit=0"), "query parameter limit"))
        .invalid("offset=-1", () -> invalidParameter(get("/api/agents?offset=-1"), "query parameter offset")));

    table.add(op("POST /api/agents")
        .happy("201 with the defaults filled in, then readable", () -> {
          HttpResponse<String> created = send("POST", "/api/agents", "{\"id\":\"ops-created\",\"name\":\"Created\","
              + "\"symbols\":[\" btcusdt \"],\"interval\":\"5m\",\"models\":[\"technical\"],\"risk\":{\"maxOpenPositions\":2}}", TOKEN);
          JsonObject agent = json(created, 201);
          assertThat(created.headers().firstValue("Location")).hasValue("/api/agents/ops-created");
          assertThat(agent.getString("id")).isEqualTo("ops-created");
          assertThat(agent.getJsonArray("symbols")).containsExactly("BTCUSDT");
          assertThat(agent.getString("interval")).isEqualTo("5m");
          assertThat(agent.getJsonArray("models").getJsonObject(0).getString("name")).isEqualTo("technical");
          assertThat(agent.getJsonArray("models").getJsonObject(0).getDouble("weight")).isEqualTo(1.0);
          assertThat(agent.getJsonObject("risk").getInteger("maxOpenPositions")).isEqualTo(2);
          assertThat(agent.getJsonObject("risk").getInteger("cooldownSeconds")).as("a default").isEqualTo(60);
          assertThat(agent.getJsonObject("account").getString("exchange")).isEqualTo("paper");
          assertThat(agent.getBoolean("enabled")).isTrue();
          assertThat(agent.getInteger("version")).isEqualTo(1);
          assertThat(agent.getLong("createdAt")).isPositive().isEqualTo(agent.getLong("updatedAt"));
          assertThat(json(get("/api/agents/ops-created"), 200)).isEqualTo(agent);
        })
        .invalid("every problem of the definition at once", () -> {
          JsonObject error = error(send("POST", "/api/agents", "{\"id\":\"Bad Id\",\"symbols\":5}", TOKEN), 400, "invalid_agent");
          assertThat(error.getJsonArray("problems").stream().map(String.class::cast))
              .anyMatch(p -> p.startsWith("id ")).anyMatch(p -> p.startsWith("symbols "));
        })
        .invalid("not JSON", () -> error(send("POST", "/api/agents", "{not json", TOKEN), 400, "invalid_json", "agent"))
        .other("409 for an id taken", () -> error(send("POST", "/api/agents",
            "{\"id\":\"" + AGENT + "\",\"symbols\":[\"BTCUSDT\"]}", TOKEN), 409, "conflict", AGENT))
        .other("201 with the ETag of version 1", () -> assertThat(send("POST", "/api/agents",
            "{\"id\":\"ops-etag\",\"symbols\":[\"BTCUSDT\"]}", TOKEN).headers().firstValue("ETag")).hasValue("\"1\""))
        .other("422 symbol_not_served for a symbol no source of the instance serves", () -> {
          JsonObject error = error(send("POST", "/api/agents", "{\"id\":\"ops-doge\",\"symbols\":[\"DOGEUSDT\"]}", TOKEN),
              422, "symbol_not_served", "DOGEUSDT", "MARKET_SOURCE=synthetic (SYMBOLS) serves BTCUSDT");
          assertThat(error.getJsonArray("symbols")).containsExactly("BTCUSDT");
          assertThat(get("/api/agents/ops-doge").statusCode()).as("not created").isEqualTo(404);
        })
        .guarded("POST", "/api/agents", "{\"id\":\"ops-unauthorized\",\"symbols\":[\"BTCUSDT\"]}",
            () -> assertThat(get("/api/agents/ops-unauthorized").statusCode()).as("not created").isEqualTo(404)));

    table.add(op("GET /api/agents/{id}")
        .happy("the fixture's agent", () -> {
          JsonObject agent = json(get("/api/agents/" + AGENT), 200);
          assertThat(agent.getString("id")).isEqualTo(AGENT);
          assertThat(agent.getString("name")).isEqualTo(AGENT_NAME);
          assertThat(agent.getJsonArray("symbols")).containsExactly("BTCUSDT");
          assertThat(agent.getString("interval")).isEqualTo("1m");
          assertThat(agent.getJsonObject("account").getDouble("startingBalance")).isEqualTo(10_000.0);
          assertThat(agent.fieldNames()).doesNotContain("_id");
          assertThat(get("/api/agents/" + AGENT).headers().firstValue("ETag")).as("the version, for If-Match")
              .hasValue("\"" + agent.getLong("version") + "\"");
        })
        .invalid("id Bad_Id", () -> invalidParameter(get("/api/agents/Bad_Id"), "path parameter id"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody"), 404, "agent_not_found", "nobody")));

    table.add(op("PUT /api/agents/{id}")
        .happy("replaced, one version on, creation time kept", () -> {
          JsonObject before = createAgent("ops-replaced", "Before");
          JsonObject after = json(send("PUT", "/api/agents/ops-replaced",
              "{\"id\":\"ops-replaced\",\"name\":\"After\",\"symbols\":[\"BTCUSDT\"],\"risk\":{\"cooldownSeconds\":5}}", TOKEN), 200);
          assertThat(after.getString("name")).isEqualTo("After");
          assertThat(after.getJsonObject("risk").getInteger("cooldownSeconds")).isEqualTo(5);
          assertThat(after.getInteger("version")).isEqualTo(before.getInteger("version") + 1);
          assertThat(after.getLong("createdAt")).isEqualTo(before.getLong("createdAt"));
          assertThat(json(get("/api/agents/ops-replaced"), 200)).isEqualTo(after);
        })
        .other("the version read, in the body or as If-Match: current succeeds, stale is 409 with the current one", () -> {
          createAgent("ops-versioned", "Versioned");
          HttpResponse<String> read = get("/api/agents/ops-versioned");
          String etag = read.headers().firstValue("ETag").orElseThrow();
          JsonObject v1 = json(read, 200);
          // The body's version, current: replaced, and the new ETag comes with the answer.
          HttpResponse<String> first = send("PUT", "/api/agents/ops-versioned", v1.copy().put("name", "First").encode(), TOKEN);
          JsonObject v2 = json(first, 200);
          assertThat(v2.getLong("version")).isEqualTo(v1.getLong("version") + 1);
          assertThat(first.headers().firstValue("ETag")).hasValue("\"" + v2.getLong("version") + "\"");
          // The same version again is stale now: nothing changes, the answer says which version is current.
          HttpResponse<String> stale = send("PUT", "/api/agents/ops-versioned", v1.copy().put("name", "Lost").encode(), TOKEN);
          JsonObject conflict = error(stale, 409, "version_conflict", "version " + v2.getLong("version"));
          assertThat(conflict.getLong("currentVersion")).isEqualTo(v2.getLong("version"));
          assertThat(stale.headers().firstValue("ETag")).hasValue("\"" + v2.getLong("version") + "\"");
          // If-Match with the first ETag is stale too; with the current one it succeeds.
          String change = "{\"name\":\"By ETag\",\"symbols\":[\"BTCUSDT\"]}";
          HttpResponse<String> staleTag = Http.sendWithHeaders("PUT", url("/api/agents/ops-versioned"), change,
              Map.of("Authorization", "Bearer " + TOKEN, "If-Match", etag));
          assertThat(error(staleTag, 409, "version_conflict").getLong("currentVersion")).isEqualTo(v2.getLong("version"));
          JsonObject v3 = json(Http.sendWithHeaders("PUT", url("/api/agents/ops-versioned"), change,
              Map.of("Authorization", "Bearer " + TOKEN, "If-Match", first.headers().firstValue("ETag").orElseThrow())), 200);
          assertThat(v3.getString("name")).isEqualTo("By ETag");
          assertThat(v3.getLong("version")).isEqualTo(v2.getLong("version") + 1);
          assertThat(json(get("/api/agents/ops-versioned"), 200).getString("name")).isEqualTo("By ETag");
        })
        .other("of many writers on one version exactly one wins, the others are told the version", () -> {
          JsonObject agent = createAgent("ops-raced", "Raced");
          List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> writers = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            String body = agent.copy().put("name", "Writer " + i).encode();
            writers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> send("PUT", "/api/agents/ops-raced", body, TOKEN)));
          }
          List<HttpResponse<String>> answers = writers.stream().map(java.util.concurrent.CompletableFuture::join).toList();
          assertThat(answers.stream().filter(a -> a.statusCode() == 200)).as("winners").hasSize(1);
          answers.stream().filter(a -> a.statusCode() != 200)
              .forEach(a -> assertThat(error(a, 409, "version_conflict").getLong("currentVersion")).isEqualTo(2));
          assertThat(json(get("/api/agents/ops-raced"), 200).getLong("version")).isEqualTo(2);
        })
        .other("422 symbol_not_served for a symbol the synthetic market does not serve", () -> {
          JsonObject error = error(send("PUT", "/api/agents/" + AGENT, "{\"symbols\":[\"BTCUSDT\",\"DOGEUSDT\"]}", TOKEN),
              422, "symbol_not_served", "DOGEUSDT", "MARKET_SOURCE=synthetic", "BTCUSDT");
          assertThat(error.getJsonArray("symbols")).containsExactly("BTCUSDT");
          assertThat(json(get("/api/agents/" + AGENT), 200).getJsonArray("symbols")).as("unchanged").containsExactly("BTCUSDT");
        })
        .invalid("the body's id differs from the path's", () -> error(send("PUT", "/api/agents/" + AGENT,
            "{\"id\":\"someone-else\",\"symbols\":[\"BTCUSDT\"]}", TOKEN), 400, "invalid_agent", "someone-else", AGENT))
        .invalid("no symbols", () -> {
          JsonObject error = error(send("PUT", "/api/agents/" + AGENT, "{\"symbols\":[]}", TOKEN), 400, "invalid_agent");
          assertThat(error.getJsonArray("problems").stream().map(String.class::cast)).anyMatch(p -> p.startsWith("symbols "));
        })
        .invalid("id Bad_Id", () -> invalidParameter(send("PUT", "/api/agents/Bad_Id", "{\"symbols\":[\"BTCUSDT\"]}", TOKEN),
            "path parameter id"))
        .invalid("If-Match not an entity tag", () -> error(Http.sendWithHeaders("PUT", url("/api/agents/" + AGENT),
            "{\"symbols\":[\"BTCUSDT\"]}", Map.of("Authorization", "Bearer " + TOKEN, "If-Match", "3")),
            400, "invalid_parameter", "If-Match"))
        .notFound("an unknown agent", () -> error(send("PUT", "/api/agents/nobody", "{\"symbols\":[\"BTCUSDT\"]}", TOKEN),
            404, "agent_not_found", "nobody"))
        .guarded("PUT", "/api/agents/" + AGENT, "{\"name\":\"Hijacked\",\"symbols\":[\"BTCUSDT\"]}",
            () -> assertThat(json(get("/api/agents/" + AGENT), 200).getString("name")).as("unchanged").isEqualTo(AGENT_NAME)));

    table.add(op("DELETE /api/agents/{id}")
        .happy("204, then gone", () -> {
          createAgent("ops-deleted", "Deleted");
          HttpResponse<String> deleted = send("DELETE", "/api/agents/ops-deleted", null, TOKEN);
          assertThat(deleted.statusCode()).as(describe(deleted)).isEqualTo(204);
          assertThat(deleted.body()).isEmpty();
          error(get("/api/agents/ops-deleted"), 404, "agent_not_found", "ops-deleted");
        })
        .invalid("id Bad_Id", () -> invalidParameter(send("DELETE", "/api/agents/Bad_Id", null, TOKEN), "path parameter id"))
        .notFound("an unknown agent", () -> error(send("DELETE", "/api/agents/nobody", null, TOKEN), 404, "agent_not_found", "nobody"))
        .guarded("DELETE", "/api/agents/" + AGENT, null,
            () -> assertThat(get("/api/agents/" + AGENT).statusCode()).as("still there").isEqualTo(200)));

    table.add(op("GET /api/agents/{id}/analysis")
        .happy("the latest analysis of BTCUSDT", () -> {
          JsonObject analysis = json(get("/api/agents/" + AGENT + "/analysis"), 200);
          assertThat(analysis.getString("agentId")).isEqualTo(AGENT);
          JsonObject result = analysis.getJsonObject("results").getJsonObject("BTCUSDT");
          assertThat(result.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(result.getString("agentId")).isEqualTo(AGENT);
          assertThat(result.getString("action")).isIn("BUY", "SELL", "HOLD");
          assertThat(analysis.getJsonArray("missing")).isEmpty();
        })
        .invalid("id Bad_Id", () -> invalidParameter(get("/api/agents/Bad_Id/analysis"), "path parameter id"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody/analysis"), 404, "agent_not_found", "nobody")));

    table.add(op("GET /api/agents/{id}/signal")
        .happy("the agent's current signal, one of its history", () -> {
          JsonObject current = json(get("/api/agents/" + AGENT + "/signal"), 200);
          assertThat(current.getString("agentId")).isEqualTo(AGENT);
          assertThat(current.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(current.getString("action")).isIn("BUY", "SELL", "CLOSE");
          assertThat(current.getString("status")).isNotBlank();
          assertThat(history(AGENT).stream().map(s -> s.getString("id"))).contains(current.getString("id"));
        })
        .invalid("id Bad_Id", () -> invalidParameter(get("/api/agents/Bad_Id/signal"), "path parameter id"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody/signal"), 404, "agent_not_found", "nobody"))
        .other("an agent without signals: 404 no_signal", () -> {
          json(send("POST", "/api/agents", "{\"id\":\"ops-quiet\",\"symbols\":[\"BTCUSDT\"],\"enabled\":false}", TOKEN), 201);
          error(get("/api/agents/ops-quiet/signal"), 404, "no_signal", "ops-quiet");
        }));

    table.add(op("GET /api/agents/{id}/signals")
        .happy("the history with the fixture's BUY, sent", () -> {
          JsonObject page = json(get("/api/agents/" + AGENT + "/signals?limit=50"), 200);
          assertThat(page.getString("agentId")).isEqualTo(AGENT);
          JsonObject buy = page.getJsonArray("signals").stream().map(JsonObject.class::cast)
              .filter(s -> signalId.equals(s.getString("id"))).findFirst().orElseThrow();
          assertThat(buy.getString("status")).isEqualTo("sent");
          assertThat(buy.getString("action")).isEqualTo("BUY");
          assertThat(buy.getString("clOrdId")).isEqualTo(clOrdId);
          assertThat(buy.fieldNames()).doesNotContain("_id");
        })
        .invalid("limit=0", () -> invalidParameter(get("/api/agents/" + AGENT + "/signals?limit=0"), "query parameter limit"))
        .invalid("id Bad_Id", () -> invalidParameter(get("/api/agents/Bad_Id/signals"), "path parameter id"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody/signals"), 404, "agent_not_found", "nobody")));

    table.add(op("POST /api/agents/{id}/signals")
        .happy("202 queued; the same requestId again is a duplicate", () -> {
          createAgent("ops-signals", "Signals");
          String buy = "{\"symbol\":\"btcusdt\",\"action\":\" buy \",\"confidence\":0.5,\"requestId\":\"ops-happy\"}";
          JsonObject first = json(send("POST", "/api/agents/ops-signals/signals", buy, TOKEN), 202);
          assertThat(first.getJsonArray("duplicates")).isEmpty();
          assertThat(first.getJsonArray("queued")).hasSize(1);
          JsonObject signal = first.getJsonArray("queued").getJsonObject(0);
          assertThat(signal.getString("id")).isEqualTo("ops-signals:BTCUSDT:api:r-ops-happy");
          assertThat(signal.getString("agentId")).isEqualTo("ops-signals");
          assertThat(signal.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(signal.getString("action")).isEqualTo("BUY");
          assertThat(signal.getDouble("confidence")).isEqualTo(0.5);
          assertThat(signal.getDouble("referencePrice")).isPositive();
          assertThat(signal.getString("clOrdId")).matches("[A-Za-z0-9]{1,32}");
          JsonObject again = json(send("POST", "/api/agents/ops-signals/signals", buy, TOKEN), 202);
          assertThat(again.getJsonArray("queued")).isEmpty();
          assertThat(again.getJsonArray("duplicates").getJsonObject(0).getString("clOrdId")).isEqualTo(signal.getString("clOrdId"));
        })
        .invalid("confidence \"high\"", () -> error(send("POST", "/api/agents/" + AGENT + "/signals", "{\"confidence\":\"high\"}", TOKEN),
            400, "invalid_request", "confidence"))
        .invalid("a symbol the agent does not trade", () -> error(send("POST", "/api/agents/" + AGENT + "/signals",
            "{\"symbol\":\"ETHUSDT\",\"action\":\"BUY\"}", TOKEN), 400, "invalid_signal", "symbol"))
        .invalid("not a JSON object", () -> error(send("POST", "/api/agents/" + AGENT + "/signals", "[1]", TOKEN), 400, "invalid_json"))
        .invalid("id Bad_Id", () -> invalidParameter(send("POST", "/api/agents/Bad_Id/signals", "{}", TOKEN), "path parameter id"))
        .notFound("an unknown agent", () -> error(send("POST", "/api/agents/nobody/signals", "{\"action\":\"BUY\"}", TOKEN),
            404, "agent_not_found", "nobody"))
        .guarded("POST", "/api/agents/" + AGENT + "/signals", "{\"action\":\"BUY\",\"requestId\":\"ops-unauthorized\"}",
            () -> assertThat(history(AGENT).stream().map(s -> s.getString("id"))).as("nothing queued")
                .noneMatch(id -> id.endsWith(":r-ops-unauthorized"))));

    table.add(op("GET /api/admin/halt")
        .happy("not halted", () -> assertThat(json(get("/api/admin/halt"), 200).getBoolean("halted")).isFalse()));

    table.add(op("POST /api/admin/halt")
        .happy("halted with its reason, then resumed", () -> {
          try {
            HttpResponse<String> halt = send("POST", "/api/admin/halt", "{\"halted\":true,\"reason\":\"operations test\"}", TOKEN);
            JsonObject halted = json(halt, 200);
            assertThat(halted.getBoolean("halted")).isTrue();
            assertThat(halted.getString("reason")).isEqualTo("operations test");
            assertThat(halted.getString("by")).as("the token's identity").isEqualTo("token:" + Secret.of(TOKEN).fingerprint());
            assertThat(halt.body()).as("never the token itself").doesNotContain(TOKEN);
            assertThat(halted.getLong("at")).isPositive();
            JsonObject read = json(get("/api/admin/halt"), 200);
            assertThat(read.getBoolean("halted")).isTrue();
            assertThat(read.getString("reason")).isEqualTo("operations test");
          } finally {
            JsonObject resumed = json(send("POST", "/api/admin/halt", "{\"halted\":false,\"reason\":\"test over\"}", TOKEN), 200);
            assertThat(resumed.getBoolean("halted")).isFalse();
          }
          // The resume is recorded like the halt: who, why, when.
          JsonObject read = json(get("/api/admin/halt"), 200);
          assertThat(read.getBoolean("halted")).isFalse();
          assertThat(read.getString("reason")).isEqualTo("test over");
          assertThat(read.getString("by")).isEqualTo("token:" + Secret.of(TOKEN).fingerprint());
          assertThat(read.getLong("at")).isPositive();
        })
        .invalid("a halt without a reason", () -> {
          error(send("POST", "/api/admin/halt", "{\"halted\":true}", TOKEN), 400, "invalid_request", "reason");
          error(send("POST", "/api/admin/halt", "{\"reason\":\"  \"}", TOKEN), 400, "invalid_request", "reason");
          error(send("POST", "/api/admin/halt", null, TOKEN), 400, "invalid_request", "reason");
          assertThat(json(get("/api/admin/halt"), 200).getBoolean("halted")).as("not halted").isFalse();
        })
        .invalid("halted \"yes\"", () -> error(send("POST", "/api/admin/halt", "{\"halted\":\"yes\"}", TOKEN),
            400, "invalid_request", "halted"))
        .invalid("a reason of 201 characters", () -> error(send("POST", "/api/admin/halt",
            "{\"reason\":\"" + "x".repeat(201) + "\"}", TOKEN), 400, "invalid_request", "reason"))
        .invalid("not a JSON object", () -> error(send("POST", "/api/admin/halt", "true", TOKEN), 400, "invalid_json"))
        .guarded("POST", "/api/admin/halt", "{\"halted\":true,\"reason\":\"unauthorized\"}",
            () -> assertThat(json(get("/api/admin/halt"), 200).getBoolean("halted")).as("not halted").isFalse()));

    table.add(op("GET /api/trades")
        .happy("the fixture's fill", () -> {
          JsonObject page = json(get("/api/trades?agentId=" + AGENT), 200);
          assertThat(page.getInteger("limit")).isEqualTo(100);
          assertThat(page.getInteger("offset")).isZero();
          JsonObject fill = page.getJsonArray("trades").stream().map(JsonObject.class::cast)
              .filter(t -> clOrdId.equals(t.getString("clOrdId"))).findFirst().orElseThrow();
          assertThat(fill.getString("id")).isNotBlank();
          assertThat(fill.fieldNames()).doesNotContain("_id");
          assertThat(fill.getString("agentId")).isEqualTo(AGENT);
          assertThat(fill.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(fill.getString("side")).isEqualTo("BUY");
          assertThat(Double.parseDouble(fill.getString("price"))).isPositive();
          assertThat(Double.parseDouble(fill.getString("quantity"))).isPositive();
          assertThat(page.getJsonArray("trades").stream().map(t -> ((JsonObject) t).getString("agentId"))).containsOnly(AGENT);
        })
        .invalid("agentId Bad_Id", () -> invalidParameter(get("/api/trades?agentId=Bad_Id"), "query parameter agentId"))
        .invalid("limit=ten", () -> invalidParameter(get("/api/trades?limit=ten"), "query parameter limit"))
        .invalid("offset=100001", () -> invalidParameter(get("/api/trades?offset=100001"), "query parameter offset"))
        .other("an unknown agentId: 404, not an empty page", () -> error(get("/api/trades?agentId=nobody"), 404, "agent_not_found", "nobody")));

    table.add(op("GET /api/orders")
        .happy("the fixture's order among the settled, in the form of GET /api/orders/{id}; a resting entry among the open"
            + " until its agent is deleted", () -> {
          JsonObject every = json(get("/api/orders?agentId=" + AGENT), 200);
          assertThat(every.getInteger("limit")).isEqualTo(100);
          assertThat(orderIn(every, clOrdId)).as("as GET /api/orders/{id} has it")
              .isEqualTo(json(get("/api/orders/" + clOrdId), 200));
          assertThat(orderIn(json(get("/api/orders?agentId=" + AGENT + "&open=false"), 200), clOrdId)).isNotNull();
          assertThat(orderIn(json(get("/api/orders?agentId=" + AGENT + "&open=true"), 200), clOrdId)).isNull();

          // A maker's entry 4 % under the mid: it rests, and never fills within the test.
          json(send("POST", "/api/agents", new JsonObject().put("id", MAKER).put("symbols", new JsonArray().add("BTCUSDT"))
              .put("execution", new JsonObject().put("type", "post_only").put("price", "offset").put("offsetBps", 400)
                  .put("ttlMs", 60_000).put("maxReprices", 0)).encode(), TOKEN), 201);
          String entry = json(send("POST", "/api/agents/" + MAKER + "/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}",
              TOKEN), 202).getJsonArray("queued").getJsonObject(0).getString("clOrdId");
          Eventually.within(WAIT, () -> "the entry resting: " + get("/api/orders/" + entry).body(), () -> {
            JsonObject open = orderIn(json(get("/api/orders?open=true&limit=500"), 200), entry);
            return open != null && open.getBoolean("resting", false);
          });
          JsonObject mine = json(get("/api/orders?agentId=" + MAKER + "&open=true"), 200);
          assertThat(mine.getJsonArray("orders")).hasSize(1);
          JsonObject resting = mine.getJsonArray("orders").getJsonObject(0);
          assertThat(resting.getString("id")).isEqualTo(entry);
          assertThat(resting.getString("status")).isEqualTo("LIVE");
          assertThat(resting.getBoolean("settled")).isFalse();
          assertThat(resting.getString("orderType")).isEqualTo("POST_ONLY");
          assertThat(resting.getValue("limitPrice")).as("a number on the wire").isInstanceOf(Number.class);
          assertThat(resting.getDouble("limitPrice"))
              .isLessThan(Double.parseDouble(resting.getJsonObject("plan").getString("referencePrice")) * 0.97);
          assertThat(resting.getLong("restUntil")).isGreaterThan(resting.getLong("createdAt"));
          assertThat(resting.getInteger("reprices")).isZero();
          assertThat(resting.fieldNames()).as("no bookkeeping").doesNotContain("progressSeq", "pendingFills");

          // Deleting its agent cancels it: no longer open.
          assertThat(send("DELETE", "/api/agents/" + MAKER, null, TOKEN).statusCode()).isEqualTo(204);
          Eventually.within(WAIT, () -> "the entry cancelled: " + get("/api/orders/" + entry).body(),
              () -> orderIn(json(get("/api/orders?open=true&limit=500"), 200), entry) == null);
          JsonObject ended = json(get("/api/orders/" + entry), 200);
          assertThat(ended.getBoolean("settled")).isTrue();
          assertThat(ended.getString("status")).isEqualTo("CANCELED");
        })
        .invalid("open=yes", () -> invalidParameter(get("/api/orders?open=yes"), "query parameter open"))
        .invalid("limit=501", () -> invalidParameter(get("/api/orders?open=true&limit=501"), "query parameter limit"))
        .invalid("agentId Bad_Id", () -> invalidParameter(get("/api/orders?agentId=Bad_Id"), "query parameter agentId"))
        .other("an unknown agentId: 404, not an empty page", () -> error(get("/api/orders?agentId=nobody&open=true"), 404,
            "agent_not_found", "nobody")));

    table.add(op("GET /api/orders/{id}")
        .happy("the fixture's order, filled and settled", () -> {
          JsonObject order = json(get("/api/orders/" + clOrdId), 200);
          assertThat(order.getString("id")).isEqualTo(clOrdId);
          assertThat(order.getString("status")).isEqualTo("FILLED");
          assertThat(order.getBoolean("settled")).isTrue();
          assertThat(order.getString("agentId")).isEqualTo(AGENT);
          assertThat(order.getString("signalId")).isEqualTo(signalId);
          assertThat(order.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(order.getString("side")).isEqualTo("BUY");
          assertThat(order.getString("exchange")).isEqualTo("paper");
        })
        .invalid("id with a '-'", () -> invalidParameter(get("/api/orders/not-an-id"), "path parameter id"))
        .notFound("an unknown order", () -> error(get("/api/orders/unknown1"), 404, "order_not_found", "unknown1")));

    table.add(op("DELETE /api/orders/{id}")
        .happy("a resting entry's cancel requested, the same answer twice, then cancelled at the venue; a settled order 409",
            () -> {
          String canceller = "ops-canceller";
          json(send("POST", "/api/agents", new JsonObject().put("id", canceller).put("symbols", new JsonArray().add("BTCUSDT"))
              .put("execution", new JsonObject().put("type", "post_only").put("price", "offset").put("offsetBps", 400)
                  .put("ttlMs", 60_000).put("maxReprices", 0)).encode(), TOKEN), 201);
          String entry = json(send("POST", "/api/agents/" + canceller + "/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}",
              TOKEN), 202).getJsonArray("queued").getJsonObject(0).getString("clOrdId");
          Eventually.within(WAIT, () -> "the entry resting: " + get("/api/orders/" + entry).body(),
              () -> new JsonObject(get("/api/orders/" + entry).body()).getBoolean("resting", false));
          JsonObject first = json(send("DELETE", "/api/orders/" + entry, null, TOKEN), 202);
          assertThat(first.getString("clOrdId")).isEqualTo(entry);
          assertThat(first.getBoolean("cancelRequested")).isTrue();
          assertThat(first.getString("cancelReason")).startsWith("cancelled: by token:");
          Eventually.within(WAIT, () -> "the entry cancelled: " + get("/api/orders/" + entry).body(),
              () -> "CANCELED".equals(new JsonObject(get("/api/orders/" + entry).body()).getString("status")));
          error(send("DELETE", "/api/orders/" + entry, null, TOKEN), 409, "order_not_resting", "settled (CANCELED)");
          error(send("DELETE", "/api/orders/" + clOrdId, null, TOKEN), 409, "order_not_resting", "settled (FILLED)");
          assertThat(send("DELETE", "/api/agents/" + canceller, null, TOKEN).statusCode()).isEqualTo(204);
        })
        .invalid("id with a '-'", () -> invalidParameter(send("DELETE", "/api/orders/not-an-id", null, TOKEN), "path parameter id"))
        .notFound("an unknown order", () -> error(send("DELETE", "/api/orders/unknown1", null, TOKEN), 404, "order_not_found",
            "unknown1"))
        .guarded("DELETE", "/api/orders/unknown1", null, null));

    table.add(op("GET /api/positions")
        .happy("the fixture's agent's positions, each marked with the guard's levels around its entry", () -> {
          JsonObject page = json(get("/api/positions?agentId=" + AGENT), 200);
          for (Object item : page.getJsonArray("positions")) {
            JsonObject p = (JsonObject) item;
            assertThat(p.getString("agentId")).isEqualTo(AGENT);
            assertThat(p.getString("side")).isEqualTo("long");
            assertThat(p.getDouble("stopLoss")).isLessThan(p.getDouble("entry"));
            assertThat(p.getDouble("takeProfit")).isGreaterThan(p.getDouble("entry"));
          }
          assertThat(json(get("/api/positions"), 200).getJsonArray("positions")).isNotNull();
        })
        .invalid("agentId Bad_Id", () -> invalidParameter(get("/api/positions?agentId=Bad_Id"), "query parameter agentId"))
        .other("an unknown agentId: 404, not an empty list", () -> error(get("/api/positions?agentId=nobody"), 404,
            "agent_not_found", "nobody")));

    table.add(op("GET /api/agents/{id}/indicators")
        .happy("the agent's own indicators on its first symbol, at most limit points, one per closed bar", () -> {
          JsonObject answer = json(get("/api/agents/" + AGENT + "/indicators?limit=20"), 200);
          assertThat(answer.getString("agentId")).isEqualTo(AGENT);
          assertThat(answer.getString("symbol")).isEqualTo("BTCUSDT");
          assertThat(answer.getString("interval")).isEqualTo(answer.getString("agentInterval"));
          assertThat(answer.getValue("periods")).isNotNull();
          assertThat(answer.getJsonArray("points").size()).isBetween(0, 20);
        })
        .invalid("symbol btc-usdt", () -> invalidParameter(get("/api/agents/" + AGENT + "/indicators?symbol=btc-usdt"), "query parameter symbol"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody/indicators"), 404, "agent_not_found", "nobody")));

    table.add(op("GET /api/overview")
        .happy("the agents' equity and P/L, and the cluster's errors and warnings", () -> {
          JsonObject overview = json(get("/api/overview"), 200);
          assertThat(overview.getString("exchange")).isEqualTo("all");
          assertThat(overview.getInteger("agents")).isPositive();
          assertThat(overview.getJsonArray("byAgent").stream().map(a -> ((JsonObject) a).getString("agentId"))).contains(AGENT);
          assertThat(overview.getJsonObject("rejections").getLong("count")).isNotNegative();
          assertThat(json(get("/api/overview?exchange=okx"), 200).getInteger("agents")).isZero();
        })
        .invalid("exchange binance", () -> invalidParameter(get("/api/overview?exchange=binance"), "query parameter exchange")));

    table.add(op("GET /api/auth")
        .happy("what the token may do, and that no token may do nothing", () -> {
          JsonObject mine = json(send("GET", "/api/auth", null, TOKEN), 200);
          assertThat(mine.getBoolean("valid")).isTrue();
          assertThat(mine.getJsonArray("scopes")).containsExactly("trade", "agents", "admin", "backtests");
          assertThat(mine.getString("identity")).isEqualTo("token:" + Secret.of(TOKEN).fingerprint());
          assertThat(json(get("/api/auth"), 200).getBoolean("valid")).isFalse();
        }));

    table.add(op("GET /api/agents/{id}/performance")
        .happy("the figures, with the fixture's fill", () -> {
          Eventually.within(WAIT, () -> "figures with a fill: " + get("/api/agents/" + AGENT + "/performance").body(),
              () -> new JsonObject(get("/api/agents/" + AGENT + "/performance").body()).getInteger("fills", 0) >= 1);
          JsonObject figures = json(get("/api/agents/" + AGENT + "/performance"), 200);
          assertThat(figures.getString("agentId")).isEqualTo(AGENT);
          assertThat(figures.getString("source")).isIn("cache", "computed", "mongodb");
          assertThat(Double.parseDouble(figures.getString("startingBalance"))).isEqualTo(10_000.0);
          assertThat(Double.parseDouble(figures.getString("equity"))).isPositive();
          assertThat(Double.parseDouble(figures.getString("fees"))).isPositive();
        })
        .invalid("id Bad_Id", () -> invalidParameter(get("/api/agents/Bad_Id/performance"), "path parameter id"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody/performance"), 404, "agent_not_found", "nobody")));

    table.add(op("GET /api/agents/{id}/performance/history")
        .happy("the snapshot the job took", () -> {
          Eventually.within(WAIT, () -> "a snapshot: " + get("/api/agents/" + AGENT + "/performance/history").body(),
              () -> !new JsonObject(get("/api/agents/" + AGENT + "/performance/history").body()).getJsonArray("snapshots").isEmpty());
          JsonObject history = json(get("/api/agents/" + AGENT + "/performance/history?limit=10"), 200);
          assertThat(history.getString("agentId")).isEqualTo(AGENT);
          JsonObject snapshot = history.getJsonArray("snapshots").getJsonObject(0);
          assertThat(snapshot.getString("agentId")).isEqualTo(AGENT);
          assertThat(snapshot.getLong("at")).isPositive();
          assertThat(snapshot.fieldNames()).doesNotContain("_id");
        })
        .invalid("limit=0", () -> invalidParameter(get("/api/agents/" + AGENT + "/performance/history?limit=0"), "query parameter limit"))
        .invalid("id Bad_Id", () -> invalidParameter(get("/api/agents/Bad_Id/performance/history"), "path parameter id"))
        .notFound("an unknown agent", () -> error(get("/api/agents/nobody/performance/history"), 404, "agent_not_found", "nobody")));

    table.add(op("GET /api/leaderboard")
        .happy("the fixture's agent ranked, overall and by period", () -> {
          Eventually.within(WAIT, () -> "the agent ranked: " + get("/api/leaderboard?limit=1000").body(),
              () -> leaderboardRow(json(get("/api/leaderboard?limit=1000"), 200)) != null);
          JsonObject board = json(get("/api/leaderboard?limit=1000"), 200);
          assertThat(board.getString("source")).isEqualTo("redis");
          JsonObject row = leaderboardRow(board);
          assertThat(row.getInteger("rank")).isPositive();
          assertThat(row.getValue("returnPct")).isInstanceOf(Number.class);
          JsonObject day = json(get("/api/leaderboard?period=day"), 200);
          assertThat(day.getString("period")).isEqualTo("day");
          assertThat(leaderboardRow(day)).as("ranked from its snapshot").isNotNull();
        })
        .invalid("period=year", () -> invalidParameter(get("/api/leaderboard?period=year"), "query parameter period"))
        .invalid("limit=0", () -> invalidParameter(get("/api/leaderboard?limit=0"), "query parameter limit")));

    table.add(op("GET /api/jobs")
        .happy("every built-in job; the snapshot ran", () -> {
          JsonObject jobs = json(get("/api/jobs"), 200);
          assertThat(jobs.getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("name")))
              .containsExactlyElementsOf(JobsVerticle.BUILT_IN);
          Eventually.within(WAIT, "the performance-snapshot run", () -> jobTotal("performance-snapshot") >= 1);
        }));

    table.add(op("GET /api/reconciliation")
        .happy("the run at start, which says why it reconciled nothing on paper (VenueReconciliationAtStartTest: on OKX)", () -> {
          Eventually.within(WAIT, "the venue reconciliation's run at start",
              () -> json(get("/api/reconciliation"), 200).containsKey("lastRun"));
          JsonObject body = json(get("/api/reconciliation?limit=5"), 200);
          assertThat(body.getJsonArray("discrepancies")).isEmpty();
          assertThat(body.getInteger("limit")).isEqualTo(5);
          assertThat(body.getJsonObject("lastRun").getJsonObject("result").getString("skipped")).contains("EXCHANGE=paper");
        })
        .invalid("limit=0", () -> invalidParameter(get("/api/reconciliation?limit=0"), "query parameter limit")));

    table.add(op("POST /api/jobs/{name}/run")
        .happy("202 requested, then run", () -> {
          long before = jobTotal("redis-memory");
          JsonObject requested = json(send("POST", "/api/jobs/redis-memory/run", null, TOKEN), 202);
          assertThat(requested.getString("name")).isEqualTo("redis-memory");
          assertThat(requested.getBoolean("requested")).isTrue();
          assertThat(requested.getString("message")).isNotBlank();
          Eventually.within(WAIT, "the redis-memory run", () -> jobTotal("redis-memory") > before);
        })
        .noValidationCase("name has no rule of its own: any name is looked up, an unknown one is the 404")
        .notFound("an unknown job", () -> error(send("POST", "/api/jobs/nothing/run", null, TOKEN), 404, "job_not_found", "nothing"))
        .guarded("POST", "/api/jobs/cleanup/run", null, null));

    table.add(op("GET /api/backtests")
        .happy("runs newest first, paged", () -> {
          String id = doneBacktest();
          JsonObject page = json(get("/api/backtests?limit=100"), 200);
          assertThat(page.getJsonArray("runs").stream().map(r -> ((JsonObject) r).getString("id"))).contains(id);
          assertThat(page.getInteger("limit")).isEqualTo(100);
        })
        .invalid("limit=0", () -> invalidParameter(get("/api/backtests?limit=0"), "query parameter limit")));

    table.add(op("GET /api/backtests/data")
        .happy("the recorded day among the files", () -> {
          SharedData.require(BACKTEST_DAY);
          assertThat(json(get("/api/backtests/data"), 200).getJsonArray("files")).contains(BACKTEST_DAY);
        }));

    table.add(op("POST /api/backtests")
        .happy("202 queued, then done by the jobs role", () -> assertThat(doneBacktest()).isNotBlank())
        .invalid("no data, an unknown agent", () -> {
          JsonObject error = error(send("POST", "/api/backtests", new JsonObject().put("data", new JsonArray())
              .put("agents", new JsonArray().add("Not An Id")).encode(), TOKEN), 400, "invalid_backtest");
          assertThat(error.getJsonArray("problems")).hasSize(2);
        })
        .invalid("kind optimize: two agents, no space, trials past 500", () -> {
          JsonObject body = backtest(BACKTEST_DAY, 2).put("kind", "optimize").put("search", "random").put("trials", 501);
          JsonObject error = error(send("POST", "/api/backtests", body.encode(), TOKEN), 400, "invalid_backtest");
          assertThat(error.getJsonArray("problems").stream().map(String::valueOf))
              .anyMatch(p -> p.startsWith("agents:")).anyMatch(p -> p.startsWith("space:")).anyMatch(p -> p.startsWith("trials:"));
        })
        .guarded("POST", "/api/backtests", backtest(BACKTEST_DAY, 1).encode(), null));

    table.add(op("GET /api/backtests/{id}")
        .happy("its status, progress and summary", () -> {
          JsonObject run = json(get("/api/backtests/" + doneBacktest()), 200);
          assertThat(run.getString("status")).isEqualTo("done");
          assertThat(run.getJsonArray("summary").getJsonObject(0).getString("agentId")).isEqualTo("ops-bt-0");
        })
        .noValidationCase("id has no rule of its own: an unknown one is the 404")
        .notFound("an unknown run", () -> error(get("/api/backtests/no-such-run"), 404, "backtest_not_found")));

    table.add(op("GET /api/backtests/{id}/report")
        .happy("the report's JSON", () -> assertThat(json(get("/api/backtests/" + doneBacktest() + "/report"), 200)
            .getString("report")).isEqualTo("mariposa backtest"))
        .noValidationCase("id has no rule of its own: an unknown one is the 404")
        .notFound("an unknown run", () -> error(get("/api/backtests/no-such-run/report"), 404, "backtest_not_found")));

    table.add(op("GET /api/backtests/{id}/report.html")
        .happy("the report's page", () -> assertThat(get("/api/backtests/" + doneBacktest() + "/report.html").body())
            .contains("<title>Mariposa backtest</title>"))
        .noValidationCase("id has no rule of its own: an unknown one is the 404")
        .notFound("an unknown run", () -> error(get("/api/backtests/no-such-run/report.html"), 404, "backtest_not_found")));

    table.add(op("DELETE /api/backtests/{id}")
        .happy("a long run cancelled, queued or running", () -> {
          String id = json(send("POST", "/api/backtests", backtest("binance/klines", 8).encode(), TOKEN), 202).getString("id");
          HttpResponse<String> cancel = send("DELETE", "/api/backtests/" + id, null, TOKEN);
          assertThat(cancel.statusCode()).as(describe(cancel)).isIn(200, 202);
          Eventually.within(WAIT, "the run cancelled", () -> "cancelled".equals(
              json(get("/api/backtests/" + id), 200).getString("status")));
        })
        .noValidationCase("id has no rule of its own: an unknown one is the 404")
        .notFound("an unknown run", () -> error(send("DELETE", "/api/backtests/no-such-run", null, TOKEN), 404,
            "backtest_not_found"))
        .guarded("DELETE", "/api/backtests/no-such-run", null, null));

    table.add(op("GET /api/cluster")
        .happy("this instance, alone in its prefix", () -> {
          JsonObject registry = json(get("/api/cluster"), 200);
          assertThat(registry.getString("self")).isEqualTo("ops");
          assertThat(registry.getInteger("count")).isEqualTo(1);
          JsonObject self = registry.getJsonArray("instances").getJsonObject(0);
          assertThat(self.getString("id")).isEqualTo("ops");
          assertThat(self.getJsonArray("roles")).contains("http", "feed", "trade");
        }));

    table.add(op("GET /api/system")
        .happy("the figures of the one instance, queues and Redis", () -> {
          Eventually.within(WAIT, "the instance's report", () -> json(get("/api/system"), 200).getInteger("instances") == 1);
          JsonObject system = json(get("/api/system"), 200);
          assertThat(system.getJsonArray("byInstance").getJsonObject(0).getString("instance")).isEqualTo("ops");
          assertThat(system.getLong("heapUsedMb")).isPositive();
          assertThat(system.getJsonObject("queues").fieldNames())
              .containsExactlyInAnyOrder("signalsPending", "signalsProcessing", "tradesPending", "tradesDeadLettered");
          assertThat(system.getJsonObject("redis").getLong("usedMemoryBytes")).isPositive();
        }));

    table.add(op("GET /api/sessions")
        .happy("the browser's session", () -> {
          Eventually.within(WAIT, () -> "the session: " + send("GET", "/api/sessions", null, TOKEN).body(),
              () -> session(json(send("GET", "/api/sessions", null, TOKEN), 200)) != null);
          JsonObject page = json(send("GET", "/api/sessions?limit=10", null, TOKEN), 200);
          assertThat(page.getInteger("limit")).isEqualTo(10);
          assertThat(page.getInteger("offset")).isZero();
          assertThat(page.getInteger("total")).isGreaterThanOrEqualTo(1);
          JsonObject session = session(page);
          assertThat(session.getString("remote")).isEqualTo("127.0.0.1");
          assertThat(session.getLong("created")).isPositive();
        })
        .invalid("limit=0", () -> invalidParameter(send("GET", "/api/sessions?limit=0", null, TOKEN), "query parameter limit"))
        .invalid("offset=-1, checked before the token", () -> invalidParameter(send("GET", "/api/sessions?offset=-1", null, null),
            "query parameter offset"))
        .guarded("GET", "/api/sessions", null, null));

    table.add(op("GET /api/events/schemas")
        .happy("the families and the Redis layout", () -> {
          JsonObject listing = json(get("/api/events/schemas"), 200);
          JsonObject ticker = listing.getJsonArray("families").stream().map(JsonObject.class::cast)
              .filter(f -> "market.ticker".equals(f.getString("name"))).findFirst().orElseThrow();
          assertThat(ticker.getString("address")).isEqualTo("market.ticker.{SYMBOL}");
          assertThat(ticker.getString("direction")).isEqualTo("out");
          assertThat(ticker.getString("schema")).isEqualTo("/api/events/schemas/market.ticker");
          assertThat(ticker.getString("channel")).startsWith("mariposa:bus:");
          assertThat(listing.getJsonObject("redis").getString("mode")).isEqualTo("standalone");
          assertThat(listing.getJsonObject("redis").getString("keyPrefix")).isEqualTo("mariposa:");
        }));

    table.add(op("GET /api/events/schemas/{name}")
        .happy("every schema the listing links to", () -> {
          JsonObject ticker = json(get("/api/events/schemas/market.ticker"), 200);
          assertThat(ticker.getString("$schema")).contains("2020-12");
          assertThat(ticker.getJsonObject("properties").fieldNames()).contains("symbol", "bid", "ask");
          for (Object family : json(get("/api/events/schemas"), 200).getJsonArray("families")) {
            for (String link : List.of("schema", "request", "reply")) {
              String path = ((JsonObject) family).getString(link);
              if (path != null) {
                assertThat(json(get(path), 200).getString("$schema")).as(path).isNotBlank();
              }
            }
          }
        })
        .invalid("name bad*name", () -> invalidParameter(get("/api/events/schemas/bad*name"), "path parameter name"))
        .notFound("an unknown schema", () -> error(get("/api/events/schemas/no.such.schema"), 404, "schema_not_found",
            "no.such.schema")));

    return table;
  }

  @TestFactory
  Stream<DynamicContainer> everyOperation() {
    return table().stream().map(op -> DynamicContainer.dynamicContainer(op.key, op.cases.stream().map(c -> {
      String name = c.kind.label + ": " + c.name;
      return DynamicTest.dynamicTest(name, () -> {
        try {
          c.check.execute();
        } catch (AssertionError e) {
          // Surefire's report names dynamic tests by index: say which case failed.
          throw new AssertionError(op.key + " > " + name + ": " + e.getMessage(), e);
        }
      });
    })));
  }

  /**
   * The table against openapi.yaml: every operation has an entry with a happy path; one with
   * parameters or a body a validation error (or says why it has none); one behind a bearer token
   * its 401s and 403; one with a path id or name its 404 for an unknown one, which the contract
   * lists too (no per-agent endpoint answers an unknown agent with an empty 200). No entry is stale.
   */
  @Test
  void everyOperationOfTheContractHasItsCases() throws IOException {
    JsonObject document = OpenApiContract.parse(resource());
    JsonArray rootSecurity = document.getJsonArray("security", new JsonArray());
    Map<String, Operation> table = new LinkedHashMap<>();
    table().forEach(op -> assertThat(table.put(op.key, op)).as("two entries for " + op.key).isNull());
    List<String> problems = new ArrayList<>();
    Set<String> described = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject operation = item.getJsonObject(method);
        if (operation == null) {
          continue;
        }
        String key = method.toUpperCase(Locale.ROOT) + " " + path;
        String name = key + " (" + operation.getString("operationId") + ")";
        described.add(key);
        Operation op = table.get(key);
        if (op == null) {
          problems.add(name + ": no entry in the table");
          continue;
        }
        op.require(Kind.HAPPY, name, problems);
        boolean takesInput = !item.getJsonArray("parameters", new JsonArray()).isEmpty()
            || !operation.getJsonArray("parameters", new JsonArray()).isEmpty() || operation.containsKey("requestBody");
        if (takesInput) {
          op.require(Kind.INVALID, name, problems);
        }
        if (!operation.getJsonArray("security", rootSecurity).isEmpty()) {
          op.require(Kind.NO_TOKEN, name, problems);
          op.require(Kind.WRONG_TOKEN, name, problems);
          op.require(Kind.DISABLED, name, problems);
        }
        if (path.contains("{") && !op.has(Kind.NOT_FOUND)) {
          problems.add(name + ": no case for an unknown " + path.replaceAll(".*\\{(\\w+)}.*", "$1"));
        }
        if (path.contains("{") && !operation.getJsonObject("responses").containsKey("404")) {
          problems.add(name + ": the contract lists no 404 for an unknown " + path.replaceAll(".*\\{(\\w+)}.*", "$1"));
        }
      }
    }
    table.keySet().stream().filter(key -> !described.contains(key))
        .forEach(key -> problems.add(key + ": in the table, not in openapi.yaml"));
    assertThat(described).as("operations read from openapi.yaml").hasSizeGreaterThan(25);
    assertThat(problems).as("operations of openapi.yaml without their cases").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Beside the table: CORS, the body limit and the rate limit.

  @Test
  void corsAnswersAConfiguredOriginLetsTheDashboardsOwnThroughAndRefusesAnother() {
    HttpResponse<String> allowed = preflight(ORIGIN);
    assertThat(allowed.statusCode()).as(describe(allowed)).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    assertThat(headerList(allowed, "Access-Control-Allow-Methods")).contains("get", "post", "put", "delete");
    assertThat(headerList(allowed, "Access-Control-Allow-Headers")).contains("authorization", "content-type");
    assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

    // The answer itself: the origin, and the rate-limit headers readable by the page.
    HttpResponse<String> read = Http.sendWithHeaders("GET", url("/api/cluster"), null, Map.of("Origin", ORIGIN));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    assertThat(headerList(read, "Access-Control-Expose-Headers"))
        .contains("retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");

    // The dashboard's own origin always may (CORS_ORIGINS in docs/CONFIGURATION.md), though CORS_ORIGINS does not list it.
    HttpResponse<String> sameOrigin = Http.sendWithHeaders("POST", url("/api/admin/halt"), "{\"halted\":false}",
        Map.of("Origin", ops.baseUrl(), "Authorization", "Bearer " + TOKEN));
    assertThat(json(sameOrigin, 200).getBoolean("halted")).isFalse();

    HttpResponse<String> refused = preflight(OTHER_ORIGIN);
    assertThat(refused.headers().map().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)))
        .as(describe(refused)).noneMatch(h -> h.startsWith("access-control-allow-"));
    error(refused, 403, "origin_not_allowed", "CORS_ORIGINS");
  }

  @Test
  void aBodyOverTheLimitIs413WithTheJsonError() {
    String name = "x".repeat(BODY_LIMIT);
    HttpResponse<String> tooLarge = send("POST", "/api/agents",
        "{\"id\":\"ops-too-large\",\"symbols\":[\"BTCUSDT\"],\"name\":\"" + name + "\"}", TOKEN);
    error(tooLarge, 413, "payload_too_large");
    assertThat(get("/api/agents/ops-too-large").statusCode()).as("not created").isEqualTo(404);
    // Just under the limit, the same kind of body reaches the handler (and its rule on names).
    String under = "{\"id\":\"ops-large\",\"symbols\":[\"BTCUSDT\"],\"name\":\"" + "x".repeat(BODY_LIMIT - 100) + "\"}";
    error(send("POST", "/api/agents", under, TOKEN), 400, "invalid_agent", "name");
  }

  @Test
  void the429CarriesRetryAfterAndTheRateLimitHeaders() {
    String cluster = open.baseUrl() + "/api/cluster";
    for (int i = 0; i < OPEN_READ_BURST; i++) {
      HttpResponse<String> allowed = Http.get(cluster);
      assertThat(allowed.statusCode()).as(describe(allowed)).isEqualTo(200);
      assertThat(allowed.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(OPEN_READ_BURST));
      assertThat(allowed.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(OPEN_READ_BURST - 1 - i));
      assertThat(allowed.headers().firstValue("Retry-After")).isEmpty();
    }
    HttpResponse<String> limited = Http.get(cluster);
    error(limited, 429, "rate_limited", "at most " + OPEN_READ_BURST + " per 60 s");
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).as("one request every 20 s comes back").isBetween(1L, 20L);
    assertThat(limited.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(OPEN_READ_BURST));
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow())).isBetween(retryAfter, 60L);
  }

  // ---------------------------------------------------------------------------------------------
  // The table's model.

  private enum Kind {
    HAPPY("happy path"),
    INVALID("400 validation"),
    NO_TOKEN("401 without a token"),
    WRONG_TOKEN("401 with a wrong token"),
    DISABLED("403 without API_TOKENS"),
    NOT_FOUND("404"),
    OTHER("also");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private record Case(Kind kind, String name, Executable check) {}

  /** One operation ("METHOD /path" as in openapi.yaml), its cases, and the kinds it has none of, with why. */
  private static final class Operation {
    final String key;
    final List<Case> cases = new ArrayList<>();
    final Map<Kind, String> waived = new EnumMap<>(Kind.class);

    Operation(String key) {
      this.key = key;
    }

    Operation happy(String name, Executable check) {
      return add(Kind.HAPPY, name, check);
    }

    Operation invalid(String name, Executable check) {
      return add(Kind.INVALID, name, check);
    }

    Operation notFound(String name, Executable check) {
      return add(Kind.NOT_FOUND, name, check);
    }

    Operation other(String name, Executable check) {
      return add(Kind.OTHER, name, check);
    }

    Operation noValidationCase(String why) {
      waived.put(Kind.INVALID, why);
      return this;
    }

    /**
     * The three refusals of an operation behind the bearer token, each with a request that is
     * otherwise valid (the contract is checked first): no token and a wrong one on {@code ops}
     * (401, WWW-Authenticate: Bearer), the right token on {@code open}, which has no API_TOKENS
     * (403 mutations_disabled). {@code unchanged}, when given, checks nothing happened.
     */
    Operation guarded(String method, String path, String body, Executable unchanged) {
      add(Kind.NO_TOKEN, method + " " + path, () -> {
        HttpResponse<String> refused = Http.send(method, url(path), body, null);
        error(refused, 401, "unauthorized", "Send Authorization: Bearer <token>");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        if (unchanged != null) {
          unchanged.execute();
        }
      });
      add(Kind.WRONG_TOKEN, method + " " + path, () -> {
        HttpResponse<String> refused = Http.send(method, url(path), body, WRONG_TOKEN);
        error(refused, 401, "unauthorized", "not valid");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> basic = Http.sendAuthorized(method, url(path), body, "Basic " + TOKEN);
        error(basic, 401, "unauthorized", "not valid");
        if (unchanged != null) {
          unchanged.execute();
        }
      });
      return add(Kind.DISABLED, method + " " + path + " on an instance without API_TOKENS", () -> {
        HttpResponse<String> refused = Http.send(method, open.baseUrl() + path, body, TOKEN);
        error(refused, 403, "mutations_disabled", "API_TOKENS");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        if (unchanged != null) {
          unchanged.execute();
        }
      });
    }

    private Operation add(Kind kind, String name, Executable check) {
      cases.add(new Case(kind, name, check));
      return this;
    }

    boolean has(Kind kind) {
      return cases.stream().anyMatch(c -> c.kind() == kind);
    }

    void require(Kind kind, String name, List<String> problems) {
      if (!has(kind) && !waived.containsKey(kind)) {
        problems.add(name + ": no case of kind '" + kind.label + "'");
      }
    }
  }

  private static Operation op(String key) {
    return new Operation(key);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests and assertions.

  private static String url(String path) {
    return ops.baseUrl() + path;
  }

  private static HttpResponse<String> get(String path) {
    return Http.get(url(path));
  }

  private static HttpResponse<String> send(String method, String path, String body, String token) {
    return Http.send(method, url(path), body, token);
  }

  private static JsonObject createAgent(String id, String name) {
    return json(send("POST", "/api/agents", new JsonObject().put("id", id).put("name", name)
        .put("symbols", new JsonArray().add("BTCUSDT")).encode(), TOKEN), 201);
  }

  /** The order {@code id} in a page of GET /api/orders, or null. */
  private static JsonObject orderIn(JsonObject page, String id) {
    return page.getJsonArray("orders").stream().map(JsonObject.class::cast).filter(o -> id.equals(o.getString("id")))
        .findFirst().orElse(null);
  }

  private static List<JsonObject> history(String agentId) {
    return json(get("/api/agents/" + agentId + "/signals?limit=1000"), 200).getJsonArray("signals").stream()
        .map(JsonObject.class::cast).toList();
  }

  private static long jobTotal(String name) {
    return json(get("/api/jobs"), 200).getJsonArray("jobs").stream().map(JsonObject.class::cast)
        .filter(j -> name.equals(j.getString("name"))).findFirst().orElseThrow().getLong("total");
  }

  private static JsonObject leaderboardRow(JsonObject board) {
    return board.getJsonArray("leaderboard").stream().map(JsonObject.class::cast)
        .filter(r -> AGENT.equals(r.getString("agentId"))).findFirst().orElse(null);
  }

  /** The test's browser session in a page of /api/sessions, or null. */
  private static JsonObject session(JsonObject page) {
    return page.getJsonArray("sessions").stream().map(JsonObject.class::cast)
        .filter(s -> "ops".equals(s.getString("instance")) && s.getJsonArray("addresses", new JsonArray()).contains(SESSION_ADDRESS))
        .findFirst().orElse(null);
  }

  private static void assertTicker(JsonObject ticker) {
    assertThat(ticker.getString("symbol")).isEqualTo("BTCUSDT");
    assertThat(ticker.getDouble("bid")).isPositive().isLessThan(ticker.getDouble("ask"));
    assertThat(ticker.getLong("exchangeTime")).isPositive();
  }

  /** The body of a JSON answer with {@code status}. */
  /** A backtest of {@code data} (under the recordings) by {@code agents} technical agents on BTCUSDT and ETHUSDT. */
  private static JsonObject backtest(String data, int agents) {
    JsonArray definitions = new JsonArray();
    for (int i = 0; i < agents; i++) {
      definitions.add(new JsonObject().put("id", "ops-bt-" + i).put("name", "Backtest " + i)
          .put("symbols", new JsonArray().add("BTCUSDT").add("ETHUSDT")).put("interval", "1m")
          .put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1)))
          .put("minConfidence", 0.3).put("agreement", 0.5)
          .put("risk", new JsonObject().put("maxOpenPositions", 2).put("maxPositionNotional", 1000)
              .put("maxOrdersPerMinute", 30).put("cooldownSeconds", 0).put("stopLossPct", 0.5).put("takeProfitPct", 0.5)));
    }
    return new JsonObject().put("data", new JsonArray().add(data)).put("agents", definitions);
  }

  /** A backtest of the recorded day, run once by the jobs role of {@code ops} for the cases that read one. */
  private static synchronized String doneBacktest() {
    if (backtestId == null) {
      SharedData.require(BACKTEST_DAY);
      String id = json(send("POST", "/api/backtests", backtest(BACKTEST_DAY, 1).encode(), TOKEN), 202).getString("id");
      Eventually.within(WAIT, () -> "backtest " + id + " done: " + get("/api/backtests/" + id).body(),
          () -> "done".equals(json(get("/api/backtests/" + id), 200).getString("status")));
      backtestId = id;
    }
    return backtestId;
  }

  private static JsonObject json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
    assertThat(contentType(response)).as(describe(response)).startsWith("application/json");
    return new JsonObject(response.body());
  }

  /** The error of a JSON error answer: {@code status}, {@code code}, a message with each of {@code inMessage}. */
  private static JsonObject error(HttpResponse<String> response, int status, String code, String... inMessage) {
    JsonObject error = json(response, status).getJsonObject("error");
    assertThat(error).as(describe(response)).isNotNull();
    assertThat(error.getString("code")).as(describe(response)).isEqualTo(code);
    assertThat(error.getString("message")).as(describe(response)).isNotBlank();
    for (String part : inMessage) {
      assertThat(error.getString("message")).as(describe(response)).contains(part);
    }
    return error;
  }

  /** A parameter refused by the contract: 400 invalid_parameter, the message naming it ("query parameter limit ..."). */
  private static void invalidParameter(HttpResponse<String> response, String parameter) {
    assertThat(error(response, 400, "invalid_parameter").getString("message")).startsWith(parameter + " ");
  }

  private static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private static List<String> headerList(HttpResponse<String> response, String name) {
    return response.headers().allValues(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
        .map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
  }

  private static HttpResponse<String> preflight(String origin) {
    return Http.sendWithHeaders("OPTIONS", url("/api/agents"), null, Map.of("Origin", origin,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"));
  }

  private static String describe(HttpResponse<String> response) {
    return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " " + response.headers().map()
        + " " + response.body();
  }

  private static String resource() throws IOException {
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
