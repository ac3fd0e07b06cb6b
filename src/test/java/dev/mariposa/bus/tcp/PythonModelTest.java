package dev.mariposa.bus.tcp;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.PythonProcess;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP event-bus bridge with real python3 processes running the examples: a remote model that
 * serves an agent (killed, hung and brought back), a ticker watcher, and a probe of what the
 * bridge refuses. One instance replays the real BTCUSDT day (a bar every 200 ms).
 */
class PythonModelTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String TOKEN = "python-token-0123456789";
  private static final String MODEL = "remote:py-rsi";

  @TempDir
  Path dir;

  private TestCluster cluster;
  private Mariposa node;
  private int port;
  private final List<JsonObject> results = new CopyOnWriteArrayList<>();
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final List<Object> modelRequests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    Path day = SharedData.require(DAY);
    cluster = new TestCluster(dir);
    node = cluster.start("a", Map.of("ROLES", "all", "MARKET_SOURCE", "replay", "REPLAY_FILES", day.toString(),
        "REPLAY_SPEED", "300", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN, "TCP_BRIDGE_PORT", "0"), json -> {
          json.getJsonObject("analysis").put("seedAgents", false).getJsonObject("remote")
              .put("timeoutMs", 400).put("breakerFailures", 3).put("breakerResetMs", 1000);
        });
    port = node.tcpBridgePort().orElseThrow();
    node.vertx().eventBus().<AnalysisResult>consumer(Addresses.analysis("py"), m -> results.add(m.body().toJson()));
    // The token must never travel the event bus, whatever a bridge client sends.
    node.vertx().eventBus().addOutboundInterceptor(ctx -> {
      if (String.valueOf(ctx.message().body()).contains(TOKEN) || ctx.message().headers().toString().contains(TOKEN)) {
        leaks.add(ctx.message().address());
      }
      if (Addresses.isModel(ctx.message().address())) {
        modelRequests.add(ctx.message().body());
      }
      ctx.next();
    });
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPythonModelServesAnAgentAndItsAbsenceFallsBackToTheOtherModels() {
    String agent = "{\"id\":\"py\",\"symbols\":[\"BTCUSDT\"],\"models\":[\"" + MODEL + "\",\"technical\"],\"minConfidence\":0.9}";
    assertThat(Http.send("POST", node.baseUrl() + "/api/agents", agent, TOKEN).statusCode()).isEqualTo(201);

    try (PythonProcess model = startModel()) {
      // Its decisions arrive in the analysis results, checked like any model's.
      awaitStatus("ok", Duration.ofSeconds(20));
      JsonObject answered = lastWith("ok");
      JsonObject decision = decision(answered);
      assertThat(decision.getString("action")).isIn("BUY", "SELL", "HOLD");
      assertThat(decision.getDouble("confidence")).isBetween(0.0, 1.0);
      assertThat(decision.getJsonArray("reasons").getString(0)).containsAnyOf("RSI", "warm");
      assertThat(status(answered, "technical")).isEqualTo("ok");

      // Hung (SIGSTOP): each analysis waits at most the timeout, then the breaker stops asking.
      model.signal("STOP");
      awaitStatus("timeout", Duration.ofSeconds(10));
      awaitStatus("circuit_open", Duration.ofSeconds(10));
      JsonObject open = lastWith("circuit_open");
      assertThat(status(open, "technical")).isEqualTo("ok");
      assertThat(open.getString("action")).isIn("BUY", "SELL", "HOLD");
      // Back (SIGCONT): the breaker tries again after its reset and the model answers.
      model.signal("CONT");
      results.clear();
      awaitStatus("ok", Duration.ofSeconds(15));

      // Killed: its registration goes with its connection; results go on without it at once.
      model.kill();
    }
    results.clear();
    awaitStatus("unavailable", Duration.ofSeconds(10));
    JsonObject without = lastWith("unavailable");
    assertThat(decision(without).getString("detail")).contains("analysis.model.py-rsi");
    assertThat(decision(without).getString("action")).isEqualTo("HOLD");
    assertThat(status(without, "technical")).isEqualTo("ok");

    // Restarted: it serves again.
    try (PythonProcess again = startModel()) {
      results.clear();
      awaitStatus("ok", Duration.ofSeconds(20));
    }
    assertThat(leaks).isEmpty();
    // What the model was sent matches the published request schema.
    assertThat(modelRequests).isNotEmpty().allSatisfy(body -> assertThat(
        EventSchemas.get().validateRequest(Addresses.model("py-rsi"), body)).as("%s", body).isEmpty());
  }

  @Test
  void answersOutsideTheReplySchemaHoldAndAreCounted() {
    String agent = "{\"id\":\"py\",\"symbols\":[\"BTCUSDT\"],\"models\":[\"remote:py-bad\",\"technical\"]}";
    assertThat(Http.send("POST", node.baseUrl() + "/api/agents", agent, TOKEN).statusCode()).isEqualTo(201);
    try (PythonProcess bad = PythonProcess.start(Path.of("src/test/python/bad_model.py"), Integer.toString(port), TOKEN)) {
      bad.awaitLine("serving analysis.model.py-bad", Duration.ofSeconds(15));
      Eventually.within(Duration.ofSeconds(20), () -> "five invalid answers; statuses "
              + results.stream().map(r -> status(r, "remote:py-bad")).toList(),
          () -> results.stream().filter(r -> status(r, "remote:py-bad").equals("invalid")).count() >= 5);
    }
    List<JsonObject> invalid = results.stream().filter(r -> status(r, "remote:py-bad").equals("invalid")).toList();
    assertThat(invalid).allSatisfy(r -> {
      JsonObject decision = r.getJsonArray("models").stream().map(JsonObject.class::cast)
          .filter(m -> m.getString("model").equals("remote:py-bad")).findFirst().orElseThrow();
      assertThat(decision.getString("action")).isEqualTo("HOLD");
      assertThat(decision.getDouble("confidence")).isZero();
      assertThat(decision.getString("detail")).startsWith("the answer does not match analysis.model.reply.schema.json");
      assertThat(status(r, "technical")).isEqualTo("ok");
    });
    // One answer of each kind: the details name what was wrong.
    assertThat(invalid.stream().map(r -> r.getJsonArray("models").encode()).toList())
        .anySatisfy(m -> assertThat(m).contains("/action"))
        .anySatisfy(m -> assertThat(m).contains("/confidence"))
        .anySatisfy(m -> assertThat(m).contains("/reasons"));
    String metrics = Http.get(node.baseUrl() + "/metrics").body();
    assertThat(metrics).containsPattern(
        "mariposa_analysis_remote_answers_total\\{[^}]*model=\"remote:py-bad\",status=\"invalid\"} [5-9]");
  }

  @Test
  void aPythonClientReceivesTickersAndIsRefusedWhatIsNotPublicOrNotAuthenticated() {
    try (PythonProcess watcher = PythonProcess.start(PythonProcess.EXAMPLES.resolve("watch_tickers.py"),
        "--port", Integer.toString(port), "--count", "3", "BTCUSDT")) {
      assertThat(watcher.awaitExit(Duration.ofSeconds(30))).as("watcher output %s", watcher.output()).isZero();
      List<JsonObject> tickers = watcher.output().stream().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
      assertThat(tickers).hasSize(3);
      assertThat(tickers).allSatisfy(t -> {
        assertThat(t.getString("symbol")).isEqualTo("BTCUSDT");
        assertThat(t.getValue("receivedAt")).isNotNull();
      });
    }

    try (PythonProcess probe = PythonProcess.start(Path.of("src/test/python/bridge_probe.py"),
        Integer.toString(port), TOKEN)) {
      assertThat(probe.awaitExit(Duration.ofSeconds(60))).as("probe output %s", probe.output()).isZero();
      JsonObject report = new JsonObject(probe.output().stream().filter(l -> l.startsWith("{")).findFirst()
          .orElseThrow(() -> new AssertionError("no report: " + probe.output())));
      assertThat(report.getString("nonPublic")).startsWith("access_denied");
      assertThat(report.getString("internalRequest")).startsWith("access_denied");
      assertThat(report.getString("modelWithoutToken")).startsWith("unauthorized");
      assertThat(report.getString("modelWithWrongToken")).startsWith("unauthorized");
      assertThat(report.getString("commandWithoutToken")).startsWith("unauthorized");
      assertThat(report.getString("commandWithWrongToken")).startsWith("unauthorized");
      assertThat(report.getString("askModelDirectly")).isEqualTo("access_denied");
      assertThat(report.getString("publish")).startsWith("rejected: publishing is not allowed");
      assertThat(report.getJsonObject("haltWithToken").getBoolean("halted")).isFalse();
      assertThat(report.getBoolean("stillConnected")).isTrue();
      // A frame of an unknown type stops the library reading that connection; the others go on.
      assertThat(report.getJsonObject("afterUnknownType").getJsonArray("otherConnection").encode())
          .contains("\"pong\"");
    }
    assertThat(leaks).isEmpty();
    String metrics = Http.get(node.baseUrl() + "/metrics").body();
    assertThat(metrics).containsPattern("mariposa_bridge_tcp_refused_total\\{[^}]*reason=\"unauthorized\"} 4.0");
  }

  private PythonProcess startModel() {
    PythonProcess model = PythonProcess.start(PythonProcess.EXAMPLES.resolve("rsi_model.py"),
        "--port", Integer.toString(port), "--token", TOKEN, "--name", "py-rsi", "--once");
    model.awaitLine("serving analysis.model.py-rsi", Duration.ofSeconds(15));
    return model;
  }

  private void awaitStatus(String status, Duration timeout) {
    Eventually.within(timeout, () -> "a result with " + MODEL + " " + status + "; last statuses "
        + results.stream().skip(Math.max(0, results.size() - 5)).map(r -> status(r, MODEL)).toList(),
        () -> results.stream().anyMatch(r -> status(r, MODEL).equals(status)));
  }

  private JsonObject lastWith(String status) {
    return results.stream().filter(r -> status(r, MODEL).equals(status)).reduce((a, b) -> b).orElseThrow();
  }

  private static JsonObject decision(JsonObject result) {
    return result.getJsonArray("models").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("model").equals(MODEL)).findFirst().orElseThrow();
  }

  private static String status(JsonObject result, String model) {
    return result.getJsonArray("models").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("model").equals(model)).map(m -> m.getString("status")).findFirst().orElse("absent");
  }
}
