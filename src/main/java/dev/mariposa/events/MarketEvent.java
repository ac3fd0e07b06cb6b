package dev.mariposa.events;

import io.vertx.core.json.JsonObject;

/**
 * An immutable event about one symbol (market data, an analysis result, a settled trade) that
 * travels on the local event bus as itself (see {@link EventCodec})
 * and has exactly one JSON form, the published body of its address family: the edges (the Redis
 * bridge, the SockJS and TCP bridges, the cache, HTTP) write it with {@link #encode}.
 */
public interface MarketEvent {
  /** The symbol it is about, upper case (BTCUSDT). */
  String symbol();

  /** When Mariposa received or made it, ms since the epoch (in a replay, the recorded time). */
  long receivedAt();

  /** Its JSON form as text, written without building a {@link JsonObject}. */
  String encode();

  /** Its JSON form as an object, for a consumer that truly needs one. */
  default JsonObject toJson() {
    return new JsonObject(encode());
  }

  /** The JSON form of an event-bus body: a market event encoded, anything else as it is. */
  static Object json(Object body) {
    return body instanceof MarketEvent event ? event.toJson() : body;
  }
}
