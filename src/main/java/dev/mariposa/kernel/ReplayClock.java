package dev.mariposa.kernel;

import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replayed time: the recorded time of the newest market event this process has seen, and nothing
 * in between (never extrapolated with the wall clock, so a signal's TTL or a cooldown lasts the
 * same replayed time at any replay speed, as in a backtest). Zero until the first event.
 *
 * <p>{@link #follow} feeds it from every {@code market.*} publish that goes through this process's
 * event bus: the feed's own, and those the Redis bridge republishes from the instance that feeds,
 * so every instance keeps the same time whether or not it consumes market events. A replay stamps
 * its events' {@code receivedAt} with the recorded time (a loop's later passes whole days later, so
 * this time never needs to go back); that is the time read.
 */
public final class ReplayClock implements InstantSource {
  private static final String MARKET = "market.";

  private final AtomicLong newest = new AtomicLong();

  /** Monotonic: an earlier time is ignored. */
  public void advance(long eventTime) {
    newest.accumulateAndGet(eventTime, Math::max);
  }

  /** Advances this clock from the market events published on {@code bus}, from here or from the bridge. */
  public ReplayClock follow(EventBus bus) {
    bus.addOutboundInterceptor(this::onPublish);
    return this;
  }

  private void onPublish(DeliveryContext<Object> delivery) {
    if (delivery.message().address().startsWith(MARKET) && delivery.body() instanceof JsonObject event
        && event.getValue("receivedAt") instanceof Number receivedAt) {
      advance(receivedAt.longValue());
    }
    delivery.next();
  }

  @Override
  public long millis() {
    return newest.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
