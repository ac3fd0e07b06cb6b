package dev.mariposa.redis;

import dev.mariposa.redis.RateLimiter.Decision;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import java.util.function.Supplier;
import io.vertx.core.Promise;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GCRA limiter, and leases drawn from it, against a real redis-server of this test class. */
@ExtendWith(VertxExtension.class)
class RateLimiterTest {
  private static final RedisKeys KEYS = new RedisKeys("test:");
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();
  private static RateLimiter limiter;

  @BeforeAll
  static void startLimiter() {
    limiter = new RateLimiter(redis.connections(), new LuaScripts());
  }

  @BeforeEach
  void loadScript(Vertx vertx) throws java.io.IOException {
    // Loads the script on every node, so the first acquire of a test is not the EVAL fallback.
    try (var gcra = RateLimiterTest.class.getResourceAsStream("/lua/gcra.lua")) {
      redis.onEveryNode(vertx, Request.cmd(Command.SCRIPT).arg("LOAD")
          .arg(new String(gcra.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aFullBurstIsAllowedThenRefusedUntilTheNextToken() {
    Limit limit = new Limit(key("user:1", "api"), 10, SECOND, 10);
    for (int i = 1; i <= 10; i++) {
      Decision d = limiter.acquire(limit).await();
      assertThat(d.allowed()).as("acquire %d", i).isTrue();
      assertThat(d.remaining()).as("remaining after %d", i).isEqualTo(10 - i);
      assertThat(d.retryAfter()).isZero();
    }
    Decision refused = limiter.acquire(limit).await();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limitingIndex()).isZero();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
    assertThat(refused.resetAfter()).isGreaterThan(Duration.ofMillis(900)).isLessThanOrEqualTo(SECOND);

    long pttl = redis.connections().send(Request.cmd(Command.PTTL).arg(limit.key())).await().toLong();
    assertThat(pttl).as("the key vanishes once the bucket is full again").isBetween(1L, 1000L);
  }

  /** A replay decides on its replayed time: the waits are the caller's clock's, to the µs. */
  @Test
  void aCallerMayDecideAtItsOwnTime() {
    Limit limit = Limit.of(key("replay:1", "orders"), 2, MINUTE);
    java.time.Instant at = java.time.Instant.parse("2024-09-21T00:20:00Z");
    assertThat(limiter.acquire(limit, at).await().allowed()).isTrue();
    assertThat(limiter.acquire(limit, at).await().allowed()).isTrue();
    Decision third = limiter.acquire(limit, at.plusSeconds(10)).await();
    assertThat(third.allowed()).isFalse();
    assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(limiter.acquire(limit, at.plusSeconds(30)).await().allowed()).isTrue();
  }

  @Test
  void tokensComeBackOverTime() {
    Limit limit = new Limit(key("user:2", "api"), 10, SECOND, 10);
    limiter.acquire(List.of(limit), 10).await();
    Decision refused = limiter.acquire(limit).await();
    assertThat(refused.allowed()).isFalse();

    sleep(refused.retryAfter().toMillis() + 20);

    Decision allowed = limiter.acquire(limit).await();
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.remaining()).isZero();
    assertThat(limiter.acquire(limit).await().allowed()).as("only one token came back").isFalse();
  }

  @Test
  void aRefusalByOneKeyTakesNothingFromTheOthers() {
    Limit perUser = Limit.of(key("user:3", "api"), 5, MINUTE);
    Limit perUserOrders = Limit.of(key("user:3", "orders"), 1, MINUTE);
    assertThat(limiter.acquire(perUserOrders).await().allowed()).isTrue();

    Decision refused = limiter.acquire(List.of(perUser, perUserOrders), 1).await();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limitingIndex()).isEqualTo(1);
    assertThat(refused.retryAfter()).isGreaterThan(Duration.ofSeconds(59)).isLessThanOrEqualTo(MINUTE);

    Decision peek = limiter.acquire(List.of(perUser), 0).await();
    assertThat(peek.allowed()).isTrue();
    assertThat(peek.remaining()).as("the first key is untouched").isEqualTo(5);
    assertThat(redis.connections().send(Request.cmd(Command.EXISTS).arg(perUser.key())).await().toLong())
        .as("a peek writes nothing").isZero();

    Decision both = limiter.acquire(List.of(perUser, Limit.of(key("user:3", "search"), 3, MINUTE)), 1).await();
    assertThat(both.allowed()).isTrue();
    assertThat(both.limitingIndex()).as("the one with fewer tokens left").isEqualTo(1);
    assertThat(both.remaining()).isEqualTo(2);
    assertThat(limiter.acquire(List.of(perUser), 0).await().remaining()).isEqualTo(4);
  }

  @Test
  void instancesSharingRedisShareTheLimit(Vertx vertx) {
    RedisConnections other = redis.connect(vertx);
    try {
      RateLimiter a = limiter;
      RateLimiter b = new RateLimiter(other, new LuaScripts());
      Limit limit = Limit.of(key("global", "orders"), 50, MINUTE);
      List<Future<Decision>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add((i % 2 == 0 ? a : b).acquire(limit));
      }
      Future.all(calls).await();
      long allowed = calls.stream().filter(f -> f.result().allowed()).count();
      assertThat(allowed).isEqualTo(50);
      assertThat(calls.stream().filter(f -> !f.result().allowed()).allMatch(f -> f.result().remaining() == 0)).isTrue();
    } finally {
      other.close().await();
    }
  }

  @Test
  void keysOfOneCallMustShareAHashTag() {
    assertThat(RateLimiter.hashTag("p:ratelimit:{user:1}:api")).isEqualTo("user:1");
    assertThat(RateLimiter.hashTag("foo{bar}{zap}")).isEqualTo("bar");
    assertThat(RateLimiter.hashTag("foo{{bar}}")).isEqualTo("{bar");
    assertThat(RateLimiter.hashTag("foo{}{bar}")).isEqualTo("foo{}{bar}");
    assertThat(RateLimiter.hashTag("plain")).isEqualTo("plain");

    Limit a = Limit.of(key("user:1", "api"), 5, MINUTE);
    assertThatThrownBy(() -> limiter.acquire(List.of(a, Limit.of(key("user:2", "api"), 5, MINUTE)), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash tag");
    assertThatThrownBy(() -> limiter.acquire(List.of(Limit.of("test:ratelimit:a", 5, MINUTE),
        Limit.of("test:ratelimit:b", 5, MINUTE)), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash tag");
    assertThatThrownBy(() -> limiter.acquire(List.of(a, a), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThat(limiter.acquire(Limit.of("test:ratelimit:untagged", 5, MINUTE)).await().allowed())
        .as("a single key needs no tag").isTrue();
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Limit.of("k", 0, SECOND)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> new Limit("k", 10, SECOND, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst");
    assertThatThrownBy(() -> Limit.of("k", 10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period");
    assertThatThrownBy(() -> Limit.of("k", 10, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period");
    assertThatThrownBy(() -> Limit.of("k", 10, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Limit.of("", 10, SECOND)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Limit.of("k", 10, Duration.ofNanos(5))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limit("k", 1, Duration.ofDays(365), 100)).isInstanceOf(IllegalArgumentException.class);

    Limit limit = Limit.of(key("user:4", "api"), 10, SECOND);
    assertThatThrownBy(() -> limiter.acquire(List.of(limit), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.acquire(List.of(limit), 11)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst");
    assertThatThrownBy(() -> limiter.acquire(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String key(String tag, String name) {
    return KEYS.key("ratelimit:", RedisKeys.tag(tag), name);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Leases from the shared limit ({@link LeasedRateLimiter}); each leasing limiter on its own event loop. */
  @Nested
  class Leases {
    @BeforeEach
    void countFromZero(Vertx vertx) {
      redis.onEveryNode(vertx, Request.cmd(Command.CONFIG).arg("RESETSTAT"));
    }

    @Test
    void twoInstancesLeasingNeverAcceptMoreThanTheLimitAndCallRedisPerLease(Vertx vertx) {
      // 100 an hour: no token comes back while the test runs.
      Limit limit = new Limit("test:ratelimit:lease", 100, Duration.ofHours(1), 100);
      Context first = vertx.getOrCreateContext();
      Context second = vertx.getOrCreateContext(); // from a test thread: a new event-loop context;
      LeasedRateLimiter a = new LeasedRateLimiter(limiter, Duration.ofSeconds(30));
      LeasedRateLimiter b = new LeasedRateLimiter(limiter, Duration.ofSeconds(30));
      List<Decision> decisions = new ArrayList<>();
      decisions.addAll(burst(first, () -> a.acquire(limit, 10), 150));
      decisions.addAll(burst(second, () -> b.acquire(limit, 10), 150));
      long accepted = decisions.stream().filter(Decision::allowed).count();
      assertThat(accepted).as("never over the limit; near it single tokens are asked for").isEqualTo(100);
      assertThat(decisions.stream().filter(d -> !d.allowed())).allMatch(d -> d.retryAfter().compareTo(Duration.ZERO) > 0);
      long calls = evalCalls(vertx);
      assertThat(calls).as("script calls for 300 decisions, leases of 10").isLessThan(60);
    }

    @Test
    void leaseSizeOneIsExactlyTheSharedLimiter(Vertx vertx) {
      Limit limit = new Limit("test:ratelimit:exact", 5, MINUTE, 5);
      LeasedRateLimiter leased = new LeasedRateLimiter(limiter, Duration.ofSeconds(30));
      List<Decision> decisions = burst(vertx.getOrCreateContext(), () -> leased.acquire(limit, 1), 8);
      assertThat(decisions.stream().map(Decision::allowed))
          .containsExactly(true, true, true, true, true, false, false, false);
      assertThat(decisions.get(0).remaining()).isEqualTo(4);
    }

    @Test
    void unspentTokensLapseAndAreNotSpentLater(Vertx vertx) throws Exception {
      Limit limit = new Limit("test:ratelimit:lapse", 60, MINUTE, 60);
      LeasedRateLimiter leased = new LeasedRateLimiter(limiter, Duration.ofMillis(100));
      Context context = vertx.getOrCreateContext();
      assertThat(burst(context, () -> leased.acquire(limit, 20), 1).get(0).allowed()).isTrue();
      Thread.sleep(150);
      burst(context, () -> leased.acquire(limit, 20), 1);
      assertThat(evalCalls(vertx)).as("the lapsed lease was not spent: a second lease was taken").isEqualTo(2);
    }

    /** {@code n} acquires issued at once on {@code context}, their decisions in order. */
    private static List<Decision> burst(Context context, Supplier<Future<Decision>> acquire, int n) {
      Promise<List<Decision>> all = Promise.promise();
      context.runOnContext(v -> {
        List<Future<Decision>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          futures.add(acquire.get());
        }
        Future.all(futures).map(f -> futures.stream().map(Future::result).toList()).onComplete(all);
      });
      return all.future().await();
    }

    /** Script calls on every node since the last RESETSTAT. */
    private static long evalCalls(Vertx vertx) {
      String info = String.join("\n", redis.onEveryNode(vertx, Request.cmd(Command.INFO).arg("commandstats")));
      long calls = 0;
      for (String line : info.split("\r?\n")) {
        if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
          calls += Long.parseLong(line.replaceAll("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
        }
      }
      return calls;
    }
  }
}
