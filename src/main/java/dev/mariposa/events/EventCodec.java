package dev.mariposa.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Carries an immutable {@link MarketEvent} on the event bus as itself: a local delivery hands
 * every consumer the same instance ({@link #transform} does not copy, which the JsonObject codec
 * must). On a wire (a clustered bus) it travels as its JSON form.
 */
public final class EventCodec<T extends MarketEvent> implements MessageCodec<T, T> {
  private static final Set<EventBus> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private final String name;
  private final Function<JsonObject, T> fromJson;

  private EventCodec(String name, Function<JsonObject, T> fromJson) {
    this.name = name;
    this.fromJson = fromJson;
  }

  /**
   * Makes the market event records the default bodies of {@code bus}'s messages of their type;
   * idempotent (each verticle that publishes or reads them may call it).
   */
  public static void register(EventBus bus) {
    synchronized (REGISTERED) {
      if (REGISTERED.add(bus)) {
        bus.registerDefaultCodec(Ticker.class, ticker());
        bus.registerDefaultCodec(TradePrint.class, new EventCodec<>("mariposa.trade", TradePrint::fromJson));
        bus.registerDefaultCodec(BookSnapshot.class, new EventCodec<>("mariposa.book", BookSnapshot::fromJson));
        bus.registerDefaultCodec(AnalysisResult.class, new EventCodec<>("mariposa.analysis", AnalysisResult::fromJson));
        bus.registerDefaultCodec(TradeEvent.class, new EventCodec<>("mariposa.trade-event", TradeEvent::fromJson));
      }
    }
  }

  static EventCodec<Ticker> ticker() {
    return new EventCodec<>("mariposa.ticker", Ticker::fromJson);
  }

  @Override
  public void encodeToWire(Buffer buffer, T event) {
    byte[] json = event.encode().getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(json.length).appendBytes(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T event) {
    return event;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
