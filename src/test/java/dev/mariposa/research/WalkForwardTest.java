package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.config.ConfigLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A walk-forward on recorded January days, checked from outside: the windows from the calendar,
 * every set of every train window run again through the facade (the chosen one must be the
 * argmax), each chosen set run directly on its test window (the out-of-sample figures must be those),
 * and the stitched return and the parameter stability recomputed from them.
 */
class WalkForwardTest {
  private static final List<Double> VALUES = List.of(0.3, 0.4, 0.5);

  @TempDir
  Path dir;

  @Test
  void eachWindowChoosesItsBestSetAndTheTestWindowScoresItAsADirectRun() throws Exception {
    Path month = Fixtures.month();
    Path out = dir.resolve("wf");
    Fixtures.Result r = Fixtures.optimize("--data", month.toString(),
        "--agent", Fixtures.write(dir, "agent.json", Fixtures.AGENT.encode()).toString(),
        "--space", Fixtures.write(dir, "space.json", "{\"parameters\": {\"minConfidence\": {\"values\": [0.3, 0.4, 0.5]}}}").toString(),
        "--to", "2024-01-23", "--walk-forward", "train=8d,test=5d", "--threads", "2", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject report = new JsonObject(Files.readString(out.resolve(OptimizeReport.JSON)));
    JsonObject wf = report.getJsonObject("walkForward");
    JsonArray windows = wf.getJsonArray("windows");
    assertThat(windows).hasSize(3);
    // The out-of-sample guard reads the windows' degradation; the others look at the last window's choice.
    JsonObject outOfSample = report.getJsonObject("guards").getJsonObject("outOfSample");
    assertThat(outOfSample.getJsonObject("overall")).isEqualTo(wf.getJsonObject("overall"));
    assertThat(outOfSample.getString("verdict")).startsWith("out of sample the score is");

    Backtest backtest = Backtest.prepare(List.of(month), ConfigLoader.load(Map.of()));
    long day = 86_400_000L;
    long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    double stitched = 1;
    List<Object> chosenValues = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      JsonObject w = windows.getJsonObject(k);
      long trainFrom = start + k * 5 * day;
      long testFrom = trainFrom + 8 * day;
      long testTo = testFrom + 5 * day - 1;
      assertThat(w.getJsonObject("train").getLong("fromMs")).isEqualTo(trainFrom);
      assertThat(w.getJsonObject("train").getLong("toMs")).isEqualTo(testFrom - 1);
      assertThat(w.getJsonObject("test").getLong("fromMs")).isEqualTo(testFrom);
      assertThat(w.getJsonObject("test").getLong("toMs")).isEqualTo(testTo);

      double best = Double.NEGATIVE_INFINITY;
      double argmax = Double.NaN;
      for (double value : VALUES) { // every set again, directly: the chosen one is the argmax
        double sharpe = performance(backtest, value, trainFrom, testFrom - 1).getDouble("sharpe");
        if (sharpe > best) {
          best = sharpe;
          argmax = value;
        }
      }
      JsonObject chosen = w.getJsonObject("chosen").getJsonObject("params");
      assertThat(chosen.getDouble("minConfidence")).as("window %d's choice", k + 1).isEqualTo(argmax);
      assertThat(w.getJsonObject("inSample").getDouble("score")).isEqualTo(best);
      chosenValues.add(argmax);

      JsonObject direct = new JsonObject(performance(backtest, argmax, testFrom, testTo).encode());
      JsonObject oos = w.getJsonObject("outOfSample");
      assertThat(oos.getJsonObject("figures")).as("window %d out of sample", k + 1).isEqualTo(direct);
      assertThat(oos.getDouble("score")).isEqualTo(direct.getDouble("sharpe"));
      assertThat(w.getDouble("degradation")).isEqualTo(best - direct.getDouble("sharpe"));
      stitched *= direct.getDouble("equity") / direct.getDouble("startingBalance");
    }
    assertThat(wf.getJsonObject("overall").getDouble("stitchedReturnPct")).isCloseTo((stitched - 1) * 100, within(1e-9));
    JsonArray curve = wf.getJsonArray("stitched");
    assertThat(curve.getJsonArray(curve.size() - 1).getDouble(1)).isCloseTo(10_000 * stitched, within(1e-6));
    JsonObject stability = wf.getJsonArray("stability").getJsonObject(0);
    assertThat(stability.getString("path")).isEqualTo("minConfidence");
    assertThat(stability.getJsonArray("chosen").getList()).isEqualTo(chosenValues);
    assertThat(stability.getInteger("distinct")).isEqualTo((int) chosenValues.stream().distinct().count());
  }

  private static JsonObject performance(Backtest backtest, double minConfidence, long from, long to) {
    Agent agent = AgentJson.parse(Fixtures.AGENT.copy().put("minConfidence", minConfidence), null, Set.of());
    return backtest.run(List.of(agent), from, to).outcomes().get(0).performance();
  }

  @Test
  void windowsRollOrAnchorAndANeedlessSpanIsRefused() throws Exception {
    long day = 86_400_000L;
    long first = Instant.parse("2024-01-01T00:04:59.999Z").toEpochMilli();
    long last = Instant.parse("2024-01-31T23:59:59.999Z").toEpochMilli();
    List<WalkForward.Window> rolling = WalkForward.windows(WalkForward.Spec.parse("train=10d,test=7d"), first, last);
    assertThat(rolling).hasSize(3);
    assertThat(rolling.get(2).trainFrom()).isEqualTo(first - 299_999 + 14 * day);
    assertThat(rolling.get(2).testTo()).isEqualTo(last);
    List<WalkForward.Window> anchored = WalkForward.windows(WalkForward.Spec.parse("train=10d,test=7d,anchored"), first, last);
    assertThat(anchored).extracting(WalkForward.Window::trainFrom).containsOnly(first - 299_999);
    assertThat(anchored).extracting(WalkForward.Window::testFrom).isEqualTo(rolling.stream().map(WalkForward.Window::testFrom).toList());
    assertThatThrownBy(() -> WalkForward.windows(WalkForward.Spec.parse("train=30d,test=7d"), first, last))
        .hasMessageContaining("holds no train window followed by a whole test window");
    assertThatThrownBy(() -> WalkForward.Spec.parse("train=10d"))
        .hasMessageContaining("needs both");
  }
}
