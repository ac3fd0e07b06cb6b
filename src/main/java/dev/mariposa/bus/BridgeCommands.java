package dev.mariposa.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the SockJS and TCP bridges share about the commands a client sends: the token is taken out
 * of the frame (it must never travel the event bus), each connection has a budget of commands per
 * second (a token bucket, so short bursts pass), and a refusal names its reason the same way on
 * both bridges.
 */
public final class BridgeCommands {
  private static final String HEADERS = "headers {\"authorization\": \"Bearer <token>\"}";

  private BridgeCommands() {}

  /**
   * Why a bridge refuses a frame: a code as the HTTP API's ({@code unauthorized},
   * {@code access_denied} …), the status a failed reply carries as its failure code, and a sentence
   * saying what to do. A refused request fails its reply with {@code failureCode} = status and
   * {@code message} = {@link #text()}, so a client's callback learns why.
   */
  public record Refusal(String code, int status, String message) {
    /** {@code code: message}, as command failures are written on the bus. */
    public String text() {
      return code + ": " + message;
    }
  }

  /**
   * The token check of {@code what} (a command address, or "answering a model"; never the
   * client's own text, which is not echoed): empty when {@code authorization} presents one of
   * API_TOKENS; otherwise mutations_disabled (no API_TOKENS at all) or unauthorized (no token, or
   * not a valid one).
   */
  public static Optional<Refusal> checkToken(String what, String authorization, boolean tokensConfigured,
                                             Predicate<String> valid) {
    if (!tokensConfigured) {
      return Optional.of(new Refusal("mutations_disabled", 403,
          what + " is off on this instance: set API_TOKENS and send " + HEADERS));
    }
    if (authorization == null) {
      return Optional.of(new Refusal("unauthorized", 401, what + " needs " + HEADERS + " (one of API_TOKENS)"));
    }
    return valid.test(authorization) ? Optional.empty()
        : Optional.of(new Refusal("unauthorized", 401, "the bearer token is not valid (not one of API_TOKENS)"));
  }

  /** The refusal of a command past the connection's budget. */
  public static Refusal throttled(int perSecond) {
    return new Refusal("throttled", 429, "at most " + perSecond + " commands per second on one connection");
  }

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
