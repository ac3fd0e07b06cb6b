package dev.mariposa.market.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two "instances" (two limiters on one Redis) share Binance's per-IP weight budget and its bans. */
@ExtendWith(VertxExtension.class)
class RestWeightLimiterTest {
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  private static RestWeightLimiter limiter(String prefix, int limit) {
    return new RestWeightLimiter(redis.connections(), new LuaScripts(), new RedisKeys(prefix), limit, new SimpleMeterRegistry());
  }

  private static Throwable failure(Future<?> future) {
    return future.map(v -> (Throwable) null).recover(Future::succeededFuture).await();
  }

  @Test
  void theBudgetIsSharedAndBinancesOwnCountRaisesIt() {
    RestWeightLimiter a = limiter("w1:", 100);
    RestWeightLimiter b = limiter("w1:", 100);
    a.acquire(50).await();
    b.acquire(40).await();
    Throwable refused = failure(a.acquire(20));
    assertThat(refused).isInstanceOf(RestWeightLimiter.Refused.class).hasMessageContaining("90/100");
    b.acquire(10).await();
    assertThat(failure(b.acquire(1))).isInstanceOf(RestWeightLimiter.Refused.class);

    RestWeightLimiter c = limiter("w2:", 100);
    c.observe(95).await(); // other clients on the IP spent 95
    assertThat(failure(c.acquire(10))).isInstanceOf(RestWeightLimiter.Refused.class);
    c.acquire(5).await();
  }

  @Test
  void aBanPausesEveryInstanceForItsRetryAfter() throws InterruptedException {
    RestWeightLimiter a = limiter("w3:", 6000);
    RestWeightLimiter b = limiter("w3:", 6000);
    a.ban(418, Duration.ofMillis(400)).await();
    Throwable refused = failure(b.acquire(1));
    assertThat(refused).isInstanceOf(RestWeightLimiter.Refused.class).hasMessageContaining("paused cluster-wide");
    assertThat(((RestWeightLimiter.Refused) refused).retryAfter()).isBetween(Duration.ofMillis(1), Duration.ofMillis(400));
    Thread.sleep(450);
    b.acquire(1).await();
    assertThat(b.banRemaining().await()).isZero();
  }
}
