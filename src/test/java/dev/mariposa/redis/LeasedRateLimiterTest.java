package dev.mariposa.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.redis.RateLimiter.Decision;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Leases from a shared GCRA limit, against a real redis-server; each limiter on its own event loop. */
@ExtendWith(VertxExtension.class)
class LeasedRateLimiterTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static TestRedis fixture;
  private static RedisConnections redis;
  private static RateLimiter shared;

  @BeforeAll
  static void startRedis(Vertx vertx) {
    fixture = TestRedis.start(vertx);
    redis = fixture.connections();
    shared = new RateLimiter(redis, new LuaScripts());
  }

  @AfterAll
  static void stopRedis() {
    fixture.close();
  }

  @BeforeEach
  void flush() {
    redis.send(Request.cmd(Command.FLUSHALL)).await();
    // Loads the script, so no call below is an EVAL fallback; then counts from zero.
    shared.acquire(List.of(Limit.of("test:warmup", 1, MINUTE)), 0).await();
    redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await();
  }

  @Test
  void twoInstancesLeasingNeverAcceptMoreThanTheLimitAndCallRedisPerLease(Vertx vertx) {
    // 100 an hour: no token comes back while the test runs.
    Limit limit = new Limit("test:ratelimit:lease", 100, Duration.ofHours(1), 100);
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext(); // from a test thread: a new event-loop context;
    LeasedRateLimiter a = new LeasedRateLimiter(shared, Duration.ofSeconds(30));
    LeasedRateLimiter b = new LeasedRateLimiter(shared, Duration.ofSeconds(30));
    List<Decision> decisions = new ArrayList<>();
    decisions.addAll(burst(first, () -> a.acquire(limit, 10), 150));
    decisions.addAll(burst(second, () -> b.acquire(limit, 10), 150));
    long accepted = decisions.stream().filter(Decision::allowed).count();
    assertThat(accepted).as("never over the limit; near it single tokens are asked for").isEqualTo(100);
    assertThat(decisions.stream().filter(d -> !d.allowed())).allMatch(d -> d.retryAfter().compareTo(Duration.ZERO) > 0);
    long calls = evalCalls();
    assertThat(calls).as("script calls for 300 decisions, leases of 10").isLessThan(60);
  }

  @Test
  void leaseSizeOneIsExactlyTheSharedLimiter(Vertx vertx) {
    Limit limit = new Limit("test:ratelimit:exact", 5, MINUTE, 5);
    LeasedRateLimiter leased = new LeasedRateLimiter(shared, Duration.ofSeconds(30));
    List<Decision> decisions = burst(vertx.getOrCreateContext(), () -> leased.acquire(limit, 1), 8);
    assertThat(decisions.stream().map(Decision::allowed))
        .containsExactly(true, true, true, true, true, false, false, false);
    assertThat(decisions.get(0).remaining()).isEqualTo(4);
  }

  @Test
  void unspentTokensLapseAndAreNotSpentLater(Vertx vertx) throws Exception {
    Limit limit = new Limit("test:ratelimit:lapse", 60, MINUTE, 60);
    LeasedRateLimiter leased = new LeasedRateLimiter(shared, Duration.ofMillis(100));
    Context context = vertx.getOrCreateContext();
    assertThat(burst(context, () -> leased.acquire(limit, 20), 1).get(0).allowed()).isTrue();
    Thread.sleep(150);
    burst(context, () -> leased.acquire(limit, 20), 1);
    assertThat(evalCalls()).as("the lapsed lease was not spent: a second lease was taken").isEqualTo(2);
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

  private static long evalCalls() {
    String info = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
    long calls = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        calls += Long.parseLong(line.replaceAll("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
      }
    }
    return calls;
  }
}
