package dev.mariposa.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbound interceptor that keeps consumers from accepting events of two feed leaders at once: an
 * event stamped with a lease epoch lower than the highest seen for its feed comes from a leader
 * that has been replaced, and is dropped. Checking is idempotent, so running once per consumer
 * delivery (as Vert.x does) is correct.
 */
public final class FeedFence implements Handler<DeliveryContext<Object>> {
  private final Map<String, Long> highestEpoch = new ConcurrentHashMap<>();
  private final Counter stale;

  public FeedFence(MeterRegistry registry) {
    this.stale = Counter.builder("mariposa.feed.stale.dropped")
        .description("Feed events dropped because a newer leader took over").register(registry);
  }

  @Override
  public void handle(DeliveryContext<Object> ctx) {
    MultiMap headers = ctx.message().headers();
    String feed = headers.get(BusHeaders.FEED);
    if (feed == null || accept(feed, headers.get(BusHeaders.FEED_EPOCH))) {
      ctx.next();
    } else {
      stale.increment();
    }
  }

  /** True when {@code epoch} is the newest seen for {@code feed} (or not a number: not fenced). */
  boolean accept(String feed, String epoch) {
    long value;
    try {
      value = Long.parseLong(epoch);
    } catch (NumberFormatException e) {
      return true;
    }
    long highest = highestEpoch.merge(feed, value, Math::max);
    return value >= highest;
  }
}
