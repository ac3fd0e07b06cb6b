package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeBinance;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.testing.TestConfigs;
import dev.mariposa.market.MarketKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure answered with the code of what failed, never another component's: Binance
 * unreachable is not "Redis is not answering" (the defect issue 18 found, while /health said Redis
 * was UP), bars already cached are answered when Binance cannot add to them, a symbol Binance
 * does not list is not "not fed", Binance refusing says so with its Retry-After, and with Redis or
 * MongoDB down each API family names the store that is down.
 */
class ErrorsNameWhatFailedTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final String TOKEN = "errors-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  @Test
  void binanceUnreachableIsNamedWhileRedisIsUp() {
    int closed = FreePort.find(); // nothing listens there
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa api = cluster.start("api", Map.of("ROLES", "http", "MARKET_SOURCE", "binance",
          "BINANCE_REST_URL", "http://127.0.0.1:" + closed));
      String market = api.baseUrl() + "/api/market/XRPUSDT";
      for (String path : new String[] {"/ticker", "/klines?interval=1m&limit=300", "/orderbook"}) {
        JsonObject error = error(Http.get(market + path), 502, "upstream_unavailable", "Binance", "unreachable");
        assertThat(error.getString("venue")).isEqualTo("Binance");
        assertThat(error.getString("message")).doesNotContainIgnoringCase("redis");
      }
      JsonObject health = new JsonObject(Http.get(api.baseUrl() + "/health").body());
      assertThat(health.encode()).as("Redis is UP meanwhile").contains("\"id\":\"redis\",\"status\":\"UP\"");

      // Bars already cached, fewer than asked: Binance cannot add to them, the ones there are answered.
      String key = new MarketKeys(api.services().keys()).klines("XRPUSDT", "1m");
      long minute = System.currentTimeMillis() / 60_000 * 60_000;
      for (int i = 3; i >= 1; i--) {
        long open = minute - i * 60_000L;
        JsonObject bar = new JsonObject().put("symbol", "XRPUSDT").put("interval", "1m").put("openTime", open)
            .put("closeTime", open + 59_999).put("open", 0.5).put("high", 0.5).put("low", 0.5).put("close", 0.5)
            .put("volume", 1).put("closed", true);
        api.services().redis().send(Request.cmd(Command.ZADD).arg(key).arg(open).arg(bar.encode())).await();
      }
      HttpResponse<String> some = Http.get(market + "/klines?interval=1m&limit=300");
      assertThat(some.statusCode()).as(some.body()).isEqualTo(200);
      assertThat(new JsonObject(some.body()).getJsonArray("klines")).hasSize(3);
    }
  }

  @Test
  void aSymbolBinanceDoesNotListIsUnknownAndARefusalCarriesItsRetryAfter() throws Exception {
    Path capture = SharedData.require(CAPTURE);
    try (FakeBinance fake = new FakeBinance(capture, Map.of()).rateLimitFirstSnapshot();
         TestCluster cluster = new TestCluster(dir)) {
      Mariposa api = cluster.start("api", Map.of("ROLES", "http", "MARKET_SOURCE", "binance",
          "BINANCE_REST_URL", fake.restUrl()));
      String market = api.baseUrl() + "/api/market/";
      assertThat(Http.get(market + "ZILUSDT/ticker").statusCode()).as("a listed symbol, from Binance").isEqualTo(200);
      error(Http.get(market + "XRPUSDX/ticker"), 404, "unknown_symbol", "Binance does not list XRPUSDX");
      error(Http.get(market + "XRPUSDY/klines?interval=1m&limit=300"), 404, "unknown_symbol", "Binance does not list XRPUSDY");

      // The fake answers the first depth snapshot with 429 and Retry-After: 1.
      HttpResponse<String> refused = Http.get(market + "ZILUSDT/orderbook");
      JsonObject error = error(refused, 502, "upstream_refused", "Binance", "429");
      assertThat(error.getString("venue")).isEqualTo("Binance");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    }
  }

  @Test
  void withRedisOrMongoDbDownEachFamilyNamesTheStoreThatIsDown() throws Exception {
    EmbeddedRedis redis = EmbeddedRedis.ephemeral();
    EmbeddedMongo mongo = EmbeddedMongo.inMemory();
    Mariposa api = null;
    try {
      api = Mariposa.start(TestConfigs.config(dir, Map.of("REDIS_URL", redis.url(), "MONGO_URL", mongo.connectionString(),
          "ROLES", "http", "API_TOKENS", TOKEN, "SYMBOLS", "BTCUSDT"), json -> json.getJsonObject("mongo").put("timeoutMs", 1000)));
      String base = api.baseUrl();
      assertThat(Http.send("POST", base + "/api/agents", "{\"id\":\"stores\",\"symbols\":[\"BTCUSDT\"]}", TOKEN).statusCode())
          .isEqualTo(201);

      redis.kill();
      Eventually.within(WAIT, "/health says Redis is DOWN", () -> Http.status(base + "/health") == 503);
      // The in-process layer answers what it read for 250 ms (the start warms it with the configured
      // tickers: none here, so a 404): past that, Redis is asked, and named.
      Eventually.within(WAIT, "the ticker past the in-process layer's 250 ms",
          () -> Http.get(base + "/api/market/BTCUSDT/ticker").statusCode() != 404);
      error(Http.get(base + "/api/market/BTCUSDT/ticker"), 503, "redis_unavailable", "Redis");
      error(Http.get(base + "/api/cluster"), 503, "redis_unavailable", "Redis");
      error(Http.get(base + "/api/system"), 503, "redis_unavailable", "Redis");
      error(Http.get(base + "/api/jobs"), 503, "redis_unavailable", "Redis");
      // The admin group's rate limit refuses without Redis (rateLimit.withoutRedis.writes), saying so.
      error(Http.get(base + "/api/admin/halt"), 503, "rate_limiter_unavailable", "Redis", "admin requests are refused");
      error(Http.get(base + "/api/agents/stores/signal"), 503, "redis_unavailable", "Redis");
      // The board of a period reads each agent's cached figures: Redis is what failed, not MongoDB.
      error(Http.get(base + "/api/leaderboard?period=day"), 503, "redis_unavailable", "Redis");
      // What lives in MongoDB still answers.
      assertThat(Http.get(base + "/api/agents/stores").statusCode()).isEqualTo(200);
      assertThat(Http.get(base + "/api/agents/stores/signals").statusCode()).isEqualTo(200);
      assertThat(Http.get(base + "/api/trades?agentId=stores").statusCode()).isEqualTo(200);

      redis.start();
      Eventually.within(WAIT, "/health UP again", () -> Http.status(base + "/health") == 200);
      mongo.close();
      long day = 86_400_000L;
      // Bars older than the cache's come from MongoDB: it is the one named.
      error(Http.get(base + "/api/market/BTCUSDT/klines?interval=1m&startTime=" + day + "&endTime=" + 2 * day),
          503, "mongodb_unavailable", "MongoDB");
      error(Http.get(base + "/api/agents/stores"), 503, "mongodb_unavailable", "MongoDB");
      error(Http.get(base + "/api/agents/stores/signals"), 503, "mongodb_unavailable", "MongoDB");
      error(Http.get(base + "/api/trades"), 503, "mongodb_unavailable", "MongoDB");
      error(Http.get(base + "/api/agents/stores/performance/history"), 503, "mongodb_unavailable", "MongoDB");
      assertThat(Http.get(base + "/api/cluster").statusCode()).as("what lives in Redis still answers").isEqualTo(200);
    } finally {
      if (api != null) {
        api.stop();
      }
      mongo.close();
      redis.stop();
    }
  }

  /** The error of a JSON error answer: {@code status}, {@code code}, a message with each of {@code inMessage}. */
  private static JsonObject error(HttpResponse<String> response, int status, String code, String... inMessage) {
    String seen = response.request().uri() + " -> " + response.statusCode() + " " + response.body();
    assertThat(response.statusCode()).as(seen).isEqualTo(status);
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("code")).as(seen).isEqualTo(code);
    for (String part : inMessage) {
      assertThat(error.getString("message")).as(seen).contains(part);
    }
    return error;
  }
}
