package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.JarProcess;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a new user first runs it. Without network (Binance's URLs on a closed
 * loopback port; everything else the defaults: MARKET_SOURCE=binance, EXCHANGE=paper) it falls back
 * to synthetic prices, its demo agents analyse them warm, and a warm-up that fails is said once,
 * not every 10 s per symbol. The banner says in words whether real money trades, and on what.
 */
class FirstRunIT {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";

  @TempDir
  Path workDir;

  @Test
  void withoutNetworkTheDemoFallsBackAnalysesWarmAndSaysSoOnce() throws Exception {
    int port = FreePort.find();
    int closed = FreePort.find();
    String base = "http://localhost:" + port;
    try (JarProcess jar = JarProcess.start(workDir, Map.of("PATH", System.getenv("PATH"), "HTTP_PORT", Integer.toString(port),
        "BINANCE_REST_URL", "http://127.0.0.1:" + closed, "BINANCE_WS_URL", "ws://127.0.0.1:" + closed))) {
      Eventually.within(Duration.ofSeconds(60), "/health is 200", () -> Http.status(base + "/health") == 200);
      Eventually.within(Duration.ofSeconds(10), "the banner", () -> jar.output().contains("Trading    "));
      assertThat(line(jar.output(), "Trading    ")).startsWith("Paper trading with").endsWith(": no real money");
      Eventually.within(Duration.ofSeconds(30), "the synthetic fallback", () -> jar.output().contains("FEEDING SYNTHETIC PRICES"));

      // Both demo symbols warm on the synthetic feed's simulated hours; no bar close is waited for.
      String analysis = base + "/api/agents/momentum-1m/analysis";
      // Polled every 250 ms: the jar runs with the default rate limits.
      Eventually.within(Duration.ofSeconds(90), () -> "warm analyses of momentum-1m; last: " + Http.get(analysis).body()
          + "\n" + jar.tail(30), () -> {
            HttpResponse<String> answer = Http.get(analysis);
            if (!Eventually.pause(250) || answer.statusCode() != 200) {
              return false;
            }
            JsonObject results = new JsonObject(answer.body()).getJsonObject("results", new JsonObject());
            return List.of("BTCUSDT", "ETHUSDT").stream().allMatch(symbol -> results.getJsonObject(symbol) != null
                && results.getJsonObject(symbol).getJsonObject("indicators").getBoolean("warm", false));
          });
      assertThat(Http.get(analysis).body()).doesNotContain("warming up");
      Eventually.within(Duration.ofSeconds(15), "the fallback in GET /api/system's words", () -> Eventually.pause(250)
          && "Paper trading with synthetic prices (Binance is unreachable): no real money".equals(trading(base).getString("summary")));
      JsonObject trading = trading(base);
      assertThat(trading.getBoolean("realMoney")).isFalse();
      assertThat(trading.getString("prices")).isEqualTo("synthetic");

      // Before the fallback a warm-up may fail (Binance asked for the bars): said once at most, and
      // no more once the synthetic feed's bars are there (before, every 10 s per symbol for hours).
      long failures = jar.output().lines().filter(l -> l.contains("No warm-up bars")).count();
      assertThat(failures).as(jar.output()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void theBannerSaysDemoOrRealMoneyInWords() throws Exception {
    Path day = SharedData.require(DAY);
    int closed = FreePort.find();
    Map<String, String> okx = Map.of("PATH", System.getenv("PATH"), "EXCHANGE", "okx",
        "OKX_REST_URL", "http://127.0.0.1:" + closed, "OKX_API_KEY", "key-0123456789",
        "OKX_API_SECRET", "secret-0123456789", "OKX_PASSPHRASE", "passphrase-0123", "SYMBOLS", "BTCUSDT");
    Map<String, String> demo = new HashMap<>(okx);
    demo.putAll(Map.of("HTTP_PORT", Integer.toString(FreePort.find()), "OKX_SIMULATED", "true",
        "MARKET_SOURCE", "replay", "REPLAY_FILES", day.toAbsolutePath().toString()));
    Map<String, String> real = new HashMap<>(okx);
    real.putAll(Map.of("HTTP_PORT", Integer.toString(FreePort.find()), "OKX_SIMULATED", "false",
        "BINANCE_REST_URL", "http://127.0.0.1:" + closed, "BINANCE_WS_URL", "ws://127.0.0.1:" + closed));
    try (JarProcess demoJar = JarProcess.start(workDir.resolve("demo"), demo);
         JarProcess realJar = JarProcess.start(workDir.resolve("real"), real)) {
      for (JarProcess jar : List.of(demoJar, realJar)) {
        Eventually.within(Duration.ofSeconds(60), () -> "the banner\n" + jar.tail(20), () -> jar.output().contains("Trading    "));
      }
      assertThat(line(demoJar.output(), "Trading    "))
          .isEqualTo("Demo trading on OKX (simulated) with replayed prices from 2024-09-21: no real money");
      assertThat(line(demoJar.output(), "Market     ")).startsWith("REPLAYED prices of 2024-09-21");
      assertThat(line(realJar.output(), "Trading    ")).isEqualTo("REAL MONEY on OKX: orders only on live Binance prices");
    }
  }

  /** GET /api/system's trading mode; empty when it does not answer 200. */
  private static JsonObject trading(String base) {
    HttpResponse<String> system = Http.get(base + "/api/system");
    return system.statusCode() == 200 ? new JsonObject(system.body()).getJsonObject("trading") : new JsonObject();
  }

  /** What follows {@code label} on the banner's line. */
  private static String line(String output, String label) {
    return output.lines().filter(l -> l.startsWith("  " + label)).findFirst()
        .map(l -> l.substring(2 + label.length())).orElse("(no " + label.strip() + " line)");
  }
}
