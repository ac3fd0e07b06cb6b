package dev.mariposa.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.market.swap.SwapMarketReader;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkxPublicWs;
import dev.mariposa.testing.FakeOkxSwapMarket;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SWAP_SYMBOLS through the feed role: two feed verticles, one swap leader, the swap's state in the
 * cache, from a fake OKX (REST and public WebSocket) on loopback (SwapFeedTest checks the bus).
 */
class SwapFeedWiringTest {
  @TempDir
  Path dataDir;

  @Test
  void theFeedRoleFollowsTheConfiguredSwapWithOneLeader() {
    SharedData.require(FakeOkxSwapMarket.WS_SAMPLES);
    Vertx fakes = Vertx.vertx();
    try (FakeOkx okx = FakeOkx.start(fakes, new FakeOkx.Credentials("fake-okx-key-9w1q", "fake-okx-secret-V2lyZQ",
            "fake-okx-pass-Wt55"), true);
         FakeOkxPublicWs ws = FakeOkxPublicWs.start(fakes);
         TestCluster cluster = new TestCluster(dataDir)) {
      Mariposa feed = cluster.start("feed", Map.of("ROLES", "feed", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic",
          "SWAP_SYMBOLS", "wncgusdt", "OKX_WS_URL", ws.url(), "OKX_REST_URL", okx.baseUrl()),
          json -> json.getJsonObject("instances").put("feed", 2));
      SwapMarketReader reader = new SwapMarketReader(feed.services().redis(), new MarketKeys(feed.services().keys()),
          Clock.systemUTC());
      Eventually.within(Duration.ofSeconds(10), "mark, index and funding cached", () -> reader.latest("WNCGUSDT").await()
          .map(l -> l.marks().mark().isPresent() && l.marks().index().isPresent() && l.marks().funding().isPresent())
          .orElse(false));
      assertThat(reader.latest("WNCGUSDT").await().orElseThrow().marks().mark().orElseThrow().markPx())
          .isEqualByComparingTo("2.1729");
      assertThat(ws.connections()).as("one leader: one of the two verticles connected").isEqualTo(1);
      assertThat(ws.subscribed()).hasSize(3);
    } finally {
      fakes.close().await();
    }
  }
}
