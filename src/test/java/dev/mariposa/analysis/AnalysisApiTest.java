package dev.mariposa.analysis;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeLlm;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis role end to end: the real BTCUSDT day replayed (50 bars a second), agents in
 * MongoDB managed over HTTP, results on the bus and in the API, an LLM served by a local fake.
 */
class AnalysisApiTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String TOKEN = "test-token-0123456789";
  private static final String AI_KEY = "sk-e2e-0123456789";

  @TempDir
  Path dir;

  private TestCluster cluster;
  private Vertx fakeVertx;
  private FakeLlm fake;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (fake != null) {
      fake.close();
      fakeVertx.close().await();
    }
  }

  @Test
  void agentsAreSeededAnalysedAtBarClosesAndReloadedWhenChanged() {
    Path day = SharedData.require(DAY);
    fakeVertx = Vertx.vertx();
    fake = FakeLlm.start(fakeVertx, AI_KEY);
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("a", Map.of("ROLES", "all", "MARKET_SOURCE", "replay", "REPLAY_FILES", day.toString(),
        "REPLAY_SPEED", "3000", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN,
        "AI_BASE_URL", fake.baseUrl(), "AI_API_KEY", AI_KEY, "AI_MODELS", "gpt-test"));
    String api = node.baseUrl() + "/api/agents";

    // First start: the demo agents exist, the AI one because AI is configured.
    Eventually.within(Duration.ofSeconds(10), "default agents", () -> Http.status(api + "/ai-ensemble-1m") == 200);
    JsonObject list = json(Http.get(api + "?limit=10"));
    assertThat(list.getJsonArray("agents").stream().map(a -> ((JsonObject) a).getString("id")))
        .containsExactly("ai-ensemble-1m", "cautious-1m", "momentum-1m");

    List<JsonObject> results = collect(node, "ai-ensemble-1m");
    Eventually.within(Duration.ofSeconds(20), "warm analyses of ai-ensemble-1m",
        () -> results.stream().anyMatch(r -> r.getJsonObject("indicators").getBoolean("warm")
            && modelStatus(r, "llm:gpt-test").equals("ok")));
    JsonObject result = results.stream().filter(r -> r.getJsonObject("indicators").getBoolean("warm")
        && modelStatus(r, "llm:gpt-test").equals("ok")).findFirst().orElseThrow();
    assertThat(result.getString("trigger")).isEqualTo("bar");
    assertThat(modelStatus(result, "technical")).isEqualTo("ok");
    assertThat(result.getJsonObject("indicators").getDouble("rsi")).isBetween(0.0, 100.0);
    assertThat(result.getString("action")).isIn("BUY", "SELL", "HOLD");
    assertThat(fake.calls()).isPositive();
    // In bar order, one per bar.
    List<Long> bars = results.stream().map(r -> r.getLong("barOpenTime")).toList();
    assertThat(bars).isSorted().doesNotHaveDuplicates();

    JsonObject cached = json(Http.get(api + "/ai-ensemble-1m/analysis"));
    assertThat(cached.getJsonObject("results").getJsonObject("BTCUSDT").getString("agentId")).isEqualTo("ai-ensemble-1m");
    assertThat(cached.getJsonArray("missing")).isEmpty();

    // Writes need the token; bad definitions are refused with every problem named.
    String agent = new JsonObject().put("id", "e2e").put("symbols", new JsonArray().add("btcusdt"))
        .put("models", new JsonArray().add("technical")).put("minConfidence", 0.2).encode();
    assertThat(Http.send("POST", api, agent, null).statusCode()).isEqualTo(401);
    assertThat(Http.send("POST", api, agent, "wrong-token-0123456789").statusCode()).isEqualTo(401);
    HttpResponse<String> invalid = Http.send("POST", api,
        "{\"id\":\"Bad Id\",\"symbols\":[],\"interval\":\"7m\",\"risk\":{\"maxOpenPositions\":0},\"colour\":1}", TOKEN);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(json(invalid).getJsonObject("error").getJsonArray("problems")).hasSize(5);
    assertThat(Http.send("POST", api, "[1,2]", TOKEN).statusCode()).isEqualTo(400);
    assertThat(Http.send("POST", api, "{not json", TOKEN).statusCode()).isEqualTo(400);

    // A new agent is analysed from the next close on: the analysis role reloaded it.
    List<JsonObject> e2e = collect(node, "e2e");
    HttpResponse<String> created = Http.send("POST", api, agent, TOKEN);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/agents/e2e");
    assertThat(json(created).getLong("version")).isEqualTo(1);
    assertThat(Http.send("POST", api, agent, TOKEN).statusCode()).isEqualTo(409);
    Eventually.within(Duration.ofSeconds(10), "analyses of the new agent", () -> !e2e.isEmpty());
    assertThat(modelNames(e2e.get(0))).containsExactly("technical");

    // Changed to use the LLM as well: the next results carry it.
    String changed = new JsonObject().put("symbols", new JsonArray().add("BTCUSDT"))
        .put("models", new JsonArray().add("technical").add(new JsonObject().put("name", "llm:gpt-test").put("weight", 2)))
        .encode();
    HttpResponse<String> updated = Http.send("PUT", api + "/e2e", changed, TOKEN);
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(updated).getLong("version")).isEqualTo(2);
    Eventually.within(Duration.ofSeconds(10), "analyses with the LLM",
        () -> e2e.stream().anyMatch(r -> modelNames(r).contains("llm:gpt-test")));
    assertThat(Http.send("PUT", api + "/e2e", "{\"symbols\":[\"BTCUSDT\"],\"models\":[\"llm:other\"]}", TOKEN).statusCode())
        .isEqualTo(400); // not in AI_MODELS

    assertThat(Http.send("DELETE", api + "/e2e", null, TOKEN).statusCode()).isEqualTo(204);
    assertThat(Http.send("DELETE", api + "/e2e", null, TOKEN).statusCode()).isEqualTo(404);
    assertThat(Http.status(api + "/e2e")).isEqualTo(404);
    assertThat(Http.status(api + "/NOPE!")).isEqualTo(400);
  }

  @Test
  void withoutAiAgentsUseTheTechnicalModelAndSaySo() {
    Path day = SharedData.require(DAY);
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("a", Map.of("ROLES", "all", "MARKET_SOURCE", "replay", "REPLAY_FILES", day.toString(),
        "REPLAY_SPEED", "3000", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN));
    String api = node.baseUrl() + "/api/agents";
    Eventually.within(Duration.ofSeconds(10), "default agents", () -> Http.status(api + "/momentum-1m") == 200);
    assertThat(Http.status(api + "/ai-ensemble-1m")).isEqualTo(404);
    List<JsonObject> results = collect(node, "dreamer");
    String agent = "{\"id\":\"dreamer\",\"symbols\":[\"BTCUSDT\"],\"models\":[\"llm:gpt-x\"]}";
    assertThat(Http.send("POST", api, agent, TOKEN).statusCode()).isEqualTo(201);
    Eventually.within(Duration.ofSeconds(10), "analyses of dreamer", () -> !results.isEmpty());
    JsonObject result = results.get(0);
    assertThat(modelNames(result)).containsExactly("llm:gpt-x", "technical");
    assertThat(modelStatus(result, "llm:gpt-x")).isEqualTo("unavailable");
    assertThat(result.getJsonArray("notes").encode()).contains("AI_BASE_URL is not set")
        .contains("the technical model is used");
  }

  @Test
  void writesAreOffWithoutApiTokens() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("a", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT"));
    HttpResponse<String> refused = Http.send("POST", node.baseUrl() + "/api/agents", "{\"symbols\":[\"BTCUSDT\"]}", null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).getJsonObject("error").getString("code")).isEqualTo("mutations_disabled");
    assertThat(json(refused).getJsonObject("error").getString("message")).contains("API_TOKENS");
  }

  private static List<JsonObject> collect(Mariposa node, String agentId) {
    List<JsonObject> results = new CopyOnWriteArrayList<>();
    // Published as the record; its JSON is the body the edges write.
    node.vertx().eventBus().<AnalysisResult>consumer(Addresses.analysis(agentId), m -> results.add(m.body().toJson()));
    return results;
  }

  private static String modelStatus(JsonObject result, String model) {
    return result.getJsonArray("models").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("model").equals(model)).map(m -> m.getString("status")).findFirst().orElse("absent");
  }

  private static List<String> modelNames(JsonObject result) {
    return result.getJsonArray("models").stream().map(m -> ((JsonObject) m).getString("model")).toList();
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }
}
