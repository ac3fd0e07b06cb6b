package dev.mariposa.kernel;

import dev.mariposa.events.MarketEvent;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replayed time: the recorded time of the newest market event this process has seen, and nothing
 * in between (never extrapolated with the wall clock, so a signal's TTL or a cooldown lasts the
 * same replayed time at any replay speed, as in a backtest). Zero until the first event.
 *
 * <p>{@link #follow} feeds it from every {@code market.*} publish that goes through this process's
 * event bus: the feed's own, and those the Redis bridge republishes from the instance that feeds,
 * so every instance keeps the same time whether or not it consumes market events. A replay stamps
 * its events' {@code receivedAt} with the recorded time (a loop's later passes right after the earlier ones, so
 * this time never needs to go back); that is the time read.
 *
 * <p>Each symbol keeps its own time too ({@link #millis(String)}): files of different days replay
 * side by side, each at its recorded time, and decisions about a symbol are taken at its time.
 * {@link #millis()}, the newest of all, stamps what belongs to no symbol (performance snapshots).
 */
public final class ReplayClock implements MarketClock {
  private static final String MARKET = "market.";

  private final AtomicLong newest = new AtomicLong();
  private final Map<String, AtomicLong> bySymbol = new ConcurrentHashMap<>();

  /** Monotonic: an earlier time is ignored. */
  public void advance(long eventTime) {
    newest.accumulateAndGet(eventTime, Math::max);
  }

  /** The symbol's time, and the newest of all; monotonic per symbol. */
  public void advance(String symbol, long eventTime) {
    bySymbol.computeIfAbsent(symbol, s -> new AtomicLong()).accumulateAndGet(eventTime, Math::max);
    advance(eventTime);
  }

  /** Advances this clock from the market events published on {@code bus}, from here or from the bridge. */
  public ReplayClock follow(EventBus bus) {
    bus.addOutboundInterceptor(this::onPublish);
    return this;
  }

  private void onPublish(DeliveryContext<Object> delivery) {
    String address = delivery.message().address();
    if (address.startsWith(MARKET)) {
      if (delivery.body() instanceof MarketEvent event) {
        advance(symbolOf(address), event.receivedAt());
      } else if (delivery.body() instanceof JsonObject event && event.getValue("receivedAt") instanceof Number receivedAt) {
        advance(symbolOf(address), receivedAt.longValue());
      }
    }
    delivery.next();
  }

  /** market.&lt;kind&gt;.&lt;SYMBOL&gt;[.&lt;interval&gt;] */
  private static String symbolOf(String address) {
    int start = address.indexOf('.', MARKET.length()) + 1;
    int end = address.indexOf('.', start);
    return end < 0 ? address.substring(start) : address.substring(start, end);
  }

  @Override
  public long millis() {
    return newest.get();
  }

  /** The symbol's replayed time; the newest of all for a symbol not replayed (yet). */
  @Override
  public long millis(String symbol) {
    AtomicLong time = bySymbol.get(symbol);
    return time == null ? millis() : time.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
