package dev.mariposa.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One browser connection through the SockJS bridge, as the instance that holds its socket knows
 * it: the addresses it listens to (with how many handlers each, since a page may register one
 * address twice) and when its last-seen time was last written. Touched only from the event loop
 * of the socket's HTTP verticle.
 */
public final class BrowserSession {
  private final String id = UUID.randomUUID().toString();
  private final long created = System.currentTimeMillis();
  private final String remote;
  private final Map<String, Integer> handlers = new HashMap<>();
  private long seenWritten = created;
  private boolean closed;

  BrowserSession(String remote) {
    this.remote = remote;
  }

  public String id() {
    return id;
  }

  public long created() {
    return created;
  }

  String remote() {
    return remote;
  }

  Set<String> addresses() {
    return Set.copyOf(handlers.keySet());
  }

  /** One more handler on {@code address}: true when it is the first. */
  boolean add(String address) {
    return handlers.merge(address, 1, Integer::sum) == 1;
  }

  /** One handler less on {@code address}: true when it was the last. */
  boolean remove(String address) {
    Integer n = handlers.get(address);
    if (n == null) {
      return false;
    }
    if (n > 1) {
      handlers.put(address, n - 1);
      return false;
    }
    handlers.remove(address);
    return true;
  }

  /** Whether the last-seen time is due to be written again ({@code every} ms apart at most). */
  boolean seenDue(long now, long every) {
    if (now - seenWritten < every) {
      return false;
    }
    seenWritten = now;
    return true;
  }

  boolean close() {
    boolean first = !closed;
    closed = true;
    return first;
  }
}
