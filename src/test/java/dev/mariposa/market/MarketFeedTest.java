package dev.mariposa.market;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.Mariposa;
import dev.mariposa.bus.BusHeaders;
import dev.mariposa.events.Ticker;
import dev.mariposa.redis.Lease;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** Three feed verticles in one process and one in another: still exactly one feeder per symbol. */
class MarketFeedTest {
  @TempDir
  Path dataDir;

  private TestCluster cluster;

  @BeforeEach
  void start() {
    cluster = new TestCluster(dataDir);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** A ticker with the headers it came with. */
  record Seen(JsonObject body, String epoch, long seq) {}

  @Test
  void eachSymbolIsFedByOneLeaderWhateverTheNumberOfFeedVerticles() {
    Map<String, String> env = Map.of("ROLES", "feed", "SYMBOLS", "BTCUSDT,ETHUSDT", "MARKET_SOURCE", "synthetic");
    Mariposa one = cluster.start("feed-one", env, json -> json.getJsonObject("instances").put("feed", 3));
    Mariposa two = cluster.start("feed-two", env, json -> json.getJsonObject("instances").put("feed", 2));
    Mariposa watcher = cluster.start("watcher", Map.of("ROLES", "session"));
    assertThat(one.deployedInstances()).containsEntry("feed", 3);
    assertThat(two.deployedInstances()).containsEntry("feed", 2);

    List<Seen> btc = Collections.synchronizedList(new ArrayList<>());
    List<JsonObject> books = Collections.synchronizedList(new ArrayList<>());
    watcher.vertx().eventBus().<Ticker>consumer("market.ticker.BTCUSDT", m -> btc.add(new Seen(m.body().toJson(),
        m.headers().get(BusHeaders.FEED_EPOCH), Long.parseLong(m.headers().get(BusHeaders.FEED_SEQ)))));
    watcher.vertx().eventBus().<BookSnapshot>consumer("market.book.ETHUSDT", m -> books.add(m.body().toJson()));

    Eventually.within(Duration.ofSeconds(10), "50 BTCUSDT tickers and a few ETHUSDT books",
        () -> btc.size() >= 50 && books.size() >= 3);
    List<Seen> seen = List.copyOf(btc);
    assertThat(seen.stream().map(Seen::epoch).distinct()).as("one leader").hasSize(1);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).seq()).as("one producer, in order").isGreaterThan(seen.get(i - 1).seq());
    }
    for (Seen s : seen) {
      JsonObject t = s.body();
      assertThat(t.getString("symbol")).isEqualTo("BTCUSDT");
      assertThat(t.getDouble("bid")).isLessThan(t.getDouble("ask"));
      assertThat(t.getDouble("bid")).isBetween(30_000d, 130_000d);
      assertThat(t.getLong("exchangeTime")).isPositive();
      assertThat(t.getLong("receivedAt")).isGreaterThanOrEqualTo(t.getLong("exchangeTime"));
    }
    JsonObject book = books.get(0);
    JsonArray bids = book.getJsonArray("bids");
    JsonArray asks = book.getJsonArray("asks");
    assertThat(bids).hasSize(SyntheticMarket.BOOK_LEVELS);
    assertThat(bids.getJsonArray(0).getDouble(0)).isLessThan(asks.getJsonArray(0).getDouble(0));
    for (int level = 1; level < bids.size(); level++) {
      assertThat(bids.getJsonArray(level).getDouble(0)).isLessThan(bids.getJsonArray(level - 1).getDouble(0));
      assertThat(asks.getJsonArray(level).getDouble(0)).isGreaterThan(asks.getJsonArray(level - 1).getDouble(0));
    }
  }

  /**
   * A leader that died leaves its lease to expire: a contender (retry rounds of 1 s with the
   * shipped TTL) takes it as it expires, not up to a round later, so the feed resumes within the TTL.
   */
  @Test
  void aDeadLeadersLeaseIsTakenAsItExpires() {
    long ttlMs = 6000;
    Mariposa watcher = cluster.start("watcher", Map.of("ROLES", "session"));
    var platform = watcher.services();
    String name = FeedLeadership.leaseName("BTCUSDT");
    String key = platform.keys().key("lock:", RedisKeys.tag(name));
    long acquiredAt = System.currentTimeMillis();
    // Taken and never renewed: what a leader killed right after a renewal leaves behind.
    Lease dead = Lease.tryAcquire(platform.redis(), platform.scripts(), platform.keys(), name, Duration.ofMillis(ttlMs))
        .await().orElseThrow();
    String deadToken = platform.redis().send(Request.cmd(Command.GET).arg(key)).await().toString();
    cluster.start("feed", Map.of("ROLES", "feed", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic"));
    Assumptions.assumeTrue(System.currentTimeMillis() < acquiredAt + ttlMs - 1000,
        "the feed instance took too long to start to contend before the lease expired");

    Eventually.within(Duration.ofMillis(ttlMs + 3000), "the lease taken over", () -> {
      Response holder = platform.redis().send(Request.cmd(Command.GET).arg(key)).await();
      return holder != null && !holder.toString().equals(deadToken);
    });
    long late = System.currentTimeMillis() - (acquiredAt + ttlMs);
    System.out.printf("MarketFeedTest: a dead leader's lease taken over %d ms after it expired%n", late);
    assertThat(late).as("taken over as it expires, not a retry round later").isLessThan(300);
    assertThat(dead.renew().await()).isFalse();
  }

  @Test
  void aMinuteMovesLikeARealMarketWhateverTheTick() {
    // Real 1m bars: 0.03% (BTCUSDT, 2024-09-21) to 0.08% (ETHUSDT, 2022-08-14). Before, a step's
    // variance was fixed, so 100 ms steps made 0.8% a minute and the demo agents never traded.
    for (long tickMs : new long[] {50, 100, 1000}) {
      SyntheticMarket market = new SyntheticMarket("BTCUSDT", 7, Duration.ofMillis(tickMs));
      int minutes = 600;
      long stepsPerMinute = 60_000 / tickMs;
      double[] returns = new double[minutes];
      double previous = mid(market.step(0, false));
      for (int m = 0; m < minutes; m++) {
        double close = previous;
        for (long i = 0; i < stepsPerMinute; i++) {
          close = mid(market.step(0, false));
        }
        returns[m] = Math.log(close / previous);
        previous = close;
      }
      double sd = Math.sqrt(Arrays.stream(returns).map(r -> r * r).average().orElse(0));
      assertThat(sd).as("volatility of a minute at %d ms steps", tickMs).isBetween(0.0002, 0.001);
    }
  }

  private static double mid(SyntheticMarket.Step step) {
    return step.ticker().mid().doubleValue();
  }

  @Test
  void volatilityClusters() {
    SyntheticMarket market = new SyntheticMarket("BTCUSDT", 42, Duration.ofMillis(100));
    int n = 20_000;
    double[] absReturns = new double[n];
    double previous = market.step(0, false).ticker().bid().doubleValue();
    for (int i = 0; i < n; i++) {
      double bid = market.step(i, false).ticker().bid().doubleValue();
      absReturns[i] = Math.abs(Math.log(bid / previous));
      previous = bid;
    }
    // GARCH: large moves follow large moves, so |r| is autocorrelated (white noise would be ~0).
    assertThat(autocorrelation(absReturns, 1)).isGreaterThan(0.1);
  }

  private static double autocorrelation(double[] x, int lag) {
    double mean = Arrays.stream(x).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      den += (x[i] - mean) * (x[i] - mean);
      if (i >= lag) {
        num += (x[i] - mean) * (x[i - lag] - mean);
      }
    }
    return num / den;
  }
}
