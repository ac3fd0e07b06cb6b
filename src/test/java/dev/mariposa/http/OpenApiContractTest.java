package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.yaml against the running service: every route is described and every description is
 * served; the document is served; requests that break it are refused with the JSON error, and
 * requests that keep it reach the handlers as before.
 */
class OpenApiContractTest {
  private static final String TOKEN = "openapi-test-token";

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static Mariposa node;
  private static String base;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(dir);
    node = cluster.start("api", Map.of("ROLES", "http,feed", "SYMBOLS", "BTCUSDT,ETHUSDT",
        "MARKET_SOURCE", "synthetic", "API_TOKENS", TOKEN));
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyRouteIsDescribedAndEveryDescriptionIsServed() throws Exception {
    Vertx vertx = node.vertx();
    OpenApiContract contract = OpenApiContract.load(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Set<String> served = served(router(vertx, contract));
    Set<String> described = new TreeSet<>();
    for (Operation operation : contract.contract().operations()) {
      String route = operation.getHttpMethod() + " " + operation.getOpenAPIPath();
      described.add(route);
      JsonObject model = operation.getOpenAPIModel();
      assertThat(model.getString("summary")).as("summary of " + route).isNotBlank();
      assertThat(operation.getTags()).as("tags of " + route).isNotEmpty();
      assertThat(model.getJsonObject("responses").fieldNames()).as("responses of " + route).isNotEmpty();
    }
    // Sanity: the comparison below sees the routes, path parameters included.
    assertThat(served).contains("GET /api/market/{symbol}/ticker", "POST /api/agents", "GET /health", "GET /openapi.yaml");
    assertThat(served).as("served routes without a description in openapi.yaml").isSubsetOf(described);
    assertThat(described).as("described operations the router does not serve").isSubsetOf(served);
  }

  @Test
  void theDocumentIsServedAsWrittenAndIsValidOpenApi() throws Exception {
    HttpResponse<String> response = Http.get(base + "/openapi.yaml");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/yaml");
    assertThat(response.body()).isEqualTo(resource());
    JsonObject document = OpenApiContract.parse(response.body());
    assertThat(document.getString("openapi")).startsWith("3.1");
    assertThat(document.getJsonObject("paths").fieldNames()).contains("/api/market/{symbol}/klines", "/api/sessions");
    assertThat(document.getJsonObject("components").getJsonObject("responses").getJsonObject("TooManyRequests")
        .getJsonObject("headers").fieldNames())
        .containsExactlyInAnyOrder("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
    OpenAPIContract parsed = OpenAPIContract.from(node.vertx(), OpenApiContract.forLibrary(document))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(parsed.operation("getTicker")).isNotNull();
  }

  @Test
  void requestsThatBreakTheContractAreRefusedNamingTheParameterAndTheRule() {
    // Parameters: the handlers would answer these too, but with messages of their own ("limit must
    // ..."): "query parameter ..." is the contract's.
    assertRefused(get("/api/market/BTCUSDT/klines?limit=0"), "invalid_parameter",
        "query parameter limit must be a whole number from 1 to 1000");
    assertRefused(get("/api/market/BTCUSDT/klines?interval=2m"), "invalid_parameter",
        "query parameter interval must be one of 1m, 3m");
    assertRefused(get("/api/market/BTC_USDT/ticker"), "invalid_parameter", "path parameter symbol must match");
    assertRefused(get("/api/market/BTCUSDT/orderbook?depth=21"), "invalid_parameter",
        "query parameter depth must be a whole number from 1 to 20");
    assertRefused(get("/api/market/tickers"), "invalid_parameter", "query parameter symbols is required");
    assertRefused(get("/api/leaderboard?period=year"), "invalid_parameter", "query parameter period must be one of");
    assertRefused(get("/api/agents/Not_An_Id/signals?limit=5"), "invalid_parameter", "path parameter id must match");
    assertRefused(get("/api/trades?limit=ten"), "invalid_parameter", "query parameter limit must be a whole number");
    // Bodies: wrong types and values; the handlers would say invalid_signal / invalid_parameter.
    assertRefused(Http.send("POST", base + "/api/agents/nobody/signals", "{\"confidence\":\"high\"}", TOKEN),
        "invalid_request", "body field 'confidence' must be a number from 0 to 1");
    assertRefused(Http.send("POST", base + "/api/agents/nobody/signals", "{\"action\":\"HOLD\"}", TOKEN),
        "invalid_request", "body field 'action' must match");
    assertRefused(Http.send("POST", base + "/api/admin/halt", "{\"halted\":\"yes\"}", TOKEN),
        "invalid_request", "body field 'halted' must be true or false");
  }

  @Test
  void requestsThatKeepTheContractReachTheHandlers() {
    Eventually.within(Duration.ofSeconds(10), "a BTCUSDT ticker", () -> get("/api/market/BTCUSDT/ticker").statusCode() == 200);
    assertThat(get("/api/market/btcusdt/ticker").statusCode()).isEqualTo(200);
    assertThat(get("/api/market/BTCUSDT/ticker").statusCode()).as("again: a URI that passed before").isEqualTo(200);
    assertThat(get("/api/market/tickers?symbols=BTCUSDT,ethusdt").statusCode()).isEqualTo(200);
    Eventually.within(Duration.ofSeconds(10), "a book", () -> get("/api/market/ETHUSDT/orderbook?depth=5").statusCode() == 200);
    assertThat(get("/api/agents?limit=5&offset=0").statusCode()).isEqualTo(200);
    assertThat(get("/api/leaderboard?period=week&limit=3").statusCode()).isEqualTo(200);
    assertThat(get("/api/trades?limit=1").statusCode()).isEqualTo(200);
    assertThat(get("/api/jobs").statusCode()).isEqualTo(200);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);

    // What the handlers answer, codes unchanged.
    assertError(get("/api/orders/unknown1"), 404, "order_not_found");
    assertError(get("/api/trades?agentId=someone&limit=1"), 404, "agent_not_found");
    assertError(Http.send("POST", base + "/api/agents/nobody/signals", "{\"action\":\" buy \",\"confidence\":0.5,\"note\":1}", TOKEN),
        404, "agent_not_found");
    assertError(Http.send("POST", base + "/api/agents/nobody/signals", "[1]", TOKEN), 400, "invalid_json");
    assertError(Http.send("POST", base + "/api/jobs/nothing/run", null, TOKEN), 404, "job_not_found");
    assertError(Http.send("POST", base + "/api/admin/halt", "{\"halted\":false}", null), 401, "unauthorized");
    HttpResponse<String> agent = Http.send("POST", base + "/api/agents", "{\"id\":\"x\",\"symbols\":5,\"risk\":{\"maxOpenPosition\":1}}", TOKEN);
    assertError(agent, 400, "invalid_agent");
    assertThat(new JsonObject(agent.body()).getJsonObject("error").getJsonArray("problems"))
        .as("AgentJson's problems, all at once").hasSize(2);
    HttpResponse<String> swap = Http.send("POST", base + "/api/agents", new JsonObject().put("id", "perp-api")
        .put("symbols", new JsonArray().add("BTCUSDT"))
        .put("account", new JsonObject().put("market", "swap").put("marginMode", "isolated").put("leverage", 5).put("short", true))
        .put("risk", new JsonObject().put("stopLossPct", 2).put("liquidationBufferPct", 4)).encode(), TOKEN);
    assertThat(swap.statusCode()).as("a swap agent keeps the contract: " + swap.body()).isEqualTo(201);
    assertThat(new JsonObject(swap.body()).getJsonObject("account").getInteger("leverage")).isEqualTo(5);
    HttpResponse<String> halt = Http.send("POST", base + "/api/admin/halt", "{\"halted\":false,\"reason\":\"test\"}", TOKEN);
    assertThat(halt.statusCode()).as(halt.body()).isEqualTo(200);
    assertThat(new JsonObject(halt.body()).getBoolean("halted")).isFalse();

    // No operation: the router's answers stay.
    assertError(get("/api/nothing-here?limit=0"), 404, "not_found");
    assertError(Http.send("DELETE", base + "/api/cluster", null, TOKEN), 405, "method_not_allowed");
  }

  /** The routes of the router HttpApiVerticle builds, as "METHOD /path/{param}". */
  private static Set<String> served(Router router) {
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || !route.isExactPath() || route.methods() == null || route.methods().isEmpty()) {
        continue; // the body handlers, the validation, the static files, the failure handler
      }
      if (path.startsWith("/api/") || Set.of("/health", "/metrics", "/openapi.yaml").contains(path)) {
        route.methods().forEach(method -> routes.add(method + " " + path.replaceAll(":(\\w+)", "{$1}")));
      }
    }
    return routes;
  }

  /** The router an HTTP verticle of this node builds, made on a context of its Vert.x. */
  private static Router router(Vertx vertx, OpenApiContract contract) throws Exception {
    HttpApiVerticle verticle = node.verticles().api(node.verticles().sessionRecorder());
    Context context = vertx.getOrCreateContext();
    verticle.init(vertx, context);
    CompletableFuture<Router> router = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        router.complete(verticle.router(contract));
      } catch (RuntimeException e) {
        router.completeExceptionally(e);
      }
    });
    return router.get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(String path) {
    return Http.get(base + path);
  }

  private static void assertRefused(HttpResponse<String> response, String code, String message) {
    assertError(response, 400, code);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("message")).startsWith(message);
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).as(response.body()).isEqualTo(code);
  }

  private static String resource() throws IOException {
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
