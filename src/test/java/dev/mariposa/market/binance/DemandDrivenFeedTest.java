package dev.mariposa.market.binance;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeBinance;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A symbol nobody configured is fed once someone asks for it on any instance, and no longer fed
 * once nobody has asked for it for a while.
 */
class DemandDrivenFeedTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  @TempDir
  Path dir;

  @Test
  void feedsWhatIsWantedAndStopsWhenNobodyWantsItAnyMore() throws Exception {
    Path capture = SharedData.require(CAPTURE);
    try (FakeBinance fake = new FakeBinance(capture,
            FakeBinance.snapshots(SharedData.dir().resolve("binance/rest"), "depth_snapshot_2021-04-05_"));
         TestCluster cluster = new TestCluster(dir)) {
      Map<String, String> env = Map.of("MARKET_SOURCE", "binance", "SYMBOLS", "MANAUSDT",
          "BINANCE_WS_URL", fake.wsUrl(), "BINANCE_REST_URL", fake.restUrl());
      cluster.start("feeder", with(env, "ROLES", "feed"), json -> json.getJsonObject("feed").put("wantedIdleMs", 2000));
      Mariposa api = cluster.start("api", with(env, "ROLES", "http"));
      Eventually.within(Duration.ofSeconds(10), "the configured symbol is fed", () -> fake.isStreaming("manausdt@bookTicker"));
      assertThat(fake.isStreaming("zilusdt@bookTicker")).isFalse();

      assertThat(Http.status(api.baseUrl() + "/api/market/ZILUSDT/ticker")).as("answered from Binance REST").isEqualTo(200);
      Eventually.within(Duration.ofSeconds(10), "the wanted symbol is fed", () -> fake.isStreaming("zilusdt@bookTicker"));

      Eventually.within(Duration.ofSeconds(10), "unwanted for 2 s: no longer fed", () -> !fake.isStreaming("zilusdt@bookTicker"));
      assertThat(fake.isStreaming("manausdt@bookTicker")).as("configured symbols stay").isTrue();
      assertThat(fake.connections()).as("streams added and removed on the same connection").isEqualTo(1);
      assertThat(fake.controlMessages()).as("a SUBSCRIBE and an UNSUBSCRIBE").isGreaterThanOrEqualTo(2);
      assertThat(fake.controlViolations()).as("never more than 5 messages a second").isZero();
    }
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> env = new HashMap<>(base);
    env.put(key, value);
    return env;
  }
}
