package dev.mariposa.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the SockJS and TCP bridges share about the commands a client sends: the token is taken out
 * of the frame (it must never travel the event bus), and each connection has a budget of commands
 * per second (a token bucket, so short bursts pass).
 */
public final class BridgeCommands {
  private BridgeCommands() {}

  /** Removes the {@code authorization} header, whatever its case, from the frame; returns its value. */
  public static String takeAuthorization(JsonObject frame) {
    if (!(frame.getValue("headers") instanceof JsonObject headers)) {
      return null;
    }
    Object presented = null;
    for (String name : List.copyOf(headers.fieldNames())) {
      if (name.equalsIgnoreCase("authorization")) {
        presented = headers.remove(name);
      }
    }
    return presented instanceof String s ? s : null;
  }

  /** One connection's commands per second. Not thread-safe: used on its connection's event loop. */
  public static final class Budget {
    private final double perSecond;
    private double tokens;
    private long refilledAt = System.nanoTime();

    public Budget(double perSecond) {
      this.perSecond = perSecond;
      this.tokens = perSecond;
    }

    /** Takes one command from the budget; false when it is spent. */
    public boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
