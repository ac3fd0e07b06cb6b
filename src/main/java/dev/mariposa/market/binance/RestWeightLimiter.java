package dev.mariposa.market.binance;

import dev.mariposa.market.UpstreamException;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * Binance's REST request weight, counted in Redis for the whole cluster, because Binance counts per
 * IP and several instances (or bots) share one: a request runs only if this minute's budget has
 * room, Binance's own X-MBX-USED-WEIGHT-1M raises our count, and a 429 or 418 with Retry-After
 * pauses every REST call in the cluster until it passes (going on after a 429 earns a 418 ban).
 */
public final class RestWeightLimiter {
  /**
   * A request Binance refused (429, 418), or one refused locally before it reached Binance (the
   * budget is spent, a ban runs); retry after {@code retryAfter}.
   */
  public static final class Refused extends UpstreamException {
    private final Duration retryAfter;

    Refused(String message, Duration retryAfter) {
      super(BinanceRest.VENUE, Kind.REFUSED, message, retryAfter, null);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private static final long WINDOW_MS = 60_000;

  private final RedisConnections redis;
  private final LuaScripts scripts;
  private final RedisKeys keys;
  private final int limitPerMinute;
  private final Counter refused;

  public RestWeightLimiter(RedisConnections redis, LuaScripts scripts, RedisKeys keys, int limitPerMinute,
                           MeterRegistry registry) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.limitPerMinute = limitPerMinute;
    this.refused = Counter.builder("mariposa.binance.rest.refused")
        .description("Binance REST requests held back by the shared weight limiter or a ban").register(registry);
  }

  /** Reserves {@code weight}; fails with {@link Refused} when the budget is spent or a ban runs. */
  public Future<Void> acquire(int weight) {
    long minute = System.currentTimeMillis() / WINDOW_MS;
    return scripts.get("binance-weight").run(redis, List.of(windowKey(minute), banKey()),
            List.of(Integer.toString(weight), Integer.toString(limitPerMinute), Long.toString(WINDOW_MS * 2)))
        .compose(result -> {
          long verdict = result.get(0).toLong();
          long value = result.get(1).toLong();
          if (verdict == 1) {
            return Future.succeededFuture();
          }
          refused.increment();
          Duration wait = verdict < 0 ? Duration.ofMillis(value)
              : Duration.ofMillis(WINDOW_MS - System.currentTimeMillis() % WINDOW_MS);
          return Future.failedFuture(new Refused(verdict < 0
              ? "Binance REST paused cluster-wide after a 429/418, for " + wait.toMillis() + " ms more"
              : "Binance REST weight budget of this minute spent (" + value + "/" + limitPerMinute + ")", wait));
        });
  }

  /** Binance's count of this minute's weight, from X-MBX-USED-WEIGHT-1M. */
  public Future<Void> observe(long usedWeight) {
    long minute = System.currentTimeMillis() / WINDOW_MS;
    return scripts.get("binance-weight-observe").run(redis, List.of(windowKey(minute)),
        List.of(Long.toString(usedWeight), Long.toString(WINDOW_MS * 2))).mapEmpty();
  }

  /** A 429 or 418: every instance stops calling Binance REST for {@code retryAfter}. */
  public Future<Void> ban(int status, Duration retryAfter) {
    return redis.send(Request.cmd(Command.SET).arg(banKey()).arg(Integer.toString(status))
        .arg("PX").arg(Math.max(1, retryAfter.toMillis()))).mapEmpty();
  }

  /** Milliseconds left of a ban, 0 when none. */
  public Future<Long> banRemaining() {
    return redis.send(Request.cmd(Command.PTTL).arg(banKey())).map(Response::toLong).map(ms -> Math.max(0, ms));
  }

  private String windowKey(long minute) {
    return keys.key("ratelimit:", RedisKeys.tag("binance"), "weight", Long.toString(minute));
  }

  private String banKey() {
    return keys.key("ratelimit:", RedisKeys.tag("binance"), "ban");
  }
}
