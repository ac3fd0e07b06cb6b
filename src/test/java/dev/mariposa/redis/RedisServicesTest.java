package dev.mariposa.redis;

import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/** The Redis service layer against a real redis-server of this test class. */
@ExtendWith(VertxExtension.class)
class RedisServicesTest {
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();
  private static final RedisKeys KEYS = new RedisKeys("test:");
  private static final LuaScripts SCRIPTS = new LuaScripts();

  @Test
  void scriptsAreReloadedAfterScriptFlush() {
    // SCRIPT FLUSH and EXISTS reach one node of a cluster, not necessarily the key's.
    Assumptions.assumeFalse(TestRedis.cluster(), "SCRIPT commands are per node on a Redis Cluster");
    LuaScript script = LuaScript.of("echo-key", "return redis.call('INCR', KEYS[1])");
    assertThat(script.run(redis.connections(), List.of(KEYS.key("n:", "a")), List.of()).await().toLong()).isEqualTo(1);
    assertThat(send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha())).get(0).toLong()).isEqualTo(1);

    send(Request.cmd(Command.SCRIPT).arg("FLUSH"));
    assertThat(send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha())).get(0).toLong()).isZero();

    assertThat(script.run(redis.connections(), List.of(KEYS.key("n:", "a")), List.of()).await().toLong()).isEqualTo(2);
    // EVAL cached it again, so the next run is an EVALSHA hit.
    assertThat(send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha())).get(0).toLong()).isEqualTo(1);
  }

  @Test
  void scriptErrorsOtherThanNoScriptReachTheCaller() {
    LuaScript broken = LuaScript.of("broken", "return redis.call('NOSUCHCOMMAND')");
    Throwable failure = broken.run(redis.connections(), List.of(), List.of())
        .map(r -> (Throwable) null)
        .recover(Future::succeededFuture)
        .await();
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).doesNotStartWith("NOSCRIPT").containsIgnoringCase("unknown");
  }

  @Test
  void sweeperRemovesExactlyThePatternsKeys() {
    for (int i = 0; i < 2500; i++) {
      send(Request.cmd(Command.SET).arg(KEYS.key("market:", "ticker", "SYM" + i)).arg("x"));
    }
    send(Request.cmd(Command.SET).arg(KEYS.key("market:", "book", "BTCUSDT")).arg("keep"));
    send(Request.cmd(Command.SET).arg(KEYS.key("session:", "abc")).arg("keep"));
    send(Request.cmd(Command.SET).arg("other:market:ticker:X").arg("keep, another namespace"));

    long removed = new KeySweeper(redis.connections(), KEYS).removeMatching("market:ticker:*").await();

    assertThat(removed).isEqualTo(2500);
    assertThat(send(Request.cmd(Command.DBSIZE)).toLong()).isEqualTo(3);
    assertThat(send(Request.cmd(Command.EXISTS).arg(KEYS.key("market:", "book", "BTCUSDT"))).toLong()).isEqualTo(1);
    assertThat(send(Request.cmd(Command.EXISTS).arg("other:market:ticker:X")).toLong()).isEqualTo(1);
  }

  @Test
  void sweeperTreatsAPrefixWithGlobLookalikesLiterally() {
    RedisKeys odd = new RedisKeys("t{1}:");
    send(Request.cmd(Command.SET).arg(odd.key("cache:", "a")).arg("1"));
    send(Request.cmd(Command.SET).arg("t{2}:cache:a").arg("1"));
    assertThat(new KeySweeper(redis.connections(), odd).removeMatching("cache:*").await()).isEqualTo(1);
    assertThat(send(Request.cmd(Command.EXISTS).arg("t{2}:cache:a")).toLong()).isEqualTo(1);
  }

  @Test
  void cacheAppliesTheTtlAndReadsBack() {
    JsonCache cache = new JsonCache(redis.connections(), new SimpleMeterRegistry());
    String key = KEYS.key("market:", "ticker", "BTCUSDT");
    cache.put(key, new JsonObject().put("price", "63000.10"), Duration.ofMillis(2000)).await();

    long pttl = send(Request.cmd(Command.PTTL).arg(key)).toLong();
    assertThat(pttl).isBetween(1000L, 2000L);
    assertThat(cache.get(key).await()).contains(new JsonObject().put("price", "63000.10"));

    List<Optional<JsonObject>> many = cache.getAll(List.of(key, KEYS.key("market:", "ticker", "NONE"))).await();
    assertThat(many).hasSize(2);
    assertThat(many.get(0)).isPresent();
    assertThat(many.get(1)).isEmpty();

    cache.put(key, new JsonObject().put("price", "1"), Duration.ofMillis(150)).await();
    Eventually.within(Duration.ofSeconds(3), "the entry expires", () -> cache.get(key).await().isEmpty());
  }

  @Test
  void oneOfTwoContendersWinsTheLease() {
    Optional<Lease> a = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:BTCUSDT", Duration.ofSeconds(5)).await();
    Optional<Lease> b = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:BTCUSDT", Duration.ofSeconds(5)).await();
    assertThat(a).isPresent();
    assertThat(b).isEmpty();
    assertThat(a.get().renew().await()).isTrue();
    List<String> keys = Lease.keys(KEYS, "feed:BTCUSDT");
    assertThat(keys.get(0)).isEqualTo("test:lock:{feed:BTCUSDT}");
    assertThat(keys.get(1)).startsWith("test:lock:{feed:BTCUSDT}");
  }

  @Test
  void aRefusedContenderLearnsHowLongTheLeaseHasLeft() {
    Lease holder = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:XRPUSDT", Duration.ofSeconds(5)).await().orElseThrow();
    Lease.Attempt refused = Lease.attempt(redis.connections(), SCRIPTS, KEYS, "feed:XRPUSDT", Duration.ofSeconds(5)).await();
    assertThat(refused.lease()).isEmpty();
    assertThat(refused.heldForMs()).isBetween(1L, 5000L).isGreaterThan(4000L);
    assertThat(holder.release().await()).isTrue();
  }

  @Test
  void anotherContenderTakesOverAfterExpiryWithALargerFencingToken() {
    Lease first = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "job:snapshot", Duration.ofMillis(300)).await().orElseThrow();
    long taken = Eventually.within(Duration.ofSeconds(3), "the lease expires and is taken over", () ->
        Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "job:snapshot", Duration.ofSeconds(5)).await().isPresent());
    assertThat(taken).isGreaterThanOrEqualTo(200);

    Lease third = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "job:snapshot", Duration.ofMillis(100)).await().orElse(null);
    assertThat(third).as("the second holder still holds it").isNull();
    assertThat(first.renew().await()).as("the expired holder cannot renew").isFalse();

    send(Request.cmd(Command.DEL).arg(Lease.keys(KEYS, "job:snapshot").get(0)));
    Lease next = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "job:snapshot", Duration.ofSeconds(5)).await().orElseThrow();
    assertThat(next.fencingToken()).isGreaterThan(first.fencingToken() + 1);
  }

  @Test
  void fencingTokensKeepGrowingWhenRedisLosesItsData(Vertx vertx) {
    Lease before = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:ADAUSDT", Duration.ofSeconds(5)).await().orElseThrow();
    redis.flushAll(vertx); // what a restart without persistence does
    Lease after = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:ADAUSDT", Duration.ofSeconds(5)).await().orElseThrow();
    assertThat(after.fencingToken()).isGreaterThan(before.fencingToken());
  }

  @Test
  void aReleaseByANonHolderDoesNothing() {
    Lease stale = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:ETHUSDT", Duration.ofMillis(200)).await().orElseThrow();
    Eventually.within(Duration.ofSeconds(3), "the lease expires", () ->
        send(Request.cmd(Command.EXISTS).arg(Lease.keys(KEYS, "feed:ETHUSDT").get(0))).toLong() == 0);
    Lease holder = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:ETHUSDT", Duration.ofSeconds(5)).await().orElseThrow();

    assertThat(stale.release().await()).isFalse();
    assertThat(Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:ETHUSDT", Duration.ofSeconds(5)).await()).isEmpty();
    assertThat(holder.release().await()).isTrue();
    assertThat(Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:ETHUSDT", Duration.ofSeconds(5)).await()).isPresent();
  }

  @Test
  void keepAliveHoldsTheLeaseAndReportsItsLoss(Vertx vertx) {
    Lease lease = Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:SOLUSDT", Duration.ofMillis(300)).await().orElseThrow();
    AtomicBoolean lost = new AtomicBoolean();
    lease.keepAlive(vertx, () -> lost.set(true));
    sleep(900);
    assertThat(lost).isFalse();
    assertThat(Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:SOLUSDT", Duration.ofSeconds(1)).await())
        .as("kept alive past three TTLs").isEmpty();

    send(Request.cmd(Command.DEL).arg(Lease.keys(KEYS, "feed:SOLUSDT").get(0)));
    Lease.tryAcquire(redis.connections(), SCRIPTS, KEYS, "feed:SOLUSDT", Duration.ofSeconds(5)).await().orElseThrow();
    Eventually.within(Duration.ofSeconds(2), "the holder notices it lost the lease", lost::get);
  }

  @Test
  void pubSubDeliversToEveryHandlerOfAChannelAndPattern() {
    // On a cluster Mariposa uses sharded pub/sub only (the bus, its roll call): RedisClusterModeTest.
    Assumptions.assumeFalse(TestRedis.cluster(), "classic pub/sub patterns are not used on a Redis Cluster");
    List<String> got = new ArrayList<>();
    RedisSubscriber subscriber = redis.connections().subscriber();
    RedisSubscriber.Subscription one = subscriber.subscribe("test:bus:x", m -> record(got, "one:" + m.payload())).await();
    subscriber.subscribe("test:bus:x", m -> record(got, "two:" + m.payload())).await();
    subscriber.psubscribe("test:bus:*", m -> record(got, "pattern:" + m.channel())).await();

    redis.connections().publish("test:bus:x", Buffer.buffer("hello")).await();
    Eventually.within(Duration.ofSeconds(2), "three deliveries", () -> size(got) == 3);
    assertThat(snapshot(got)).containsExactlyInAnyOrder("one:hello", "two:hello", "pattern:test:bus:x");

    one.unsubscribe().await();
    redis.connections().publish("test:bus:x", Buffer.buffer("again")).await();
    Eventually.within(Duration.ofSeconds(2), "two more deliveries", () -> size(got) == 5);
    assertThat(snapshot(got)).doesNotContain("one:again");
  }

  private static void record(List<String> list, String value) {
    synchronized (list) {
      list.add(value);
    }
  }

  private static int size(List<String> list) {
    synchronized (list) {
      return list.size();
    }
  }

  private static List<String> snapshot(List<String> list) {
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  private static Response send(Request request) {
    return redis.connections().send(request).await();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
