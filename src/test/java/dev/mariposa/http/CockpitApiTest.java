package dev.mariposa.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.config.ApiScope;
import dev.mariposa.config.ConfigException;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.store.MongoStore;
import dev.mariposa.testing.BridgeClient;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cockpit's API on one instance (feed and http, the synthetic market, real Redis and the
 * in-memory MongoDB-wire server): token scopes and GET /api/auth, GET /api/positions marked live
 * with the guard's levels, DELETE /api/orders/{clOrdId} (requested once, idempotent, 409 for what
 * is not resting, 404 unknown). Orders and accounts are written to MongoDB as the trade role
 * writes them; no trade role runs, so a requested cancel stays requested (the browser test sees
 * one carried out).
 */
class CockpitApiTest {
  private static final String FULL = "cockpit-full-0123456789";
  private static final String TRADER = "cockpit-trader-0123456789";

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static Mariposa one;
  private static String base;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(dir);
    one = cluster.start("one", Map.of("ROLES", "feed,http", "MARKET_SOURCE", "synthetic", "SYMBOLS", "BTCUSDT",
        "API_TOKENS", FULL + "," + TRADER + "@trade"), json -> json.getJsonObject("analysis").put("seedAgents", false));
    base = one.baseUrl();
    Eventually.within(Duration.ofSeconds(20), "a synthetic BTCUSDT ticker",
        () -> Http.status(base + "/api/market/BTCUSDT/ticker") == 200);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void authSaysWhatTheTokenMayDoWithoutShowingIt() {
    JsonObject trader = json(Http.send("GET", base + "/api/auth", null, TRADER), 200);
    assertThat(trader.getBoolean("valid")).isTrue();
    assertThat(trader.getBoolean("mutationsEnabled")).isTrue();
    assertThat(trader.getJsonArray("scopes")).containsExactly("trade");
    assertThat(trader.getString("identity")).startsWith("token:").doesNotContain(TRADER);
    assertThat(trader.getJsonArray("allScopes").stream().map(JsonObject.class::cast)
        .filter(s -> s.getBoolean("allowed")).map(s -> s.getString("scope"))).containsExactly("trade");
    assertThat(trader.encode()).doesNotContain(TRADER);

    JsonObject full = json(Http.send("GET", base + "/api/auth", null, FULL), 200);
    assertThat(full.getJsonArray("scopes")).containsExactly("trade", "agents", "admin", "backtests");
    assertThat(full.getString("identity")).isNotEqualTo(trader.getString("identity"));

    JsonObject none = json(Http.get(base + "/api/auth"), 200);
    assertThat(none.getBoolean("presented")).isFalse();
    assertThat(none.getBoolean("valid")).isFalse();
    assertThat(none.getJsonArray("scopes")).isEmpty();
    assertThat(json(Http.send("GET", base + "/api/auth", null, "not-a-token-0123456789"), 200).getBoolean("valid")).isFalse();
  }

  @Test
  void aTokenWithoutTheScopeIsRefusedSayingWhatAndWhy() {
    HttpResponse<String> create = Http.send("POST", base + "/api/agents", agent("refused-one").encode(), TRADER);
    JsonObject error = json(create, 403).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("scope_required");
    assertThat(error.getString("message")).contains("may not create agents", "'agents'", "the scope 'trade'");
    assertThat(Http.status(base + "/api/agents/refused-one")).isEqualTo(404);

    JsonObject halt = json(Http.send("POST", base + "/api/admin/halt", "{\"halted\":true,\"reason\":\"x\"}", TRADER), 403);
    assertThat(halt.getJsonObject("error").getString("message")).contains("halt or resume trading", "'admin'");
    assertThat(json(Http.get(base + "/api/admin/halt"), 200).getBoolean("halted")).isFalse();
    assertThat(Http.send("GET", base + "/api/sessions", null, TRADER).statusCode()).isEqualTo(403);
    // No token at all is still 401, a wrong one too: the scope comes after the token.
    assertThat(Http.send("POST", base + "/api/admin/halt", "{\"halted\":false}", null).statusCode()).isEqualTo(401);
    assertThat(Http.send("POST", base + "/api/admin/halt", "{\"halted\":false}", "wrong-token-0123456789").statusCode())
        .isEqualTo(401);
  }

