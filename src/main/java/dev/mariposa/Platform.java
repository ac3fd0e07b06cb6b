package dev.mariposa;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.ops.EventLoopLag;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.KeySweeper;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.store.MongoStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import dev.mariposa.kernel.MarketClock;

/**
 * The process-wide services every verticle is built with: typed config, the Redis connection
 * layer and its helpers, the MongoDB store, and the meter registry. All of them are safe to use
 * from any verticle instance; verticles keep their own mutable state to themselves. {@code clock}
 * is decision time (stamps, TTLs, cooldowns, daily windows): the system clock, or the replayed time
 * when the market is replayed ({@link dev.mariposa.kernel.ReplayClock}).
 */
public record Platform(
    MariposaConfig config,
    String version,
    Instant startedAt,
    int httpPort,
    PrometheusMeterRegistry registry,
    RedisConnections redis,
    RedisKeys keys,
    LuaScripts scripts,
    JsonCache cache,
    KeySweeper sweeper,
    MongoStore mongo,
    EventLoopLag eventLoopLag,
    MarketDataService market,
    MarketClock clock) {

  public String instanceId() {
    return config.instanceId();
  }
}
