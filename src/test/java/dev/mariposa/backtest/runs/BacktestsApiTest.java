package dev.mariposa.backtest.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.backtest.BacktestCommand;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.research.OptimizeCommand;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backtests from the API on one instance (http and jobs roles, real Redis, embedded MongoDB, the
 * recordings as the data directory): a run goes queued, running, done with its events on
 * {@code backtest.<id>}, and its report is the CLI's for the same input; a queued run is cancelled
 * at once and a running one at the engine's next progress check; bad requests and paths out of
 * the data directory are refused. An optimisation goes the same way, its best set the one the
 * CLI's engine finds, is cancelled between trials, and bad ones are refused.
 */
class BacktestsApiTest {
  private static final String TOKEN = "backtests-token-0123456789";
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static Mariposa app;
  /** Every event published on backtest.* by the instance, in order. */
  private static final Queue<JsonObject> EVENTS = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    SharedData.require(DAY);
    cluster = new TestCluster(dir);
    app = cluster.start("bt", Map.of("ROLES", "http,jobs", "API_TOKENS", TOKEN,
        "BACKTEST_DATA_DIR", SharedData.dir().toAbsolutePath().toString()));
    app.vertx().eventBus().addOutboundInterceptor(delivery -> {
      String address = delivery.message().address();
      if (address.startsWith("backtest.") && delivery.message().body() instanceof JsonObject body) {
        EVENTS.add(body.copy().put("address", address));
      }
      delivery.next();
    });
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRunGoesQueuedRunningDoneAndItsReportIsTheOneTheCliWrites() throws Exception {
    JsonObject agent = agent("bt-tech", List.of("BTCUSDT"));
    JsonObject queued = post(new JsonObject().put("data", new JsonArray().add(DAY)).put("agents", new JsonArray().add(agent))
        .put("from", "2024-09-21T06:00"), 202);
    String id = queued.getString("id");
    assertThat(queued.getString("status")).isEqualTo("queued");
    JsonObject done = awaitEnd(id);
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("done");
    assertThat(done.getString("instance")).isEqualTo("bt");
    assertThat(done.getJsonObject("progress").getInteger("pct")).isEqualTo(100);

    List<JsonObject> events = events(id);
    assertThat(events).extracting(e -> e.getString("status")).first().isEqualTo("running");
    assertThat(events).extracting(e -> e.getString("status")).last().isEqualTo("done");
    for (JsonObject event : events) {
      JsonObject body = event.copy();
      body.remove("address");
      assertThat(EventSchemas.get().validate("backtest." + id, body)).as(body.encode()).isEmpty();
    }
    assertThat(events.get(events.size() - 1).getJsonArray("summary")).isEqualTo(done.getJsonArray("summary"));

    JsonObject report = new JsonObject(ok(Http.get(url("/api/backtests/" + id + "/report"))).body());
    Path agentFile = dir.resolve("agent.json");
    Files.writeString(agentFile, agent.encode());
    Path out = dir.resolve("cli");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BacktestCommand.run(List.of("--data", SharedData.dir().toAbsolutePath().toRealPath().resolve(DAY).toString(),
            "--agents", agentFile.toString(), "--from", "2024-09-21T06:00", "--out", out.toString(), "--quiet"), Map.of(),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonObject cli = new JsonObject(Files.readString(out.resolve("backtest.json")));
    assertThat(report.getJsonArray("agents")).as("each agent's figures, orders, trades and equity").isEqualTo(cli.getJsonArray("agents"));
    assertThat(report.getJsonObject("settings")).isEqualTo(cli.getJsonObject("settings"));
    assertThat(report.getJsonObject("prices")).isEqualTo(cli.getJsonObject("prices"));
    JsonObject performance = cli.getJsonArray("agents").getJsonObject(0).getJsonObject("performance");
    assertThat(performance.getInteger("fills")).as("the day trades").isPositive();
    assertThat(done.getJsonArray("summary").getJsonObject(0).getValue("returnPct")).isEqualTo(performance.getValue("returnPct"));

    HttpResponse<String> page = ok(Http.get(url("/api/backtests/" + id + "/report.html")));
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<title>Mariposa backtest</title>").contains("\"bt-tech\"");

    JsonObject list = new JsonObject(ok(Http.get(url("/api/backtests?limit=5"))).body());
    assertThat(list.getJsonArray("runs").stream().map(r -> ((JsonObject) r).getString("id"))).contains(id);
    assertThat(list.getJsonArray("runs").getJsonObject(0).containsKey("agents")).as("no definitions in the list").isFalse();
  }