  @Test
  void theBridgeRefusesACommandOutsideTheTokensScopes() throws Exception {
    Vertx client = Vertx.vertx();
    try (BridgeClient socket = BridgeClient.connectNow(client, one.services().httpPort(), null)) {
      JsonObject bearer = new JsonObject().put("authorization", "Bearer " + TRADER);
      String halt = socket.send("cmd.halt", new JsonObject().put("halted", true).put("reason", "bridge"), bearer);
      JsonObject refused = socket.next(f -> halt.equals(f.getString("address")), Duration.ofSeconds(10));
      assertThat(refused).as("the refusal of cmd.halt").isNotNull();
      assertThat(refused.getInteger("failureCode")).isEqualTo(403);
      assertThat(refused.getString("message")).startsWith("scope_required: this token may not halt or resume trading")
          .contains("'admin'", "'trade'");
      // The trade scope reaches cmd.signal: refused there for the unknown agent, not for the token.
      String signal = socket.send("cmd.signal", new JsonObject().put("agentId", "nobody-here"), bearer);
      JsonObject answered = socket.next(f -> signal.equals(f.getString("address")), Duration.ofSeconds(10));
      assertThat(answered.getInteger("failureCode")).isEqualTo(404);
    } finally {
      client.close().await();
    }
    assertThat(json(Http.get(base + "/api/admin/halt"), 200).getBoolean("halted")).isFalse();
  }

