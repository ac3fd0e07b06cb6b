package dev.mariposa.testing;

import dev.mariposa.bus.BusEnvelope;
import dev.mariposa.bus.BusHeaders;
import dev.mariposa.redis.RedisConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The tickers of one symbol as they cross Redis (the bus channel every instance listens to), seen
 * from the test: which instance published each under which feed epoch, and when it arrived here.
 * Watching Redis rather than a process keeps the observer alive whichever process is killed.
 */
public final class TickWatch implements AutoCloseable {
  /** One ticker: who published it, under which epoch, when it arrived here (epoch ms). */
  public record Tick(String origin, long epoch, long arrivedAt) {}

  private final RedisConnections redis;
  private final List<Tick> ticks = Collections.synchronizedList(new ArrayList<>());

  private TickWatch(RedisConnections redis) {
    this.redis = redis;
  }

  /** Watches {@code symbol}'s tickers on the Redis at {@code redisUrl} (the default key prefix). */
  public static TickWatch start(Vertx vertx, String redisUrl, String symbol) {
    RedisConnections redis = RedisConnections.create(vertx, TestConfigs.redis(redisUrl), List.of(redisUrl),
        new SimpleMeterRegistry());
    redis.start().await();
    TickWatch watch = new TickWatch(redis);
    redis.subscriber().psubscribe("mariposa:bus:market.ticker." + symbol, m -> {
      BusEnvelope.Incoming in = BusEnvelope.decode(m.payload());
      watch.ticks.add(new Tick(in.instanceId(), Long.parseLong(in.options().getHeaders().get(BusHeaders.FEED_EPOCH)),
          System.currentTimeMillis()));
    }).await();
    return watch;
  }

  public int size() {
    return ticks.size();
  }

  public Tick last() {
    synchronized (ticks) {
      return ticks.get(ticks.size() - 1);
    }
  }

  public List<Tick> snapshot() {
    synchronized (ticks) {
      return List.copyOf(ticks);
    }
  }

  /** The first tick {@code origin} published that arrived at or after {@code since}. */
  public Optional<Tick> firstFrom(String origin, long since) {
    return snapshot().stream().filter(t -> t.origin().equals(origin) && t.arrivedAt() >= since).findFirst();
  }

  @Override
  public void close() {
    redis.close().await();
  }
}
