package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.agent.AgentJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mariposa optimize} on a recorded month: usage errors, threads, resuming, the report and the saved agent. */
class OptimizeCommandTest {
  /** Four sets, one of them an agent AgentJson refuses; ten days of 5m bars keep each run short. */
  private static final String SPACE = """
      parameters:
        minConfidence: {values: [0.3, 0.45, 1.5]}
        risk.stopLossPct: {values: [1, 3]}
      """;

  @TempDir
  Path dir;

  /** The small search of these tests, its guards left out but where {@code more} asks for them ({@code --guards}). */
  private String[] args(Path out, String... more) throws Exception {
    boolean guards = List.of(more).contains("--guards");
    more = Arrays.stream(more).filter(a -> !a.equals("--guards")).toArray(String[]::new);
    if (!guards) {
      more = Stream.concat(Arrays.stream(more), Stream.of("--no-guards")).toArray(String[]::new);
    }
    Path month = Fixtures.month();
    Path agent = Fixtures.write(dir, "agent.json", Fixtures.AGENT.encode());
    Path space = Fixtures.write(dir, "space.yaml", SPACE);
    String[] base = {"--data", month.toString(), "--agent", agent.toString(), "--space", space.toString(),
        "--to", "2024-01-10", "--out", out.toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void usageErrorsExitTwoWithOneLine() throws Exception {
    Fixtures.Result none = Fixtures.optimize();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("optimize: --data is required").contains("usage: java -jar mariposa.jar optimize");
    Fixtures.Result unknown = Fixtures.optimize("--bogus");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("optimize: unknown argument --bogus");

    Path out = dir.resolve("out");
    for (String[] bad : new String[][] {
        {"--objective", "calmar"}, {"--search", "random", "--trials", "0"}, {"--trials", "5"},
        {"--walk-forward", "train=60,test=30d"}, {"--heatmap", "minConfidence,risk.takeProfitPct"},
        {"--max-grid", "3"}, {"--from", "2024-02-01"}}) {
      Fixtures.Result r = Fixtures.optimize(args(out, bad));
      assertThat(r.code()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip()).as(String.join(" ", bad)).startsWith("optimize: ").doesNotContain("\n");
    }
    Fixtures.Result grid = Fixtures.optimize(args(out, "--max-grid", "3"));
    assertThat(grid.err()).contains("the grid holds 6 sets, more than --max-grid 3: use --search random");
    Path badSpace = Fixtures.write(dir, "bad.yaml", "parameters:\n  risk.stopLos: {values: [1]}\n");
    Fixtures.Result space = Fixtures.optimize("--data", Fixtures.month().toString(), "--agent",
        Fixtures.write(dir, "a.json", Fixtures.AGENT.encode()).toString(), "--space", badSpace.toString());
    assertThat(space.code()).isEqualTo(2);
    assertThat(space.err().strip()).startsWith("optimize: --space " + badSpace + ": parameter risk.stopLos: the agent has no field")
        .doesNotContain("\n");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void oneAndTwoThreadsGiveTheSameTrials() throws Exception {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    Fixtures.Result a = Fixtures.optimize(args(one, "--threads", "1"));
    Fixtures.Result b = Fixtures.optimize(args(two, "--threads", "2"));
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(b.code()).as(b.err()).isZero();
    Map<String, JsonObject> x = Fixtures.trials(one);
    Map<String, JsonObject> y = Fixtures.trials(two);
    assertThat(x).hasSize(6).containsOnlyKeys(y.keySet());
    x.forEach((key, t) -> {
      JsonObject u = y.get(key);
      assertThat(u.getValue("score")).as(key).isEqualTo(t.getValue("score"));
      assertThat(u.getJsonObject("figures")).as(key).isEqualTo(t.getJsonObject("figures"));
      assertThat(u.getString("error")).as(key).isEqualTo(t.getString("error"));
    });
    assertThat(x.values().stream().filter(t -> t.getString("error") == null)).allSatisfy(t ->
        assertThat(t.getJsonObject("figures").getInteger("roundTrips")).isPositive());
    JsonObject report = new JsonObject(Files.readString(one.resolve(OptimizeReport.JSON)));
    JsonObject other = new JsonObject(Files.readString(two.resolve(OptimizeReport.JSON)));
    assertThat(withoutTime(report.getJsonObject("best"))).isEqualTo(withoutTime(other.getJsonObject("best")));
  }

  @Test
  void theEvolutionarySearchIsSeededWhateverTheThreads() throws Exception {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    Fixtures.Result a = Fixtures.optimize(args(one, "--search", "evolve", "--trials", "14", "--seed", "5", "--threads", "1"));
    Fixtures.Result b = Fixtures.optimize(args(two, "--search", "evolve", "--trials", "14", "--seed", "5", "--threads", "2"));
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(Fixtures.trials(one).keySet()).isEqualTo(Fixtures.trials(two).keySet());
    JsonObject x = new JsonObject(Files.readString(one.resolve(OptimizeReport.JSON)));
    JsonObject y = new JsonObject(Files.readString(two.resolve(OptimizeReport.JSON)));
    assertThat(x.getJsonObject("search").getInteger("population")).isEqualTo(6);
    assertThat(x.getJsonObject("search").getInteger("generations")).isEqualTo(3);
    assertThat(withoutTime(x.getJsonObject("best"))).isEqualTo(withoutTime(y.getJsonObject("best")));
  }

  private static JsonObject withoutTime(JsonObject trial) {
    JsonObject copy = trial.copy();
    copy.remove("ms");
    return copy;
  }

  @Test
  void theReportRanksTheTrialsDrawsTheHeatMapAndSavesTheBestAgent() throws Exception {
    Path out = dir.resolve("out");
    Path saved = dir.resolve("best-agent.json");
    Fixtures.Result r = Fixtures.optimize(args(out, "--objective", "mix:return=1,maxdd<=1.5", "--save-agent", saved.toString()));
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject report = new JsonObject(Files.readString(out.resolve(OptimizeReport.JSON)));
    JsonArray trials = report.getJsonArray("scopes").getJsonObject(0).getJsonArray("trials");
    assertThat(trials).hasSize(6);
    for (int i = 4; i < 6; i++) { // minConfidence 1.5: an agent AgentJson refuses, with either stop
      JsonObject failed = trials.getJsonObject(i);
      assertThat(failed.getString("status")).isEqualTo("failed");
      assertThat(failed.getString("error")).contains("minConfidence must be a number from 0 to 1");
      assertThat(failed.getJsonObject("params").getDouble("minConfidence")).isEqualTo(1.5);
    }
    for (int i = 0; i < 4; i++) { // accepted by score, then rejected: each with its drawdown past the cap
      JsonObject t = trials.getJsonObject(i);
      double dd = t.getJsonObject("figures").getDouble("maxDrawdownPctMarked");
      assertThat(t.getString("status")).isEqualTo(dd > 1.5 ? "rejected" : "ok");
      assertThat(t.getDouble("score")).isEqualTo(t.getJsonObject("figures").getDouble("returnPct"));
    }
    JsonObject heat = report.getJsonArray("scopes").getJsonObject(0).getJsonObject("heatmap");
    assertThat(heat.getString("x")).isEqualTo("minConfidence");
    assertThat(heat.getString("y")).isEqualTo("risk.stopLossPct");
    assertThat(heat.getJsonArray("statuses").getJsonArray(0).getString(2)).isEqualTo("failed");
    JsonObject best = report.getJsonObject("best");
    if (best != null) {
      JsonObject agent = report.getJsonObject("bestAgent");
      assertThat(agent.getString("id")).isEqualTo("tech-5m-opt");
      assertThat(AgentJson.parse(agent.copy(), null, Set.of()).minConfidence())
          .isEqualTo(best.getJsonObject("params").getDouble("minConfidence"));
      assertThat(new JsonObject(Files.readString(saved))).isEqualTo(agent);
    }
    String html = Files.readString(out.resolve(OptimizeReport.HTML));
    assertThat(html).doesNotContain("\"REPORT_JSON\"").contains("LightweightCharts").contains("tech-5m-opt");
  }

  @Test
  void theBestSetIsCheckedForOverfitting() throws Exception {
    Path out = dir.resolve("out");
    Fixtures.Result r = Fixtures.optimize(args(out, "--objective", "return", "--guards"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject report = new JsonObject(Files.readString(out.resolve(OptimizeReport.JSON)));
    JsonObject best = report.getJsonObject("best");
    JsonObject guards = report.getJsonObject("guards");
    assertThat(guards.fieldNames()).containsExactly("outOfSample", "monteCarlo", "deflatedSharpe", "lookAhead");
    assertThat(guards.getJsonObject("outOfSample").getString("verdict")).startsWith("not measured");
    // The guards look at the best set's own run: its trades, its Sharpe ratio, among the sets that ran.
    assertThat(guards.getJsonObject("monteCarlo").getInteger("trades"))
        .isEqualTo(best.getJsonObject("figures").getInteger("roundTrips"));
    JsonObject dsr = guards.getJsonObject("deflatedSharpe");
    assertThat(dsr.getDouble("sharpe")).isCloseTo(best.getJsonObject("figures").getDouble("sharpe"), within(1e-6));
    assertThat(dsr.getInteger("trials")).isEqualTo(4); // six sets, two of which AgentJson refused: no Sharpe
    JsonObject lookAhead = guards.getJsonObject("lookAhead");
    assertThat(lookAhead.getBoolean("passed")).as(lookAhead.getString("verdict")).isTrue();
    assertThat(lookAhead.getJsonArray("cuts")).hasSize(8);
    assertThat(r.out()).contains("look-ahead:", "Monte Carlo:", "deflated Sharpe:");
    assertThat(Files.readString(out.resolve(OptimizeReport.HTML))).contains("Overfitting guards");
  }

  @Test
  void aSecondRunResumesEverythingAndAChangedSpaceIsRefused() throws Exception {
    Path out = dir.resolve("out");
    Fixtures.Result first = Fixtures.optimize(args(out));
    assertThat(first.code()).as(first.err()).isZero();
    Fixtures.Result again = Fixtures.optimize(args(out));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming", "6 trials known");
    assertThat(again.out()).contains("0 trials run, 6 resumed");
    JsonObject a = new JsonObject(Files.readString(out.resolve(OptimizeReport.JSON)));
    assertThat(Fixtures.trials(out)).hasSize(6);
    Fixtures.write(dir, "space.yaml", SPACE.replace("[1, 3]", "[1, 2]"));
    Path agent = dir.resolve("agent.json");
    Fixtures.Result changed = Fixtures.optimize("--data", Fixtures.month().toString(), "--agent", agent.toString(),
        "--space", dir.resolve("space.yaml").toString(), "--to", "2024-01-10", "--out", out.toString());
    assertThat(changed.code()).as(changed.err()).isEqualTo(2);
    assertThat(changed.err()).contains("holds the trials of another run (it differs in space", "--fresh");
    assertThat(a.getJsonObject("execution").getInteger("trialsResumed")).isEqualTo(6);
  }
}
