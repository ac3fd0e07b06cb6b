package dev.mariposa.redis;

/** What the connection layer knows about Redis, published on {@code system.status}. */
public enum RedisState {
  /** Not yet connected since startup. */
  CONNECTING,
  /** Commands answer and the subscriber connection is subscribed. */
  UP,
  /** A connection failed: commands fail fast and the layer reconnects with backoff. */
  DOWN,
  /** Closed at shutdown. */
  CLOSED
}