  @Test
  void aQueuedRunIsCancelledAtOnceAndARunningOneAtItsNextProgressCheck() throws Exception {
    // Ten agents on every kline file and the 10-symbol capture: long enough to be cancelled while it runs.
    JsonArray agents = new JsonArray(IntStream.range(0, 10).mapToObj(i -> (Object) agent("long-" + i,
        List.of("BTCUSDT", "ETHUSDT", "BTCAUD", "MANAUSDT"))).toList());
    String running = post(new JsonObject().put("data", new JsonArray().add("binance/klines").add("binance/ws/"
        + "combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl")).put("agents", agents), 202).getString("id");
    Eventually.within(WAIT, "the long run running", () -> events(running).stream()
        .anyMatch(e -> e.getString("status").equals("running")));

    // One run at a time per instance: a second waits, and is cancelled at once.
    String waiting = post(new JsonObject().put("data", new JsonArray().add(DAY))
        .put("agents", new JsonArray().add(agent("short", List.of("BTCUSDT")))), 202).getString("id");
    JsonObject cancelled = new JsonObject(status(Http.send("DELETE", url("/api/backtests/" + waiting), null, TOKEN), 200).body());
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");

    JsonObject asked = new JsonObject(status(Http.send("DELETE", url("/api/backtests/" + running), null, TOKEN), 202).body());
    assertThat(asked.getBoolean("cancelRequested")).isTrue();
    JsonObject ended = awaitEnd(running);
    assertThat(ended.getString("status")).isEqualTo("cancelled");
    JsonObject progress = ended.getJsonObject("progress");
    assertThat(progress.getInteger("done")).as("stopped before the end: " + progress).isLessThan(progress.getInteger("total"));
    assertThat(events(running)).extracting(e -> e.getString("status")).last().isEqualTo("cancelled");
    error(Http.get(url("/api/backtests/" + running + "/report")), 404, "backtest_not_found");
    error(Http.send("DELETE", url("/api/backtests/" + running), null, TOKEN), 409, "backtest_finished");
    assertThat(events(waiting)).as("the cancelled queued run never ran").isEmpty();
    assertThat(new JsonObject(ok(Http.get(url("/api/backtests/" + waiting))).body()).getString("status")).isEqualTo("cancelled");
  }

  @Test
  void badRequestsAndPathsOutOfTheDataDirectoryAreRefused() {
    JsonObject agents = new JsonObject().put("agents", new JsonArray().add("momentum-1m"));
    for (String escape : List.of("../shared/data/" + DAY, "/etc/passwd", "binance/../../../etc/passwd", "binance/klines/../../..")) {
      JsonObject problems = error(Http.send("POST", url("/api/backtests"), agents.copy().put("data", new JsonArray().add(escape)).encode(),
          TOKEN), 400, "invalid_backtest");
      assertThat(problems.getJsonArray("problems").encode()).as(escape).contains("data:");
    }
    JsonObject all = error(Http.send("POST", url("/api/backtests"), new JsonObject().put("kind", "forecast")
        .put("data", new JsonArray()).put("agents", new JsonArray().add("no-such-agent").add(new JsonObject().put("id", "x")))
        .put("from", "yesterday").put("options", new JsonObject().put("takerFee", 0.5).put("slippage", 1)).encode(), TOKEN),
        400, "invalid_backtest");
    assertThat(all.getJsonArray("problems").stream().map(String::valueOf))
        .anyMatch(p -> p.startsWith("kind:")).anyMatch(p -> p.startsWith("data:")).anyMatch(p -> p.startsWith("agents[1]:"))
        .anyMatch(p -> p.startsWith("from:")).anyMatch(p -> p.startsWith("options.takerFee:"))
        .anyMatch(p -> p.startsWith("options.slippage:"));
    JsonObject unknown = error(Http.send("POST", url("/api/backtests"), agents.copy().put("agents", new JsonArray().add("no-such-agent"))
        .put("data", new JsonArray().add(DAY)).encode(), TOKEN), 400, "invalid_backtest");
    assertThat(unknown.getString("message")).contains("no agent no-such-agent");
    error(Http.send("POST", url("/api/backtests"), agents.copy().put("data", new JsonArray().add(DAY)).encode(), null), 401, "unauthorized");
    error(Http.get(url("/api/backtests/no-such-run")), 404, "backtest_not_found");
    error(Http.send("DELETE", url("/api/backtests/no-such-run"), null, TOKEN), 404, "backtest_not_found");
    JsonObject files = new JsonObject(ok(Http.get(url("/api/backtests/data"))).body());
    assertThat(files.getJsonArray("files")).contains(DAY);
  }

