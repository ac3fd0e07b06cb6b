package dev.mariposa.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.BridgeClient;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser sessions across two instances: 50 SockJS clients, their session keys and subscription
 * sets, the subscriber counts that drive market demand, GET /api/sessions, clean-up when the
 * clients close, and the sweep of a dead instance's sessions.
 */
class SessionTrackingTest {
  private static final String TOKEN = "session-test-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  @Test
  void fiftyClientsOnTwoInstancesAreRecordedCountedListedAndCleanedUp() throws Exception {
    Vertx clients = Vertx.vertx();
    try (TestCluster cluster = new TestCluster(dir)) {
      Map<String, String> env = Map.of("ROLES", "http,session", "API_TOKENS", TOKEN);
      Mariposa a = cluster.start("a", with(env, "ROLES", "http,session,feed", "SYMBOLS", "BTCUSDT"), this::fastSweep);
      Mariposa b = cluster.start("b", env, this::fastSweep);
      RedisConnections redis = a.services().redis();
      RedisKeys keys = a.services().keys();
      SessionKeys sessionKeys = new SessionKeys(keys);

      List<BridgeClient> sockets = new ArrayList<>();
      Map<BridgeClient, String> instanceOf = new HashMap<>();
      for (int i = 0; i < 50; i++) {
        Mariposa target = i % 2 == 0 ? a : b;
        BridgeClient socket = BridgeClient.connectNow(clients, target.services().httpPort(), null);
        socket.register("market.ticker.BTCUSDT");
        if (i % 5 == 0) {
          socket.register("market.book.SOLUSDT"); // a symbol only browsers want
        }
        if (i % 10 == 0) {
          socket.register("perf.leaderboard");
        }
        sockets.add(socket);
        instanceOf.put(socket, i % 2 == 0 ? "a" : "b");
      }

      Eventually.within(WAIT, () -> "50 session keys, found " + sessionIds(redis, sessionKeys, "a", "b").size(),
          () -> sessionIds(redis, sessionKeys, "a", "b").size() == 50);
      Set<String> ids = sessionIds(redis, sessionKeys, "a", "b");
      Map<String, Integer> perInstance = new HashMap<>();
      Map<Set<String>, Integer> subscriptionShapes = new HashMap<>();
      for (String id : ids) {
        Response hash = send(redis, Request.cmd(Command.HGETALL).arg(sessionKeys.session(id)));
        assertThat(hash.get("id").toString()).isEqualTo(id);
        assertThat(Long.parseLong(hash.get("created").toString())).isPositive();
        assertThat(Long.parseLong(hash.get("lastSeen").toString())).isGreaterThanOrEqualTo(Long.parseLong(hash.get("created").toString()));
        perInstance.merge(hash.get("instance").toString(), 1, Integer::sum);
        long ttl = send(redis, Request.cmd(Command.PTTL).arg(sessionKeys.session(id))).toLong();
        assertThat(ttl).as("the session TTL (24 h)").isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
      }
      assertThat(perInstance).containsExactlyInAnyOrderEntriesOf(Map.of("a", 25, "b", 25));
      Eventually.within(WAIT, "every registration recorded", () -> {
        subscriptionShapes.clear();
        for (String id : ids) {
          subscriptionShapes.merge(strings(send(redis, Request.cmd(Command.SMEMBERS).arg(sessionKeys.subscriptions(id)))), 1, Integer::sum);
        }
        return subscriptionShapes.equals(Map.of(
            Set.of("market.ticker.BTCUSDT"), 40,
            Set.of("market.ticker.BTCUSDT", "market.book.SOLUSDT"), 5,
            Set.of("market.ticker.BTCUSDT", "market.book.SOLUSDT", "perf.leaderboard"), 5));
      });

      // Per-instance counts, summed by the session role into market demand.
      Eventually.within(WAIT, "the counts of a and b", () ->
          counts(redis, sessionKeys, "a").equals(Map.of("market.ticker.BTCUSDT", 25, "market.book.SOLUSDT", 5, "perf.leaderboard", 5))
              && counts(redis, sessionKeys, "b").equals(Map.of("market.ticker.BTCUSDT", 25, "market.book.SOLUSDT", 5)));
      String wanted = new MarketKeys(keys).wanted();
      Eventually.within(WAIT, "SOLUSDT wanted because browsers listen to it", () ->
          send(redis, Request.cmd(Command.ZSCORE).arg(wanted).arg("SOLUSDT")) != null);

      // The admin list, across both instances, with pagination.
      assertThat(Http.send("GET", b.baseUrl() + "/api/sessions", null, null).statusCode()).isEqualTo(401);
      JsonObject all = new JsonObject(Http.send("GET", b.baseUrl() + "/api/sessions?limit=1000", null, TOKEN).body());
      assertThat(all.getInteger("total")).isEqualTo(50);
      JsonArray listed = all.getJsonArray("sessions");
      assertThat(listed).hasSize(50);
      assertThat(listed.stream().map(s -> ((JsonObject) s).getString("id"))).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(listed.stream().filter(s -> ((JsonObject) s).getJsonArray("addresses").contains("perf.leaderboard"))).hasSize(5);
      JsonObject page = new JsonObject(Http.send("GET", a.baseUrl() + "/api/sessions?limit=20&offset=40", null, TOKEN).body());
      assertThat(page.getJsonArray("sessions")).hasSize(10);
      assertThat(Http.send("GET", a.baseUrl() + "/api/sessions?limit=0", null, TOKEN).statusCode()).isEqualTo(400);

      // An unregister shows at once; closing every client removes everything.
      sockets.get(0).unregister("perf.leaderboard");
      Eventually.within(WAIT, "the unregister counted", () ->
          counts(redis, sessionKeys, "a").get("perf.leaderboard") == 4);
      sockets.forEach(BridgeClient::close);
      Eventually.within(WAIT, () -> "no session left: " + sessionIds(redis, sessionKeys, "a", "b").size(), () ->
          sessionIds(redis, sessionKeys, "a", "b").isEmpty());
      for (String id : ids) {
        assertThat(send(redis, Request.cmd(Command.EXISTS).arg(sessionKeys.session(id)).arg(sessionKeys.subscriptions(id))).toInteger())
            .isZero();
      }
      Eventually.within(WAIT, "the counts emptied", () ->
          counts(redis, sessionKeys, "a").isEmpty() && counts(redis, sessionKeys, "b").isEmpty());
    } finally {
      clients.close().await();
    }
  }

