package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar refusing a configuration before anything starts: exit code 2, one line on
 * stderr, no embedded store started (no data directory, no redis-server left behind), and for real
 * money on unreal prices, not one request to the exchange.
 */
class StartupRefusalIT {
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);
  private static final FakeOkx.Credentials KEYS = new FakeOkx.Credentials("it-key", "it-secret", "it-pass");

  @TempDir
  Path dir;

  private Map<String, String> env(Path workDir, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", Integer.toString(FreePort.find()));
    env.put("DATA_DIR", workDir.resolve("data").toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** Exit 2 with exactly {@code line} on stderr, nothing on stdout, and nothing started in {@code workDir}. */
  private static void assertRefused(JarProcess.Exit exit, Path workDir, String line) {
    assertThat(exit.code()).as("exit code; stderr: %s", exit.stderr()).isEqualTo(2);
    assertThat(exit.stderr().lines().toList()).containsExactly(line);
    assertThat(exit.stdout()).as("stdout").isEmpty();
    assertThat(workDir.resolve("data")).as("no embedded store started").doesNotExist();
    List<String> leftBehind = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(workDir.toString())).orElse(false)).map(p ->
            p.info().commandLine().orElse("")).toList();
    assertThat(leftBehind).as("processes of this run still alive (an embedded redis-server?)").isEmpty();
  }

  @Test
  void realMoneyOnSyntheticPricesStopsStartupAndTheExchangeHearsNothing() {
    try (FakeOkx okx = FakeOkx.startAlone(KEYS, false)) {
      Path workDir = dir.resolve("synthetic");
      Map<String, String> env = env(workDir, "MARKET_SOURCE", "synthetic");
      env.putAll(okx.env()); // EXCHANGE=okx, OKX_SIMULATED=false, keys, OKX_REST_URL of the fake
      JarProcess.Exit exit = JarProcess.run(workDir, env, EXIT_WITHIN);
      assertRefused(exit, workDir, "Invalid configuration: EXCHANGE=okx with OKX_SIMULATED=false trades real money, "
          + "and MARKET_SOURCE=synthetic is not live venue prices: use MARKET_SOURCE=binance, or OKX_SIMULATED=true "
          + "for demo trading");
      assertThat(okx.requestsReceived()).as("requests that reached OKX").isZero();
    }
  }

  @Test
  void realMoneyOnReplayedPricesStopsStartupAndTheExchangeHearsNothing() throws IOException {
    Path bars = Files.writeString(dir.resolve("BTCUSDT-1m-2024-09-21.csv"),
        "1726876800000,63201.05,63201.06,63186.00,63196.00,10.911,1726876859999,689505.83,2464,6.949,439120.77,0\n");
    try (FakeOkx okx = FakeOkx.startAlone(KEYS, false)) {
      Path workDir = dir.resolve("replay");
      Map<String, String> env = env(workDir, "MARKET_SOURCE", "replay", "REPLAY_FILES", bars.toString());
      env.putAll(okx.env());
      JarProcess.Exit exit = JarProcess.run(workDir, env, EXIT_WITHIN);
      assertRefused(exit, workDir, "Invalid configuration: EXCHANGE=okx with OKX_SIMULATED=false trades real money, "
          + "and MARKET_SOURCE=replay is not live venue prices: use MARKET_SOURCE=binance, or OKX_SIMULATED=true "
          + "for demo trading");
      assertThat(okx.requestsReceived()).as("requests that reached OKX").isZero();
    }
  }

  @Test
  void aReplayFileOfNoKnownKindStopsStartupNamingIt() throws IOException {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "hello world\n");
    Path workDir = dir.resolve("notes");
    JarProcess.Exit exit = JarProcess.run(workDir, env(workDir, "MARKET_SOURCE", "replay", "REPLAY_FILES",
        notes.toString()), EXIT_WITHIN);
    assertRefused(exit, workDir, "Invalid configuration: REPLAY_FILES=" + notes + " is invalid: expected a kline CSV "
        + "named SYMBOL-INTERVAL-DATE.csv, a recorded stream file (one {\"stream\",\"data\"} message per line) or a "
        + "depth snapshot named ..._SYMBOL.json");
  }

  @Test
  void anUnknownLogLevelStopsStartup() {
    Path workDir = dir.resolve("loud");
    JarProcess.Exit exit = JarProcess.run(workDir, env(workDir, "MARIPOSA_LOG_LEVEL", "LOUD"), EXIT_WITHIN);
    assertRefused(exit, workDir, "Invalid configuration: MARIPOSA_LOG_LEVEL=LOUD is invalid: expected one of TRACE, "
        + "DEBUG, INFO, WARN, ERROR, OFF (any case)");
  }

  /**
   * Logback reads a blank MARIPOSA_LOG_LEVEL (or an unknown one) as DEBUG, and Vert.x logs at DEBUG
   * while the configuration loads: blank counts as unset, so nothing but the one line is printed.
   */
  @Test
  void aBlankLogLevelIsInfo() {
    Path workDir = dir.resolve("blank");
    JarProcess.Exit exit = JarProcess.run(workDir, env(workDir, "MARIPOSA_LOG_LEVEL", "", "HTTP_PORT", "abc"),
        EXIT_WITHIN);
    assertRefused(exit, workDir, "Invalid configuration: HTTP_PORT=abc is invalid: expected a whole number from 0 to "
        + "65535");
  }
}