  @Test
  void anOptimizationGoesQueuedRunningDoneAndItsBestIsTheOneTheCliFinds() throws Exception {
    JsonObject agent = agent("bt-opt", List.of("BTCUSDT"));
    JsonObject space = new JsonObject().put("parameters", new JsonObject()
        .put("minConfidence", new JsonObject().put("values", new JsonArray().add(0.2).add(0.3)))
        .put("risk.stopLossPct", new JsonObject().put("values", new JsonArray().add(0.3).add(0.5))));
    JsonObject queued = post(new JsonObject().put("kind", "optimize").put("data", new JsonArray().add(DAY))
        .put("agents", new JsonArray().add(agent)).put("from", "2024-09-21T06:00").put("to", "2024-09-21T12:00")
        .put("space", space).put("objective", "return"), 202);
    String id = queued.getString("id");
    assertThat(queued.getString("kind")).isEqualTo("optimize");
    JsonObject done = awaitEnd(id);
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("done");
    assertThat(done.getJsonObject("progress").getInteger("done")).isEqualTo(4);
    assertThat(done.getJsonObject("progress").getInteger("total")).isEqualTo(4);

    List<JsonObject> events = events(id);
    assertThat(events).extracting(e -> e.getString("status")).first().isEqualTo("running");
    assertThat(events).extracting(e -> e.getString("status")).last().isEqualTo("done");
    assertThat(events).allMatch(e -> e.getString("kind").equals("optimize"));
    for (JsonObject event : events) {
      JsonObject body = event.copy();
      body.remove("address");
      assertThat(EventSchemas.get().validate("backtest." + id, body)).as(body.encode()).isEmpty();
    }
    assertThat(events.get(events.size() - 1).getJsonObject("best")).isEqualTo(done.getJsonObject("best"));

    JsonObject report = new JsonObject(ok(Http.get(url("/api/backtests/" + id + "/report"))).body());
    Path agentFile = dir.resolve("opt-agent.json");
    Files.writeString(agentFile, agent.encode());
    Path spaceFile = dir.resolve("space.json");
    Files.writeString(spaceFile, space.encode());
    Path out = dir.resolve("cli-optimize");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = OptimizeCommand.run(List.of("--data", SharedData.dir().toAbsolutePath().toRealPath().resolve(DAY).toString(),
            "--agent", agentFile.toString(), "--space", spaceFile.toString(), "--objective", "return",
            "--from", "2024-09-21T06:00", "--to", "2024-09-21T12:00", "--threads", "1", "--out", out.toString(), "--quiet"),
        Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonObject cli = new JsonObject(Files.readString(out.resolve("optimize.json")));
    assertThat(ranked(report)).as("every set's score, in rank order").isEqualTo(ranked(cli)).hasSize(4);
    JsonObject best = cli.getJsonObject("best");
    assertThat(best).as("a set was accepted: " + cli.getJsonArray("scopes")).isNotNull();
    assertThat(done.getJsonObject("best")).isEqualTo(new JsonObject().put("score", best.getDouble("score"))
        .put("params", best.getJsonObject("params")));
    assertThat(report.getJsonObject("bestAgent")).isEqualTo(cli.getJsonObject("bestAgent"));
    assertThat(report.getJsonObject("guards").fieldNames()).isEqualTo(cli.getJsonObject("guards").fieldNames());

    HttpResponse<String> page = ok(Http.get(url("/api/backtests/" + id + "/report.html")));
    assertThat(page.body()).contains("<title>Mariposa optimize</title>").contains("\"bt-opt\"");
  }

  @Test
  void aRunningOptimizationIsCancelledBetweenTrials() {
    JsonObject space = new JsonObject().put("parameters", new JsonObject()
        .put("minConfidence", new JsonObject().put("min", 0.1).put("max", 0.9).put("step", 0.01))
        .put("risk.stopLossPct", new JsonObject().put("min", 0.1).put("max", 5).put("step", 0.1)));
    String id = post(new JsonObject().put("kind", "optimize").put("data", new JsonArray().add(DAY))
        .put("agents", new JsonArray().add(agent("bt-opt-long", List.of("BTCUSDT")))).put("space", space)
        .put("search", "random").put("trials", 500), 202).getString("id");
    Eventually.within(WAIT, "the optimisation running", () -> events(id).stream()
        .anyMatch(e -> e.getString("status").equals("running")));
    JsonObject asked = new JsonObject(status(Http.send("DELETE", url("/api/backtests/" + id), null, TOKEN), 202).body());
    assertThat(asked.getBoolean("cancelRequested")).isTrue();
    JsonObject ended = awaitEnd(id);
    assertThat(ended.getString("status")).isEqualTo("cancelled");
    JsonObject progress = ended.getJsonObject("progress");
    assertThat(progress.getInteger("done")).as("stopped before the end: " + progress).isLessThan(500);
    assertThat(events(id)).extracting(e -> e.getString("status")).last().isEqualTo("cancelled");
    error(Http.get(url("/api/backtests/" + id + "/report")), 404, "backtest_not_found");
  }

  @Test
  void badOptimizationsAreRefused() {
    JsonObject base = new JsonObject().put("kind", "optimize").put("data", new JsonArray().add(DAY))
        .put("agents", new JsonArray().add(agent("bad-opt", List.of("BTCUSDT"))));
    JsonObject space = new JsonObject().put("parameters", new JsonObject()
        .put("minConfidence", new JsonObject().put("values", new JsonArray().add(0.2).add(0.3))));
    assertThat(problems(base.copy())).anyMatch(p -> p.startsWith("space:"));
    assertThat(problems(base.copy().put("space", space).put("search", "random").put("trials", 501)))
        .anyMatch(p -> p.startsWith("trials:"));
    assertThat(problems(base.copy().put("space", space).put("agents", new JsonArray().add(agent("a1", List.of("BTCUSDT")))
        .add(agent("a2", List.of("BTCUSDT")))))).anyMatch(p -> p.startsWith("agents:"));
    assertThat(problems(base.copy().put("space", space).put("objective", "luck").put("walkForward", "train=99999999999999999999d")
        .put("options", new JsonObject()))).anyMatch(p -> p.startsWith("objective"))
        .anyMatch(p -> p.startsWith("walkForward")).anyMatch(p -> p.startsWith("options:"));
    // Read against the agent: a path it does not have, a grid over the bound.
    assertThat(problems(base.copy().put("space", new JsonObject().put("parameters", new JsonObject()
        .put("risk.noSuchField", new JsonObject().put("values", new JsonArray().add(1)))))))
        .anyMatch(p -> p.startsWith("space:"));
    assertThat(problems(base.copy().put("space", new JsonObject().put("parameters", new JsonObject()
        .put("minConfidence", new JsonObject().put("min", 0.01).put("max", 0.99).put("step", 0.001))))))
        .anyMatch(p -> p.contains("more than 500"));
    // Numbers no field holds: infinite (JSON's 1e309 decodes so), whole but past a long.
    for (String range : List.of("{\"min\": 0, \"max\": 1e309, \"step\": 0.1}", "{\"min\": 0, \"max\": 1e30, \"step\": 1e29}")) {
      String body = base.encode().replaceFirst("}$", ", \"space\": {\"parameters\": {\"minConfidence\": " + range + "}}}");
      assertThat(error(Http.send("POST", url("/api/backtests"), body, TOKEN), 400, "invalid_backtest")
          .getJsonArray("problems").stream().map(String::valueOf)).as(range).anyMatch(p -> p.startsWith("space:"));
    }
  }

  private static List<String> problems(JsonObject body) {
    return error(Http.send("POST", url("/api/backtests"), body.encode(), TOKEN), 400, "invalid_backtest")
        .getJsonArray("problems").stream().map(String::valueOf).toList();
  }

  /** Each trial's parameters and score (its time aside), best first. */
  private static List<String> ranked(JsonObject report) {
    return report.getJsonArray("scopes").getJsonObject(0).getJsonArray("trials").stream()
        .map(t -> ((JsonObject) t).getJsonObject("params").encode() + " " + ((JsonObject) t).getValue("score")).toList();
  }

  private static JsonObject agent(String id, List<String> symbols) {
    return new JsonObject().put("id", id).put("name", "Technical 1m " + id).put("symbols", new JsonArray(symbols))
        .put("interval", "1m").put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1)))
        .put("minConfidence", 0.3).put("agreement", 0.5)
        .put("risk", new JsonObject().put("maxOpenPositions", 2).put("maxPositionNotional", 1000).put("maxOrdersPerMinute", 30)
            .put("cooldownSeconds", 0).put("stopLossPct", 0.5).put("takeProfitPct", 0.5));
  }

  private static JsonObject awaitEnd(String id) {
    Eventually.within(WAIT, () -> "run " + id + " ended: " + Http.get(url("/api/backtests/" + id)).body(), () -> List.of(
        "done", "failed", "cancelled").contains(new JsonObject(Http.get(url("/api/backtests/" + id)).body()).getString("status")));
    return new JsonObject(Http.get(url("/api/backtests/" + id)).body());
  }

  private static List<JsonObject> events(String id) {
    return EVENTS.stream().filter(e -> e.getString("address").equals("backtest." + id)).toList();
  }

  private static JsonObject post(JsonObject body, int expected) {
    return new JsonObject(status(Http.send("POST", url("/api/backtests"), body.encode(), TOKEN), expected).body());
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    return status(response, 200);
  }

  private static HttpResponse<String> status(HttpResponse<String> response, int expected) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    return response;
  }

  private static JsonObject error(HttpResponse<String> response, int expected, String code) {
    JsonObject error = new JsonObject(status(response, expected).body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    return error;
  }

  private static String url(String path) {
    return app.baseUrl() + path;
  }
}
