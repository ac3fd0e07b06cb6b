package dev.mariposa.market;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Side;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TradeTicket;
import java.math.BigDecimal;
import java.time.Duration;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded retention: during a long replay (the BTCUSDT day looping at 6000× — 100 bars a second —
 * with every role in one instance, and tickets appended to the trade stream all along), every
 * stream, list, set, sorted set and hash that
 * Mariposa writes stays within its bound, and any such key the table below does not know fails the
 * test: a new collection in Redis must come with its bound. MongoDB's klines stay one per bar.
 */
class RetentionTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final long STREAM_MAX = 500;
  private static final long REPLAY_MS = 20_000;

  /** Key (without the prefix) → the most members it may hold. */
  private static final Map<Pattern, Long> BOUNDS = new LinkedHashMap<>();

  static {
    BOUNDS.put(Pattern.compile("market:klines:[A-Z0-9]+:[0-9]+[mhdwM]"), 1000L);
    BOUNDS.put(Pattern.compile("market:wanted"), 100L);
    BOUNDS.put(Pattern.compile("instances"), 10L);
    BOUNDS.put(Pattern.compile("perf:leaderboard"), 100L);
    // Drained by the signal role (taken, checked, acknowledged; expired after trade.signalTtlMs).
    BOUNDS.put(Pattern.compile("queue:\\{signals}:(pending|processing|items|attempts|postponed)"), 2000L);
    // An agent's signals postponed behind its order in flight: emptied when it settles, PEXPIRE a minute.
    BOUNDS.put(Pattern.compile("queue:\\{signals}:waiting:[a-z0-9-]+"), 2000L);
    // MAXLEN ~ trade.streamMaxLength on every append (+ one macro node), acknowledged entries trimmed.
    BOUNDS.put(Pattern.compile("queue:\\{trades}:(stream|dead)"), STREAM_MAX + 100);
    BOUNDS.put(Pattern.compile("(session|ws:sub)(:.*)?"), 1000L);
    // Orders approved and not settled yet, per agent (removed on settlement, PEXPIRE on each write).
    BOUNDS.put(Pattern.compile("signal:inflight:\\{[a-z0-9-]+}"), 1000L);
    BOUNDS.put(Pattern.compile("job:.*"), 1L); // strings: one JSON value, its runs capped at 20
  }

  @TempDir
  Path dir;

  @Test
  void streamsAndSetsStayWithinTheirBoundsDuringALongReplay() throws Exception {
    Path day = SharedData.require(DAY);
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("all", Map.of("ROLES", "all", "MARKET_SOURCE", "replay", "SYMBOLS", "BTCUSDT",
          "REPLAY_FILES", day.toString(), "REPLAY_SPEED", "6000"), json -> {
            json.getJsonObject("market").put("replayLoop", true);
            json.getJsonObject("trade").put("streamMaxLength", STREAM_MAX);
            json.getJsonObject("jobs").put("redisMemoryMs", 500);
          });
      Map<String, Long> largest = new TreeMap<>();
      long until = System.currentTimeMillis() + REPLAY_MS;
      int samples = 0;
      TradeStream stream = new TradeStream(node.services().redis(), node.services().keys(), STREAM_MAX);
      int tickets = 0;
      while (System.currentTimeMillis() < until) {
        for (int i = 0; i < 40; i++, tickets++) {
          stream.append(ticket(tickets)).await();
        }
        sample(node, largest);
        samples++;
        Thread.sleep(250);
      }
      assertThat(samples).isGreaterThan(5);
      assertThat(largest.get("queue:{trades}:stream")).as("the trade stream was written").isPositive();
      assertThat(largest).as("collections seen").isNotEmpty();
      largest.forEach((key, size) -> {
        Long bound = BOUNDS.entrySet().stream().filter(e -> e.getKey().matcher(key).matches()).map(Map.Entry::getValue)
            .findFirst().orElse(null);
        assertThat(bound).as("a bound for " + key + " (largest seen: " + size + ")").isNotNull();
        assertThat(size).as(key).isLessThanOrEqualTo(bound);
      });
      assertThat(largest.keySet()).as("the replayed bars are cached").anyMatch(k -> k.startsWith("market:klines:BTCUSDT:1m"));

      // The day looped several times: still one document per bar in MongoDB.
      KlineHistory history = node.services().market().history().orElseThrow();
      assertThat(history.count("BTCUSDT", "1m").await()).isEqualTo(1440);
      JsonObject system = new JsonObject(dev.mariposa.testing.Http.get(node.baseUrl() + "/api/system").body());
      assertThat(system.getJsonObject("redis").getLong("usedMemoryBytes")).isPositive();
    }
  }

  private static TradeTicket ticket(int n) {
    Signal signal = Signals.requested("retention", "BTCUSDT", Signal.Action.BUY, 1.0, 30000, "ticket " + n,
        System.currentTimeMillis(), Duration.ofMinutes(10));
    return new TradeTicket(signal, Side.BUY, new BigDecimal("0.001"), Agent.Exchange.PAPER, System.currentTimeMillis());
  }

  /** The size of every collection under the prefix (SCAN … TYPE, sizes in one pipeline), the largest seen per key. */
  private static void sample(Mariposa node, Map<String, Long> largest) {
    var redis = node.services().redis();
    Map<String, Command> sizes = Map.of("zset", Command.ZCARD, "stream", Command.XLEN, "list", Command.LLEN,
        "set", Command.SCARD, "hash", Command.HLEN);
    sizes.forEach((type, size) -> {
      List<String> keys = new ArrayList<>();
      String cursor = "0";
      do {
        Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
            .arg(node.services().keys().pattern("*")).arg("COUNT").arg(1000).arg("TYPE").arg(type)).await();
        cursor = page.get(0).toString();
        page.get(1).forEach(k -> keys.add(k.toString()));
      } while (!"0".equals(cursor));
      if (keys.isEmpty()) {
        return;
      }
      List<Response> counts = redis.batch(keys.stream().map(k -> Request.cmd(size).arg(k)).toList()).await();
      for (int i = 0; i < keys.size(); i++) {
        largest.merge(node.services().keys().strip(keys.get(i)), counts.get(i) == null ? 0 : counts.get(i).toLong(), Math::max);
      }
    });
  }
}