  @Test
  void apiTokensCarryScopes() {
    MariposaConfig.Api api = config("plain-token-0123456789," + "scoped-token-0123456789@agents+admin").api();
    assertThat(api.grants().get(0).scopes()).isEqualTo(ApiScope.all());
    assertThat(api.grants().get(1).scopes()).isEqualTo(Set.of(ApiScope.AGENTS, ApiScope.ADMIN));
    assertThat(api.grants().get(1).secret().matches("scoped-token-0123456789")).isTrue();
    assertThatThrownBy(() -> config("scoped-token-0123456789@trading"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("trade, agents, admin, backtests")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("scoped-token-0123456789"));
  }

  @Test
  void positionsAreMarkedLiveWithTheGuardsLevels() {
    JsonObject definition = agent("holder");
    definition.getJsonObject("risk").put("stopLossPct", 1).put("takeProfitPct", 2).put("trailingStopPct", 0);
    assertThat(Http.send("POST", base + "/api/agents", definition.encode(), FULL).statusCode()).isEqualTo(201);
    AccountRepository accounts = new AccountRepository(mongo());
    accounts.update("holder", BigDecimal.valueOf(10_000), account -> account.apply("p1", "BTCUSDT", true,
        new BigDecimal("0.5"), new BigDecimal("200"), BigDecimal.ZERO, 1_000)).await();

    JsonArray positions = json(Http.get(base + "/api/positions?agentId=holder"), 200).getJsonArray("positions");
    assertThat(positions).hasSize(1);
    JsonObject p = positions.getJsonObject(0);
    assertThat(p.getString("side")).isEqualTo("long");
    assertThat(p.getString("market")).isEqualTo("spot");
    assertThat(p.getDouble("quantity")).isEqualTo(0.5);
    assertThat(p.getDouble("entry")).isEqualTo(200.0);
    assertThat(p.getDouble("stopLoss")).isEqualTo(198.0);
    assertThat(p.getDouble("takeProfit")).isEqualTo(204.0);
    assertThat(p.getValue("trailingStop")).isNull();
    double bid = json(Http.get(base + "/api/market/BTCUSDT/ticker"), 200).getDouble("bid");
    // The mark is the live bid (a long exits there): the synthetic market moves, so near the one read.
    assertThat(p.getDouble("mark")).isCloseTo(bid, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(p.getDouble("unrealized")).isCloseTo((p.getDouble("mark") - 200) * 0.5,
        org.assertj.core.data.Offset.offset(1e-6));
    assertThat(json(Http.get(base + "/api/positions"), 200).getJsonArray("positions").stream()
        .map(JsonObject.class::cast).map(o -> o.getString("agentId"))).contains("holder");
    assertThat(json(Http.get(base + "/api/positions?agentId=nobody"), 404).getJsonObject("error").getString("code"))
        .isEqualTo("agent_not_found");
  }

  @Test
  void aRestingOrdersCancelIsRequestedOnceAndAnsweredAlike() {
    insertOrder(new JsonObject().put("_id", "rest1").put("agentId", "maker").put("symbol", "BTCUSDT")
        .put("resting", true).put("settled", false).put("status", "LIVE").put("cancelRequested", false));
    insertOrder(new JsonObject().put("_id", "done1").put("agentId", "maker").put("symbol", "BTCUSDT")
        .put("resting", false).put("settled", true).put("status", "FILLED"));
    insertOrder(new JsonObject().put("_id", "mkt1").put("agentId", "maker").put("symbol", "BTCUSDT")
        .put("settled", false).put("status", "NEW"));

    assertThat(Http.send("DELETE", base + "/api/orders/rest1", null, null).statusCode()).isEqualTo(401);
    JsonObject first = json(Http.send("DELETE", base + "/api/orders/rest1", null, TRADER), 202);
    assertThat(first.getBoolean("cancelRequested")).isTrue();
    assertThat(first.getString("cancelReason")).startsWith("cancelled: by token:");
    JsonObject stored = order("rest1");
    assertThat(stored.getBoolean("cancelRequested")).isTrue();
    assertThat(stored.getString("cancelReason")).isEqualTo(first.getString("cancelReason"));
    // Another token's second DELETE changes nothing and answers the same.
    JsonObject second = json(Http.send("DELETE", base + "/api/orders/rest1", null, FULL), 202);
    assertThat(second).isEqualTo(first);
    assertThat(order("rest1").getString("cancelReason")).isEqualTo(first.getString("cancelReason"));

    JsonObject settled = json(Http.send("DELETE", base + "/api/orders/done1", null, TRADER), 409).getJsonObject("error");
    assertThat(settled.getString("code")).isEqualTo("order_not_resting");
    assertThat(settled.getString("message")).contains("settled (FILLED)");
    assertThat(settled.getString("status")).isEqualTo("FILLED");
    assertThat(json(Http.send("DELETE", base + "/api/orders/mkt1", null, TRADER), 409).getJsonObject("error")
        .getString("message")).contains("not a resting order");
    assertThat(order("mkt1").containsKey("cancelRequested")).isFalse();
    assertThat(json(Http.send("DELETE", base + "/api/orders/nosuch1", null, TRADER), 404).getJsonObject("error")
        .getString("code")).isEqualTo("order_not_found");
  }

  private static JsonObject agent(String id) {
    return new JsonObject().put("id", id).put("symbols", new JsonArray().add("BTCUSDT")).put("interval", "1h")
        .put("risk", new JsonObject());
  }

  private static MariposaConfig config(String tokens) {
    return TestConfigs.config(dir.resolve("config"), Map.of("API_TOKENS", tokens));
  }

  private static MongoStore mongo() {
    return one.services().mongo();
  }

  private static void insertOrder(JsonObject order) {
    mongo().client().insert("orders", order).await();
  }

  private static JsonObject order(String id) {
    return mongo().client().findOne("orders", new JsonObject().put("_id", id), null).await();
  }

  private static JsonObject json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }
}
