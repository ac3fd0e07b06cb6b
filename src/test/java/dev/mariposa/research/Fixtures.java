package dev.mariposa.research;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the research tests share: an agent with the technical model on BTCUSDT 5m, a recorded month, the command. */
final class Fixtures {
  static final String MONTH = "binance/klines/months/BTCUSDT-5m-2024-01.csv";
  static final JsonObject AGENT = new JsonObject("""
      {"id": "tech-5m", "name": "Technical on 5m", "symbols": ["BTCUSDT"], "interval": "5m",
       "models": [{"name": "technical", "weight": 1}], "minConfidence": 0.4, "agreement": 0.6,
       "risk": {"maxOpenPositions": 1, "maxPositionNotional": 1000, "cooldownSeconds": 0,
                "stopLossPct": 2, "takeProfitPct": 3}}""");

  private Fixtures() {}

  static Agent agent() {
    return AgentJson.parse(AGENT.copy(), null, Set.of());
  }

  static AgentTemplate template() {
    return AgentTemplate.of(agent());
  }

  static Path month() {
    return SharedData.require(MONTH);
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  record Result(int code, String out, String err) {}

  /** {@code optimize} in process, quiet, with {@code args}. */
  static Result optimize(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--quiet");
    int code = OptimizeCommand.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The trials of {@code dir}/trials.jsonl by scope/key. */
  static Map<String, JsonObject> trials(Path dir) throws IOException {
    Map<String, JsonObject> trials = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve(TrialStore.TRIALS))) {
      JsonObject t = new JsonObject(line);
      trials.put(t.getString("scope") + "/" + t.getString("key"), t);
    }
    return trials;
  }
}