  @Test
  void theSessionsOfADeadInstanceAreSweptAndAStoppedInstanceRemovesItsOwn() throws Exception {
    Vertx clients = Vertx.vertx();
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa a = cluster.start("a", Map.of("ROLES", "http,session", "API_TOKENS", TOKEN), this::fastSweep);
      Mariposa c = cluster.start("c", Map.of("ROLES", "http"), this::fastSweep);
      RedisConnections redis = a.services().redis();
      SessionKeys sessionKeys = new SessionKeys(a.services().keys());
      List<BridgeClient> onC = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        BridgeClient socket = BridgeClient.connectNow(clients, c.services().httpPort(), null);
        socket.register("system.status");
        onC.add(socket);
      }
      Eventually.within(WAIT, "c's five sessions", () -> sessionIds(redis, sessionKeys, "c").size() == 5);

      // What a crashed instance leaves: its sessions recorded, itself no longer in the registry.
      // (A graceful stop removes its own; the registry entry is what a kill -9 takes away.)
      Set<String> ghosts = new TreeSet<>();
      for (int i = 0; i < 3; i++) {
        String id = "ghost-" + i;
        ghosts.add(id);
        send(redis, Request.cmd(Command.HSET).arg(sessionKeys.session(id)).arg("id").arg(id).arg("instance").arg("ghost")
            .arg("created").arg(1).arg("lastSeen").arg(1));
        send(redis, Request.cmd(Command.SADD).arg(sessionKeys.subscriptions(id)).arg("system.status"));
        send(redis, Request.cmd(Command.SADD).arg(sessionKeys.instanceIndex("ghost")).arg(id));
      }
      send(redis, Request.cmd(Command.HSET).arg(sessionKeys.counts("ghost")).arg("market.ticker.XRPUSDT").arg(3));
      send(redis, Request.cmd(Command.SADD).arg(sessionKeys.instances()).arg("ghost"));

      Eventually.within(WAIT, "the ghost's sessions swept", () ->
          send(redis, Request.cmd(Command.EXISTS).arg(sessionKeys.instanceIndex("ghost"))).toInteger() == 0
              && send(redis, Request.cmd(Command.SISMEMBER).arg(sessionKeys.instances()).arg("ghost")).toInteger() == 0);
      for (String id : ghosts) {
        assertThat(send(redis, Request.cmd(Command.EXISTS).arg(sessionKeys.session(id)).arg(sessionKeys.subscriptions(id))).toInteger())
            .isZero();
      }
      assertThat(send(redis, Request.cmd(Command.EXISTS).arg(sessionKeys.counts("ghost"))).toInteger()).isZero();
      assertThat(send(redis, Request.cmd(Command.ZSCORE).arg(new MarketKeys(a.services().keys()).wanted()).arg("XRPUSDT")))
          .as("a dead instance's counts make no demand").isNull();
      assertThat(sessionIds(redis, sessionKeys, "c")).as("a live instance's sessions stay").hasSize(5);

      c.stop();
      Eventually.within(WAIT, "c removed its own sessions as it stopped", () ->
          sessionIds(redis, sessionKeys, "c").isEmpty()
              && send(redis, Request.cmd(Command.SISMEMBER).arg(sessionKeys.instances()).arg("c")).toInteger() == 0);
      onC.forEach(BridgeClient::close);
    } finally {
      clients.close().await();
    }
  }

  private void fastSweep(JsonObject json) {
    json.getJsonObject("session").put("sweepMs", 300);
  }

  private static Map<String, String> with(Map<String, String> env, String... pairs) {
    Map<String, String> all = new HashMap<>(env);
    for (int i = 0; i < pairs.length; i += 2) {
      all.put(pairs[i], pairs[i + 1]);
    }
    return all;
  }

  private static Set<String> sessionIds(RedisConnections redis, SessionKeys keys, String... instances) {
    Set<String> ids = new TreeSet<>();
    for (String instance : instances) {
      for (String id : strings(send(redis, Request.cmd(Command.SMEMBERS).arg(keys.instanceIndex(instance))))) {
        if (send(redis, Request.cmd(Command.EXISTS).arg(keys.session(id))).toInteger() == 1) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private static Map<String, Integer> counts(RedisConnections redis, SessionKeys keys, String instance) {
    Response hash = send(redis, Request.cmd(Command.HGETALL).arg(keys.counts(instance)));
    Map<String, Integer> counts = new HashMap<>();
    if (hash != null) {
      hash.getKeys().forEach(k -> counts.put(k, hash.get(k).toInteger()));
    }
    return counts;
  }

  private static Set<String> strings(Response set) {
    Set<String> out = new TreeSet<>();
    if (set != null) {
      set.forEach(r -> out.add(r.toString()));
    }
    return out;
  }

  private static Response send(RedisConnections redis, Request request) {
    return redis.send(request).await();
  }
}
