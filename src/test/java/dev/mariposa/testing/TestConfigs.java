package dev.mariposa.testing;

import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Configurations for tests: the shipped defaults, fast reconnects, a free HTTP port, a temp data dir. */
public final class TestConfigs {
  private TestConfigs() {}

  /** Defaults tuned for tests (200 ms PING watchdog, 50–500 ms reconnect backoff) plus {@code env}. */
  public static MariposaConfig config(Path dataDir, Map<String, String> env) {
    return config(dataDir, env, json -> { });
  }

  /** As {@link #config(Path, Map)}, with {@code tweak} applied to the JSON defaults first. */
  public static MariposaConfig config(Path dataDir, Map<String, String> env, Consumer<JsonObject> tweak) {
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("redis")
        .put("pingIntervalMs", 200)
        .put("reconnectInitialDelayMs", 50)
        .put("reconnectMaxDelayMs", 500)
        .put("timeoutMs", 2000);
    json.getJsonObject("health").put("checkTimeoutMs", 1000);
    json.getJsonObject("instances").put("http", 1);
    // Rate limits on, but far above what a test sends; the rate-limit tests set their own.
    JsonObject policies = json.getJsonObject("rateLimit").getJsonObject("policies");
    for (String group : policies.fieldNames()) {
      policies.getJsonObject(group).put("requests", 1_000_000).put("burst", 100_000);
    }
    tweak.accept(json);
    Map<String, String> all = new HashMap<>();
    all.put("HTTP_PORT", "0");
    all.put("HTTP_HOST", "127.0.0.1");
    all.put("DATA_DIR", dataDir.toString());
    all.put("MARKET_SOURCE", "synthetic");
    all.putAll(env);
    return ConfigLoader.from(json, all);
  }

  /**
   * Signals that live a day of replayed time. A replay decides on replayed time: at 120x a
   * signal's 30 s is 250 ms of wall time, and a kline replay's next bar (0.5 s later) expires it,
   * as a backtest would; a looped capture of a few seconds at 240x moves a minute per pass, every
   * tenth of a second. Tests that force a trade in a fast replay to check something else (the
   * secrets used, the decimals printed, the dashboard's rows) use this, so a loaded 2-core machine
   * deciding slowly does not expire their signal.
   */
  public static void patientSignals(JsonObject json) {
    json.getJsonObject("trade").put("signalTtlMs", 86_400_000);
  }

  public static MariposaConfig.Redis redis(String url) {
    return config(Path.of("target/unused"), Map.of("REDIS_URL", url)).redis();
  }
}
